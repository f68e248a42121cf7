import { describe, expect, it } from "vitest";
import { largeMachineScenario } from "../../scenario/builtins.ts";
import type { Message } from "../../worker/protocol.ts";
import { Session } from "../../worker/session.ts";
import { type FrameBatch, type Init, PAGE_COLS } from "../../worker/viewState.ts";
import { TouchedPfns } from "./touchedPfns.ts";

describe("the touched page frames of a range (a node's grid redraws these after a far move)", () => {
  it("are the run's touched page frames in the range, as offsets, ascending, however often it is asked", () => {
    let init: Init | null = null;
    const batches: FrameBatch[] = [];
    new Session((m: Message) => {
      if (m.type === "init") init = m.init;
      else if (m.type === "frames") batches.push(m.batch);
    }).load(largeMachineScenario({ rounds: 1 }));
    const { nodes, pages } = init as unknown as Init;
    const touched = new TouchedPfns(pages.length / PAGE_COLS);
    let asked = 0;
    for (const [b, batch] of batches.entries()) {
      touched.note(batch);
      // Asked after some batches only: what was noted in between is taken up at the next call.
      if (b % 3 !== 1 && b !== batches.length - 1) continue;
      const all = [...touched.list()];
      // Ascending, each page frame once.
      expect(all.every((pfn, i) => i === 0 || (all[i - 1] as number) < pfn)).toBe(true);
      for (const node of nodes) {
        const want = all
          .filter((pfn) => pfn >= node.firstPfn && pfn < node.firstPfn + node.frames)
          .map((pfn) => pfn - node.firstPfn)
          .sort((a, b) => a - b);
        expect([...touched.within(node.firstPfn, node.frames)]).toEqual(want);
        asked += want.length;
      }
    }
    expect(asked).toBeGreaterThan(0);
    // A range of another length from the same first pfn is its own.
    const [node] = nodes;
    if (!node) throw new Error("no node");
    const half = [...touched.list()]
      .filter((pfn) => pfn >= node.firstPfn && pfn < node.firstPfn + 100)
      .map((pfn) => pfn - node.firstPfn)
      .sort((a, b) => a - b);
    expect([...touched.within(node.firstPfn, 100)]).toEqual(half);
  });
});
