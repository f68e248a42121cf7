import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../scenario/builtins.ts";
import { buildScenario, machineArb, opArb } from "../../test/random-scenario.ts";
import { applyFrame, type Init, type Message, type View } from "../../worker/protocol.ts";
import { Session } from "../../worker/session.ts";
import { Timeline } from "./timeline.ts";
import { initialView } from "./view.ts";

/** Run a scenario through the worker's session, as the UI receives it. */
function load(json: unknown, block: number, perSuper = 4): Timeline {
  let tl: Timeline | null = null;
  const s = new Session((m: Message) => {
    if (m.type === "init") tl = new Timeline(m.init, block, perSuper);
    else if (m.type === "frames") tl?.add(m.batch);
    else if (m.type === "step") tl?.addStep({ ...m });
    else if (m.type === "error") throw new Error(m.errors.join("\n"));
  });
  s.load(json);
  if (!tl) throw new Error("no init");
  return tl;
}

/** A view compared as data: PTE maps without empty per-pid maps, sorted. */
function plain(v: View) {
  const ptes = [...v.ptes]
    .map(([pid, m]) => [pid, [...m].sort((a, b) => a[0] - b[0])] as const)
    .filter(([, m]) => m.length > 0)
    .sort((a, b) => a[0] - b[0]);
  return {
    pages: [...v.pages],
    slots: [...v.slots],
    counters: [...v.counters],
    ptes,
    layout: v.layout,
  };
}

/** The view at every frame, reached by stepping one frame at a time from frame 0. */
function stepped(tl: Timeline, init: Init): ReturnType<typeof plain>[] {
  const v = initialView(init);
  const out = [plain(v)];
  for (let f = 1; f <= tl.total; f++) {
    const at = tl.locate(f);
    if (!at) throw new Error(`frame ${f} missing`);
    applyFrame(v, at[0], at[1], true);
    out.push(plain(v));
  }
  return out;
}

describe("timeline seeks", () => {
  it("over random scenarios, any sequence of seeks lands on the view stepping reaches", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }),
        (machine, ops, block, perSuper, targets) => {
          const tl = load(buildScenario(machine, ops), block, perSuper);
          const want = stepped(tl, tl.init);
          const v = initialView(tl.init);
          let cur = 0;
          for (const t of targets) {
            // Mix far jumps with near ones (within a block of where we are).
            const far = Math.round(t * tl.total);
            const near = Math.max(0, Math.min(tl.total, cur + Math.round((t - 0.5) * block)));
            const to = t < 0.3 ? near : far;
            tl.seek(v, cur, to);
            cur = to;
            expect(plain(v)).toEqual(want[cur]);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it("a seek from end to start on a long run applies checkpoints and comes back exactly", () => {
    const tl = load(BUILTINS[0]?.json, 4, 3);
    const v = initialView(tl.init);
    const start = plain(v);
    tl.seek(v, 0, tl.total);
    const end = plain(v);
    tl.seek(v, tl.total, 7);
    tl.seek(v, 7, 0);
    expect(plain(v)).toEqual(start);
    tl.seek(v, 0, tl.total);
    expect(plain(v)).toEqual(end);
    expect(tl.checkpointBytes).toBeGreaterThan(0);
  });
});

describe("timeline index", () => {
  const tl = load(BUILTINS[0]?.json, 64);
  const phasesOfStep = (first: number, next: number | null) => {
    const names: string[] = [];
    for (let f = first; f < (next ?? tl.total + 1); f++) {
      const p = tl.phaseAt(f);
      if (p && p.first === f) names.push(p.name);
    }
    return names;
  };

  it("names the lazy mbind's phases in the kernel's order", () => {
    const mbind = tl.steps.find((s) => s.op === "mbind");
    expect(mbind).toBeDefined();
    const first = mbind?.firstFrame ?? 0;
    expect(phasesOfStep(first, tl.nextStepStart(first))).toEqual([
      "enter mbind",
      "drain",
      "select",
      "set the policy",
      "unmap",
      "put back",
    ]);
  });

  it("splits a migrating fault into look up, decide, migrate, map", () => {
    const touch = tl.steps.filter((s) => s.op === "touch").at(-1);
    const first = touch?.firstFrame ?? 0;
    expect(phasesOfStep(first, tl.nextStepStart(first)).slice(0, 4)).toEqual([
      "look up",
      "decide",
      "migrate",
      "map",
    ]);
  });

  it("steps back to the start of the previous system call, not the end of the one before", () => {
    const starts = [...tl.stepStartFrames()];
    const third = starts[3] as number;
    expect(tl.prevStepStart(third + 5)).toBe(third);
    expect(tl.prevStepStart(third)).toBe(starts[2]);
    expect(tl.stepStartOf(third + 5)).toBe(third);
  });

  it("finds faults, migrations and unmaps where the counters and PTEs say they happen", () => {
    const fault = tl.nextEvent("fault", 0);
    expect(fault).not.toBeNull();
    expect(tl.meta(fault ?? 0)?.fn).toMatch(/fault|page/);
    const migration = tl.nextEvent("migration", 0);
    expect(tl.meta(migration ?? 0)?.fn).toBe("migrate_misplaced_page");
    const unmap = tl.nextEvent("unmap", 0);
    expect(tl.meta(unmap ?? 0)?.fn).toBe("try_to_unmap_one");
    expect(tl.prevEvent("unmap", (unmap ?? 0) + 1)).toBe(unmap);
    expect(tl.nextEvent("error", 0)).toBeNull();
  });
});
