/** The view state at frame 0, built from the worker's init message, and its sizes. */
import { type Init, PAGE_COLS, SLOT_COLS, type View } from "../../worker/protocol.ts";

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

export const pageCount = (v: View) => v.pages.length / PAGE_COLS;
export const slotCount = (v: View) => v.slots.length / SLOT_COLS;
