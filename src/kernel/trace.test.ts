import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { ChangeLog } from "./trace.ts";

describe("frames name the pages they moved", () => {
  it("records each migration's old and new pfn in the frame that moved it, eager or on a fault", () => {
    for (const [flags, toucher] of [
      [["MPOL_MF_MOVE"], null],
      [LAZY, 101],
    ] as const) {
      const steps: unknown[] = [
        mmap(2),
        touch(100, 0, 2),
        mbind(0, 2, "MPOL_BIND", [1], [...flags]),
      ];
      if (toucher) steps.push(touch(toucher, 0, 2));
      const r = runChecked(scenario(steps));
      const moves = r.frames.flatMap((f) => [...f.changed.moves]);
      expect(moves).toHaveLength(4);
      const k = r.sim.kernel;
      for (let i = 0; i < moves.length; i += 2) {
        expect(k.pages[moves[i] as number]?.node).toBe(0);
        expect(k.pages[moves[i + 1] as number]?.node).toBe(1);
      }
      const moving = r.frames.filter((f) => f.changed.moves.length > 0).map((f) => f.fn);
      expect(new Set(moving)).toEqual(
        new Set([toucher ? "migrate_misplaced_page" : "move_to_new_page"]),
      );
    }
  });
});

describe("the ChangeLog", () => {
  it("names each changed counter once a frame, and none when a change did not say which", () => {
    const log = new ChangeLog(4, 2);
    log.counter(3);
    log.counter(300); // beyond the marks it started with
    log.counter(3);
    expect(log.take().counterIds).toEqual([3, 300]);
    log.counter(3);
    expect(log.take().counterIds).toEqual([3]);
    expect(log.take()).toMatchObject({ counters: false, counterIds: [] });
    log.counter(5);
    log.counter();
    expect(log.take()).toMatchObject({ counters: true, counterIds: null });
  });

  it("hands out lists that later frames do not change", () => {
    const log = new ChangeLog(8, 2);
    for (const pfn of [1, 2, 3]) log.page(pfn);
    log.pte(7, 2 ** 35);
    const first = log.take();
    log.page(4);
    log.pte(7, 1);
    const second = log.take();
    expect(first.pages).toEqual([1, 2, 3]);
    expect(first.ptes).toEqual([7, 2 ** 35]);
    expect(second.pages).toEqual([4]);
    expect(second.ptes).toEqual([7, 1]);
  });
});
