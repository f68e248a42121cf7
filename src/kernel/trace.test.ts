import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";

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
