import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SEED = "src/scenario/builtin/seed-workers-pull-local.json";
const sim = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
  });

describe("the sim CLI", () => {
  it("names a field the format does not read on stderr, and still runs the scenario (exit 0)", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-typo-"));
    const file = join(dir, "typo.json");
    const seed = JSON.parse(readFileSync(SEED, "utf8")) as { steps: object[] };
    const steps = seed.steps.map((s, i) => (i === 1 ? { ...s, acess: "read" } : s));
    writeFileSync(file, JSON.stringify({ ...seed, steps }));
    const out = sim(file, "--json");
    expect(out.status).toBe(0);
    expect(out.stderr).toContain("steps[1].acess: not a field of the scenario format; ignored");
    expect(() => JSON.parse(out.stdout)).not.toThrow();
  });

  it("--help and -h print the usage and every option, exit 0", () => {
    for (const flag of ["--help", "-h"]) {
      const out = sim(flag);
      expect(out.status).toBe(0);
      for (const o of ["usage:", "--json", "--kernel NAME", "--handout", "Exit status"])
        expect(out.stdout).toContain(o);
    }
  });

  it("--json prints one object with the contract's fields", () => {
    const out = sim(SEED, "--json");
    expect(out.status).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(Object.keys(r)).toEqual(["frames", "steps", "pages", "vmstat", "nodes", "swap"]);
    expect(r.steps.map((s: { ret: unknown }) => s.ret)).toEqual([0, 0, 0, 0, 0]);
    expect(r.pages).toHaveLength(24);
    expect(r.pages[0]).toEqual({
      pid: 100,
      addr: "0x7f0000000000",
      pte: "swap",
      node: 0,
      pfn: 0,
      swapcache: true,
    });
    expect(
      r.pages
        .slice(8, 16)
        .every((p: { node: number; pte: string }) => p.pte === "present" && p.node === 1),
    ).toBe(true);
    expect(r.vmstat.pgmigrate_success).toBe(16);
    expect(r.swap).toEqual({ slots: 64, used: 8 });
    expect(r.nodes[0]).toHaveProperty("interleave_hit");
  });

  it("through `npm run sim -- FILE --json`, stdout is nothing but the JSON (no npm banner)", () => {
    // As from a plain shell: not inheriting the log level of an npm that may be running this test.
    const { npm_config_loglevel: _, ...env } = process.env;
    const out = spawnSync("npm", ["run", "sim", "--", SEED, "--json"], { encoding: "utf8", env });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).frames).toBeGreaterThan(100);
  });

  it("prints a readable trace by default", () => {
    const out = sim(SEED);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("migrate_pages_unmap_only");
    expect(out.stdout).toContain("step 2: mbind -> 0");
  });

  it("reports a syscall error as a result, exit 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const file = join(dir, "bad-call.json");
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        machine: { nodes: [{ cpus: [0], frames: 8 }] },
        processes: [{ pid: 1, threads: [{ tid: 1, cpu: 0 }] }],
        steps: [{ op: "mbind", tid: 1, addr: "0x1001", pages: 1, mode: "MPOL_BIND", nodes: [0] }],
      }),
    );
    const out = sim(file, "--json");
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).steps).toEqual([{ op: "mbind", ret: "-EINVAL" }]);
  });

  it("exits 2 with the error on stderr for an invalid scenario or a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const file = join(dir, "invalid.json");
    writeFileSync(
      file,
      JSON.stringify({ version: 1, machine: { nodes: [] }, processes: [], steps: [] }),
    );
    const bad = sim(file, "--json");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("machine.nodes: a machine needs at least one node");
    expect(bad.stdout).toBe("");
    expect(sim(join(dir, "missing.json")).status).toBe(2);
  });

  it("runs several files with --json: one line each, in order, an error line for a bad file", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ version: 1, kernel: "linux-2.4", steps: [] }));
    const out = sim(SEED, bad, join(dir, "missing.json"), SEED, "--json");
    expect(out.status).toBe(2);
    const lines = out.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual(JSON.parse(sim(SEED, "--json").stdout));
    expect(lines[1].file).toBe(bad);
    expect(lines[1].error).toContain('kernel must be "rfc-2012" or "mainline"');
    expect(lines[2].error).toContain("ENOENT");
    expect(lines[3]).toEqual(lines[0]);
    const good = sim(SEED, SEED, "--json");
    expect(good.status).toBe(0);
  });

  it("--kernel overrides the scenario's kernel, and a wrong name is a clear error", () => {
    const rets = (...args: string[]) =>
      JSON.parse(sim(SEED, "--json", ...args).stdout).steps.map((s: { ret: unknown }) => s.ret);
    expect(rets()).toEqual([0, 0, 0, 0, 0]);
    // The seed's lazy mbind (step 2) is -EINVAL on 6.1.
    expect(rets("--kernel", "mainline")).toEqual([0, 0, "-EINVAL", 0, 0]);
    expect(rets("--kernel=mainline")).toEqual([0, 0, "-EINVAL", 0, 0]);
    const wrong = sim(SEED, "--json", "--kernel", "4.19");
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('kernel: kernel must be "rfc-2012" or "mainline", not "4.19"');
  });
});

describe("the sim CLI in a pipeline", () => {
  it("exits quietly when the reader closes the pipe early (`| head`)", () => {
    const dir = mkdtempSync(join(tmpdir(), "sim-"));
    const file = join(dir, "long.json");
    // About 2,000 frames: far more than a pipe buffer holds.
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        machine: { nodes: [{ cpus: [0], frames: 4096 }], swapSlots: 0 },
        processes: [{ pid: 1, threads: [{ tid: 1, cpu: 0 }] }],
        steps: [
          { op: "mmap", tid: 1, addr: "0x7f0000000000", pages: 2000 },
          { op: "touch", tid: 1, addr: "0x7f0000000000", pages: 2000 },
        ],
      }),
    );
    const out = spawnSync(
      "bash",
      [
        "-o",
        "pipefail",
        "-c",
        `"${process.execPath}" --import tsx src/cli/main.ts "${file}" | head -n 2`,
      ],
      { encoding: "utf8" },
    );
    expect(out.stdout.split("\n").length).toBeLessThanOrEqual(3);
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
  });
});
