import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse.ts";
import { LAZY, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { Simulation } from "./run.ts";
import type { Frame } from "./trace.ts";

/** The access counters after each frame, and the frames in which they moved. */
function counted(json: unknown) {
  const r = runChecked(json);
  const a = r.sim.kernel.access;
  return { r, local: a.local, remote: a.remote, distance: a.distance };
}

describe("access counting per touch (model only)", () => {
  it("counts one access per page, local or remote by the thread's node, weighted by SLIT", () => {
    // Node 0 allocates; tid 101 on node 1 reads remotely (default SLIT: 20 between nodes).
    const { local, remote, distance } = counted(
      scenario([mmap(8), touch(100, 0, 8), touch(101, 0, 3, "read"), touch(100, 0, 2, "read")]),
    );
    expect(local).toBe(8 + 2);
    expect(remote).toBe(3);
    expect(distance).toBe(10 * 10 + 3 * 20);
  });

  it("a lazy mbind then a remote write counts the access after migration, as local", () => {
    const eager = counted(scenario([mmap(8), touch(100, 0, 8), touch(101, 0, 4)]));
    const lazy = counted(
      scenario([
        mmap(8),
        touch(100, 0, 8),
        mbind(0, 8, "MPOL_PREFERRED", [], LAZY),
        touch(101, 0, 4),
      ]),
    );
    expect(eager.remote).toBe(4);
    expect(lazy.remote).toBe(0);
    expect(lazy.local).toBe(12);
  });

  it("under 6.1, a PROT_NONE page counts after its hinting fault, on the node it ends on", () => {
    const tick = { op: "tick", ms: 1000 };
    const drain = { op: "lru_add_drain", tid: 100 };
    const steps = [mmap(8), touch(100, 0, 8), drain, tick, touch(101, 0, 4)];
    const r = counted(scenario(steps, { kernel: "mainline" }));
    // The hinting faults pull the 4 pages to node 1 first: tid 101's accesses are local.
    expect(r.r.sim.kernel.numa?.events.numa_pages_migrated).toBe(4);
    expect(r.local).toBe(8 + 4);
    expect(r.remote).toBe(0);
    // Without the scan the same touches stay remote.
    const noScan = counted(
      scenario([mmap(8), touch(100, 0, 8), drain, touch(101, 0, 4)], { kernel: "mainline" }),
    );
    expect(noScan.remote).toBe(4);
  });

  it("a failed access (no VMA) counts nothing; the vmstat numbers do not change", () => {
    const base = scenario([mmap(4), touch(100, 0, 4)]);
    const plus = scenario([mmap(4), touch(100, 0, 4), touch(100, 40, 1)]);
    const a = counted(base);
    const b = counted(plus);
    expect(b.local + b.remote).toBe(a.local + a.remote);
    expect(b.r.report.vmstat.numa_hit).toBe(a.r.report.vmstat.numa_hit);
  });

  it("lands in the frame whose mapping lets the access through, never later", () => {
    const parsed = parseScenario(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        mbind(0, 4, "MPOL_PREFERRED", [], LAZY),
        touch(101, 0, 4),
      ]),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const seen: { fn: string; step: number; counted: number }[] = [];
    const sim: { k: Simulation | null } = { k: null };
    const sink = (f: Frame) => {
      const a = sim.k?.kernel.access;
      seen.push({ fn: f.fn, step: f.step, counted: (a?.local ?? 0) + (a?.remote ?? 0) });
    };
    sim.k = new Simulation(parsed.scenario, sink);
    const after: number[] = [];
    for (const step of parsed.scenario.steps) {
      sim.k.runStep(step);
      after.push(sim.k.kernel.access.local + sim.k.kernel.access.remote);
    }
    // Every access of a step is in its own frames: the last frame of a step has them all.
    for (let s = 0; s < after.length; s++) {
      const last = seen.filter((f) => f.step === s).at(-1);
      expect(last?.counted).toBe(after[s]);
    }
    // The lazy touches count in the frames that map the migrated page, not at the fault's start.
    const rises = seen.filter(
      (f, i) => i > 0 && f.step === 3 && f.counted > (seen[i - 1]?.counted ?? 0),
    );
    expect(rises).toHaveLength(4);
    for (const f of rises) expect(f.fn).not.toBe("handle_mm_fault");
  });
});
