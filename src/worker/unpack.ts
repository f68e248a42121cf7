/**
 * Packed frames back into a `FrameBatch` (the format is described in compact.ts): how the worker
 * hands out again a batch it keeps packed.
 */
import type { Packed, Touched } from "./compact.ts";
import { pteMap } from "./compact.ts";
import { growF64, growI32, growU32 } from "./grow.ts";
import { Reader, unzigzag } from "./varint.ts";
import { type FrameBatch, PAGE_COLS, SLOT_COLS, type View } from "./viewState.ts";

/**
 * Unpack `packed` back into a `FrameBatch` (without narration, names or layouts: the UI has them
 * from the first sending), replaying it on `view`, which must be at the frame before its first.
 * `view` ends at its last frame; the pfns it changes are added to `touched`, if given.
 */
export function unpack(packed: Packed, view: View, touched?: Touched): FrameBatch {
  return unpackFrom(new Reader(packed.bytes), packed.first, packed.count, view, touched);
}

/** Unpack the `count` packed frames at `r.pos` as frames `first` on (as `unpack` does). */
export function unpackFrom(
  r: Reader,
  first: number,
  count: number,
  view: View,
  touched?: Touched,
): FrameBatch {
  const g = {
    step: growI32(),
    fn: growI32(),
    file: growI32(),
    layout: growI32(),
    pages: growI32(),
    pageEnd: growU32(),
    ptes: growF64(),
    pteEnd: growU32(),
    slots: growI32(),
    slotEnd: growU32(),
    counters: growF64(),
    counterEnd: growU32(),
    moves: growI32(),
    moveEnd: growU32(),
  };
  // Room for about what the frames unpack to, so the arrays rarely grow.
  g.pages.reserve(r.bytes.length - r.pos);
  for (const a of [g.step, g.fn, g.file, g.pageEnd, g.pteEnd, g.slotEnd, g.counterEnd, g.moveEnd])
    a.reserve(count);
  g.layout.reserve(2 * count);
  for (let j = 0; j < count; j++) {
    const nPages = r.u();
    const nPtes = r.u();
    const nSlots = r.u();
    const nCounters = r.u();
    const moveBytes = r.u();
    g.step.push(r.u());
    g.fn.push(r.u());
    g.file.push(r.u());
    g.layout.push(r.u());
    view.layout = r.u();
    g.layout.push(view.layout);
    for (let n = 0; n < nPages; n++) {
      const pfn = r.u();
      const mask = r.u();
      if (touched && touched.mark[pfn] === 0) {
        touched.mark[pfn] = 1;
        touched.list.push(pfn);
      }
      g.pages.push(pfn);
      g.pages.push(mask);
      for (let c = 0; c < PAGE_COLS; c++) {
        if ((mask & (1 << c)) === 0) continue;
        const at = pfn * PAGE_COLS + c;
        const before = view.pages[at] as number;
        const after = before ^ r.u();
        view.pages[at] = after;
        g.pages.push(before);
        g.pages.push(after);
      }
    }
    for (let n = 0; n < nPtes; n++) {
      const pid = r.u();
      const map = pteMap(view, pid);
      const vpn = r.u();
      const before = map.get(vpn) ?? 0;
      const after = before + unzigzag(r.u());
      if (after === 0) map.delete(vpn);
      else map.set(vpn, after);
      g.ptes.push(pid);
      g.ptes.push(vpn);
      g.ptes.push(before);
      g.ptes.push(after);
    }
    for (let n = 0; n < nSlots; n++) {
      const slot = r.u();
      const base = slot * SLOT_COLS;
      const map = view.slots[base] as number;
      const cache = view.slots[base + 1] as number;
      view.slots[base] = map ^ r.u();
      view.slots[base + 1] = cache ^ r.u();
      for (const v of [
        slot,
        map,
        view.slots[base] as number,
        cache,
        view.slots[base + 1] as number,
      ])
        g.slots.push(v);
    }
    for (let n = 0; n < nCounters; n++) {
      const i = r.u();
      const before = view.counters[i] as number;
      const after = before + unzigzag(r.u());
      view.counters[i] = after;
      g.counters.push(i);
      g.counters.push(before);
      g.counters.push(after);
    }
    for (const end = r.pos + moveBytes; r.pos < end; ) g.moves.push(r.u());
    g.pageEnd.push(g.pages.length);
    g.pteEnd.push(g.ptes.length);
    g.slotEnd.push(g.slots.length);
    g.counterEnd.push(g.counters.length);
    g.moveEnd.push(g.moves.length);
  }
  return {
    first,
    count,
    step: g.step.take(),
    fn: g.fn.take(),
    file: g.file.take(),
    names: [],
    templates: [],
    text: new Uint8Array(0),
    textEnd: new Uint32Array(count),
    layout: g.layout.take(),
    layouts: [],
    pages: g.pages.take(),
    pageEnd: g.pageEnd.take(),
    ptes: g.ptes.take(),
    pteEnd: g.pteEnd.take(),
    slots: g.slots.take(),
    slotEnd: g.slotEnd.take(),
    counters: g.counters.take(),
    counterEnd: g.counterEnd.take(),
    moves: g.moves.take(),
    moveEnd: g.moveEnd.take(),
  };
}
