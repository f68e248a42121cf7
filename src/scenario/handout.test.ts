import { describe, expect, it } from "vitest";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import { BUILTINS } from "./builtins.ts";
import { callText, type HandoutStep, handoutMarkdown } from "./handout.ts";
import { parseScenario } from "./parse.ts";

function runOf(json: unknown): HandoutStep[] {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const frames: Frame[] = [];
  const sim = new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
  const raw = (json as { steps: Record<string, unknown>[] }).steps;
  let next = 1;
  return sim.results.map((r, i) => {
    const own = frames.filter((f) => f.step === i);
    const step = { step: raw[i] ?? {}, ret: r.ret, firstFrame: next, frames: own };
    next += own.length;
    return step;
  });
}

describe("the Markdown handout", () => {
  it("lists every call, numbered from 0 like the app's steps, with its return value, its note, and its frames numbered as in the app", () => {
    const steps = runOf(BUILTINS[0]?.json);
    steps[2] = { ...(steps[2] as HandoutStep), note: "Watch the PTEs turn into swap entries." };
    const md = handoutMarkdown({ title: "Seed", kernel: "rfc-2012", steps });
    expect(md.startsWith("# Seed\n")).toBe(true);
    const headings = md.split("\n").filter((l) => l.startsWith("## "));
    expect(headings).toHaveLength(steps.length);
    expect(headings[2]).toMatch(
      /^## Step 2\. `tid 100: mbind\(.*MPOL_MF_MOVE\|MPOL_MF_LAZY\)` returns `0`/,
    );
    expect(md).toContain("> Watch the PTEs turn into swap entries.");
    const total = steps.reduce((a, s) => a + s.frames.length, 0);
    expect(md).toMatch(new RegExp(`^${total}\\. \\*\\*\\w+\\*\\* \\(`, "m"));
    expect(md).toMatch(/^1\. \*\*do_mmap_pgoff\*\* \(mm\/mmap\.c\): /m);
  });

  it("keeps a title with line breaks to its one heading line", () => {
    const md = handoutMarkdown({ title: "Two\n# lines\r\n", steps: [] });
    expect(md.split("\n")[0]).toBe("# Two # lines ");
    expect(md.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(1);
  });

  it("sums up the frames of a long call instead of listing them all", () => {
    const steps = runOf(BUILTINS[0]?.json);
    const md = handoutMarkdown({ title: "t", steps }, { framesPerStep: 3 });
    const long = steps.find((s) => s.frames.length > 3) as HandoutStep;
    expect(md).toContain(`…and ${long.frames.length - 3} more frames of this call.`);
  });

  it("writes calls the way a C programmer would", () => {
    expect(
      callText({
        op: "mbind",
        tid: 100,
        addr: "0x7f0000010000",
        pages: 16,
        mode: "MPOL_PREFERRED",
        nodes: [],
        flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
      }),
    ).toBe(
      "tid 100: mbind(0x7f0000010000, 16 pages, MPOL_PREFERRED, {}, MPOL_MF_MOVE|MPOL_MF_LAZY)",
    );
    // maxnode only when the call gives one, where C puts it: after the mask.
    expect(
      callText({ op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [0, 1], maxnode: 2 }),
    ).toBe("tid 100: set_mempolicy(MPOL_BIND, {0,1}, maxnode 2)");
    // Mode flags are part of the mode argument; a tick is no thread's call.
    expect(
      callText({
        op: "mbind",
        tid: 100,
        addr: 4096,
        pages: 2,
        mode: "MPOL_BIND",
        modeFlags: ["MPOL_F_NUMA_BALANCING"],
        nodes: [0, 1],
        flags: [],
      }),
    ).toBe("tid 100: mbind(0x1000, 2 pages, MPOL_BIND|MPOL_F_NUMA_BALANCING, {0,1}, 0)");
    expect(callText({ op: "tick", ms: 1000 })).toBe("tick: 1000 ms pass");
    expect(callText({ op: "touch", tid: 101, addr: 4096, pages: 2, access: "read" })).toBe(
      "tid 101: read 2 pages at 0x1000",
    );
    // One page is "1 page"; a length in bytes is given as such, not as "pages".
    expect(callText({ op: "touch", tid: 101, addr: 4096, pages: 1 })).toBe(
      "tid 101: write 1 page at 0x1000",
    );
    expect(callText({ op: "lock_page", tid: 100, addr: 4096, pages: 1 })).toBe(
      "tid 100: lock_page(0x1000, 1 page)",
    );
    expect(
      callText({ op: "mbind", tid: 100, addr: 4096, len: 6000, mode: "MPOL_BIND", nodes: [1] }),
    ).toBe("tid 100: mbind(0x1000, 6000 bytes, MPOL_BIND, {1}, 0)");
  });
});
