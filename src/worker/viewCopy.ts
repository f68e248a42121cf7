/**
 * A view copied (whole, or where it can differ), the view at frame 0 from an init message, and a view as plain data (for
 * comparing two views in tests: PTE maps without the empty per-pid maps a delete leaves, in order).
 */
import type { Touched } from "./compact.ts";
import { type Init, PAGE_COLS, type View } from "./viewState.ts";

/** The view state at frame 0, built from the worker's init message (its arrays copied). */
export function initialView(init: Init): View {
  const ptes = new Map<number, Map<number, number>>();
  const flat = init.ptes;
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const pid = flat[i] as number;
    let m = ptes.get(pid);
    if (!m) {
      m = new Map();
      ptes.set(pid, m);
    }
    m.set(flat[i + 1] as number, flat[i + 2] as number);
  }
  return {
    pages: init.pages.slice(),
    slots: init.slots.slice(),
    counters: init.counters.slice(),
    ptes,
    layout: 0,
  };
}

export function copyView(v: View): View {
  return {
    pages: v.pages.slice(),
    slots: v.slots.slice(),
    counters: v.counters.slice(),
    ptes: new Map([...v.ptes].map(([pid, m]) => [pid, new Map(m)])),
    layout: v.layout,
  };
}

/** Make `to` equal `from`, copying only the page frames in `touched` (where they can differ), and empty `touched`. */
export function assignTouched(to: View, from: View, touched: Touched): void {
  const list = touched.list.array;
  for (let k = 0; k < touched.list.length; k++) {
    const base = (list[k] as number) * PAGE_COLS;
    to.pages.set(from.pages.subarray(base, base + PAGE_COLS), base);
    touched.mark[list[k] as number] = 0;
  }
  touched.list.length = 0;
  to.slots.set(from.slots);
  to.counters.set(from.counters);
  to.ptes.clear();
  for (const [pid, m] of from.ptes) to.ptes.set(pid, new Map(m));
  to.layout = from.layout;
}

export function plainView(v: View) {
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
