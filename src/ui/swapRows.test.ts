import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { fakeWorker } from "../test/fakeWorker.ts";
import { selectFocus, selectIsLarge } from "./app.ts";
import { createRunStore } from "./store.ts";
import { ROWS, ROWS_LARGE, scanSlots, swapRows } from "./swapRows.ts";

const seed = BUILTINS.find((b) => b.id === "seed-workers-pull-local")?.json as {
  machine: { nodes: { frames: number }[] };
  steps: { pages?: number }[];
};

/** The seed lesson over 56 pages instead of 24: more slots in use than the table shows (40). */
function wideSeed(): unknown {
  const wide = structuredClone(seed);
  for (const step of wide.steps.slice(0, 3)) step.pages = 56;
  return wide;
}

/** The wide seed on nodes of 2,048 frames: a large machine (more than 4,096 frames). */
function wideSeedLarge(): unknown {
  const wide = wideSeed() as typeof seed;
  for (const node of wide.machine.nodes) node.frames = 2048;
  return wide;
}

function loaded(scenario: unknown) {
  const store = createRunStore(() => fakeWorker(), 1);
  store.getState().load(scenario);
  expect(store.getState().running).toBe(false);
  return store;
}

describe("swap rows", () => {
  it.each([
    ["seed-workers-pull-local", () => seed],
    ["swap-full", () => BUILTINS.find((b) => b.id === "swap-full")?.json],
    ["the seed over 56 pages", wideSeed],
    ["the seed over 56 pages on a large machine", wideSeedLarge],
  ])(
    "%s: the rows kept from the last scan are a fresh scan's at every frame, stepped or jumped to, whatever is selected",
    (_, scenario) => {
      const store = loaded(scenario());
      const { total } = store.getState();
      const frames = store.getState().view?.pages.length ?? 0;
      const fresh = () => scanSlots(store.getState(), selectFocus(store.getState()).slot);
      const check = () => expect(swapRows(store.getState())).toEqual(fresh());
      let inUse = 0;
      for (let f = 1; f <= total; f++) {
        store.getState().goto(f);
        check();
        inUse = Math.max(inUse, swapRows(store.getState())[1] ?? 0);
      }
      // The run does use the swap cache: the rows are not trivially empty.
      expect(inUse).toBeGreaterThan(0);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(total), fc.nat(frames - 1)), { minLength: 1, maxLength: 30 }),
          (moves) => {
            for (const [f, pfn] of moves) {
              store.getState().goto(f);
              check();
              // A page in the swap cache selected: its slot stays in the table, cut short or not.
              store.getState().selectPfn(pfn);
              check();
              store.getState().goto(Math.max(0, f - 1));
              check();
            }
          },
        ),
        { numRuns: 20 },
      );
    },
  );

  it("keeps the selected slot among the rows when more slots are in use than it shows", () => {
    const store = loaded(wideSeed());
    const s = store.getState();
    // Just after the lazy mbind's last unmap: 56 slots in use.
    let f = s.total;
    while (f > 0 && (swapRows(store.getState())[1] ?? 0) < 56) store.getState().goto(--f);
    expect(swapRows(store.getState())[1]).toBe(56);
    const shownSlots = (rows: number[]) => rows.slice(2).filter((_, i) => i % 3 === 0);
    const last = shownSlots(swapRows(store.getState())).at(-1) ?? 0;
    // The page in the 50th slot is not among the first 40 rows until it is selected.
    const view = store.getState().view;
    const slot = 50;
    const pfn = view?.slots[slot * 2 + 1] ?? -1;
    expect(pfn).toBeGreaterThanOrEqual(0);
    expect(shownSlots(swapRows(store.getState()))).not.toContain(slot);
    store.getState().selectPfn(pfn);
    expect(selectFocus(store.getState()).slot).toBe(slot);
    expect(shownSlots(swapRows(store.getState()))).toContain(slot);
    expect(shownSlots(swapRows(store.getState()))).toHaveLength(ROWS);
    expect(last).toBeLessThan(slot);
  });

  it("shows fewer rows on a large machine, the selected slot still among them", () => {
    const store = loaded(wideSeedLarge());
    expect(selectIsLarge(store.getState())).toBe(true);
    let f = store.getState().total;
    while (f > 0 && (swapRows(store.getState())[1] ?? 0) < 56) store.getState().goto(--f);
    const shownSlots = (rows: number[]) => rows.slice(2).filter((_, i) => i % 3 === 0);
    expect(shownSlots(swapRows(store.getState()))).toHaveLength(ROWS_LARGE);
    const slot = 50;
    const pfn = store.getState().view?.slots[slot * 2 + 1] ?? -1;
    expect(pfn).toBeGreaterThanOrEqual(0);
    store.getState().selectPfn(pfn);
    expect(shownSlots(swapRows(store.getState()))).toContain(slot);
    expect(shownSlots(swapRows(store.getState()))).toHaveLength(ROWS_LARGE);
  });
});
