/**
 * Keyframes: a whole view as one packed frame, its difference from the view at frame 0. The
 * archive keeps one every KEY_FRAMES frames, and a seek answer carries one: a few hundred KiB
 * (the pages a run has touched) where the view itself is 5 MiB on the large machine.
 */
import { applyPacked, pteMap, put, Reader, zigzag } from "./compact.ts";
import { growU8 } from "./grow.ts";
import { type Init, PAGE_COLS, SLOT_COLS, type View } from "./protocol.ts";

/**
 * Pack the difference between two views of one run as a single frame (a keyframe: applied to
 * `from`, it gives `to`). Each view's PTE maps are read, not changed. `pfns`, if given, lists the
 * only page frames where the two can differ (so the whole page table need not be compared).
 */
export function packDiff(from: View, to: View, pfns?: ArrayLike<number>): Uint8Array {
  const body = growU8();
  let nPages = 0;
  const count = pfns ? pfns.length : to.pages.length / PAGE_COLS;
  for (let k = 0; k < count; k++) {
    const pfn = pfns ? (pfns[k] as number) : k;
    const base = pfn * PAGE_COLS;
    let mask = 0;
    for (let c = 0; c < PAGE_COLS; c++)
      if (from.pages[base + c] !== to.pages[base + c]) mask |= 1 << c;
    if (mask === 0) continue;
    nPages++;
    put(body, pfn);
    put(body, mask);
    for (let c = 0; c < PAGE_COLS; c++) {
      if ((mask & (1 << c)) !== 0)
        put(body, ((from.pages[base + c] as number) ^ (to.pages[base + c] as number)) >>> 0);
    }
  }
  let nPtes = 0;
  const ptesDiffer = (pid: number, vpn: number, d: number) => {
    if (d === 0) return;
    nPtes++;
    put(body, pid);
    put(body, vpn);
    put(body, zigzag(d));
  };
  for (const [pid, b] of to.ptes) {
    const a = from.ptes.get(pid);
    for (const [vpn, code] of b) ptesDiffer(pid, vpn, code - (a?.get(vpn) ?? 0));
  }
  for (const [pid, a] of from.ptes) {
    const b = to.ptes.get(pid);
    for (const [vpn, code] of a) if (!b?.has(vpn)) ptesDiffer(pid, vpn, -code);
  }
  let nSlots = 0;
  for (let base = 0; base < to.slots.length; base += SLOT_COLS) {
    const xm = ((from.slots[base] as number) ^ (to.slots[base] as number)) >>> 0;
    const xc = ((from.slots[base + 1] as number) ^ (to.slots[base + 1] as number)) >>> 0;
    if (xm === 0 && xc === 0) continue;
    nSlots++;
    put(body, base / SLOT_COLS);
    put(body, xm);
    put(body, xc);
  }
  let nCounters = 0;
  for (let i = 0; i < to.counters.length; i++) {
    const d = (to.counters[i] as number) - (from.counters[i] as number);
    if (d === 0) continue;
    nCounters++;
    put(body, i);
    put(body, zigzag(d));
  }
  const out = growU8();
  for (const v of [nPages, nPtes, nSlots, nCounters, 0, 0, 0, 0, from.layout, to.layout])
    put(out, v);
  const head = out.take();
  const tail = body.take();
  const all = new Uint8Array(head.length + tail.length);
  all.set(head);
  all.set(tail, head.length);
  return all;
}

/**
 * Make `view` the view at frame 0 (from the init message) moved by a packed difference from it
 * (`packDiff(start, view)`, as a seek message carries). The view's arrays keep their identity.
 */
export function restoreView(view: View, init: Init, diff: Uint8Array): void {
  view.pages.set(init.pages);
  view.slots.set(init.slots);
  view.counters.set(init.counters);
  view.ptes.clear();
  const t = init.ptes;
  for (let i = 0; i + 2 < t.length; i += 3)
    pteMap(view, t[i] as number).set(t[i + 1] as number, t[i + 2] as number);
  view.layout = 0;
  applyPacked(view, new Reader(diff), true);
}
