import { describe, expect, it } from "vitest";
import { Simulation } from "../../kernel/run.ts";
import type { Frame } from "../../kernel/trace.ts";
import { LESSONS } from "../../scenario/library.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { nextPhase } from "./phases.ts";

/**
 * mbind's phases in the kernel's order (do_mbind): a step may leave some out, never reorder. A
 * huge page's "split" comes wherever the walk or the unmap loop meets one.
 */
const MBIND_ORDER = [
  "enter mbind",
  "drain",
  "select",
  "set the policy",
  "unmap",
  "migrate",
  "put back",
];

/** Each frame's phase, as the timeline derives it (a step's first frame starts afresh). */
function phasesOf(frames: readonly Frame[]): string[] {
  let step = -1;
  let phase: string | null = null;
  return frames.map((f) => {
    if (f.step !== step) {
      step = f.step;
      phase = null;
    }
    phase = nextPhase(f.fn, phase);
    return phase;
  });
}

describe("phases of every lesson's mbind calls", () => {
  // million-frames makes large-machine's calls again, for a million frames.
  for (const lesson of LESSONS.filter((l) => l.id !== "million-frames")) {
    it(`${lesson.id}: in do_mbind's order, every page unmapped or migrated in its phase`, () => {
      const parsed = parseScenario(lesson.json());
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      // Frames only (the invariants after every frame are other tests' work).
      const frames: Frame[] = [];
      new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
      const phases = phasesOf(frames);
      const mbindSteps = new Set(
        frames.filter((f) => f.fn === "sys_mbind" || f.fn === "kernel_mbind").map((f) => f.step),
      );
      for (const step of mbindSteps) {
        const at = frames.flatMap((f, i) => (f.step === step ? [i] : []));
        const order = at
          .filter((i) => phases[i] !== "split")
          .map((i) => MBIND_ORDER.indexOf(phases[i] as string));
        expect(order.every((o) => o >= 0)).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => a - b));
        for (const i of at) {
          const fn = frames[i]?.fn ?? "";
          if (fn === "add_to_swap" || fn === "try_to_unmap_one")
            expect(["unmap", "migrate"], `frame ${i + 1} ${fn}`).toContain(phases[i]);
        }
      }
    });
  }
});

describe("phases of a 6.1 NUMA hinting fault", () => {
  it("start at the fault, decide, then migrate or map where the page stays", () => {
    const lesson = LESSONS.find((l) => l.id === "mainline-numa-balancing");
    const parsed = parseScenario(lesson?.json());
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const frames: Frame[] = [];
    new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
    const phases = phasesOf(frames);
    const entries = frames.flatMap((f, i) => (f.fn === "numa_migrate_prep" ? [i] : []));
    expect(entries.length).toBeGreaterThan(0);
    for (const i of entries) expect(phases[i]).toBe("hinting fault");
    const restores = frames.flatMap((f, i) => (f.fn === "do_numa_page" ? [i] : []));
    expect(restores.length).toBeGreaterThan(0);
    for (const i of restores) {
      expect(phases[i]).toBe("map");
      expect(phases[i - 1]).toBe("decide");
    }
  });
});

describe("phases of a fault on a swap entry", () => {
  it("look up, then map: a read maps the page where it is, a write may decide and migrate first", () => {
    const lesson = LESSONS.find((l) => l.id === "read-vs-write-fault");
    const parsed = parseScenario(lesson?.json());
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const frames: Frame[] = [];
    new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
    const phases = phasesOf(frames);
    const maps = frames.flatMap((f, i) =>
      f.fn === "do_swap_page" && /now maps pfn/.test(f.text) ? [i] : [],
    );
    expect(maps.length).toBeGreaterThan(0);
    for (const i of maps) expect(phases[i], frames[i]?.text).toBe("map");
    const lookups = frames.flatMap((f, i) =>
      f.fn === "do_swap_page" && /lookup_swap_cache finds/.test(f.text) ? [i] : [],
    );
    for (const i of lookups) expect(phases[i]).toBe("look up");
  });
});
