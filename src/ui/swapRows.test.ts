import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { fakeWorker } from "./fakeWorker.ts";
import { createAppStore } from "./store.ts";
import { scanSlots, swapRows } from "./swapRows.ts";

/** A run that puts pages in the swap cache and takes them out again. */
function swapRun(id: string) {
  const store = createAppStore(() => fakeWorker(), 1);
  store.getState().load(BUILTINS.find((b) => b.id === id)?.json);
  const s = store.getState();
  expect(s.running).toBe(false);
  return store;
}

describe("swap rows", () => {
  it.each(["seed-workers-pull-local", "swap-full"])(
    "%s: the rows kept from the last scan are a fresh scan's at every frame, stepped or jumped to",
    (id) => {
      const store = swapRun(id);
      const total = store.getState().total;
      const check = () => expect(swapRows(store.getState())).toEqual(scanSlots(store.getState()));
      let inUse = 0;
      for (let f = 1; f <= total; f++) {
        store.getState().goto(f);
        check();
        inUse = Math.max(inUse, swapRows(store.getState())[1] ?? 0);
      }
      // The run does use the swap cache: the rows are not trivially empty.
      expect(inUse).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.array(fc.nat(total), { minLength: 1, maxLength: 30 }), (frames) => {
          for (const f of frames) {
            store.getState().goto(f);
            check();
            store.getState().goto(Math.max(0, f - 1));
            check();
          }
        }),
        { numRuns: 20 },
      );
    },
  );
});
