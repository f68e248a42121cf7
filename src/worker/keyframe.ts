/**
 * Short keyframes: the difference a run's view made from one keyframe to the next, packed as one
 * frame (reversible, so the archive and a seek's path apply them both ways). Every FULL_KEYS
 * keyframes the archive also keeps the view whole (keySnap.ts), so a seek applies a short chain.
 */
import { pteMap, type Touched } from "./compact.ts";
import { type Grow, growI32, growU8 } from "./grow.ts";
import { put, zigzag } from "./varint.ts";
import { type FrameBatch, type Init, PAGE_COLS, SLOT_COLS, type View } from "./viewState.ts";

/** Page records [pfn, mask, xor per set column] where rows of `from` and `to` differ. */
function putPages(
  body: Grow<Uint8Array>,
  from: Int32Array,
  to: Int32Array,
  pfns: ArrayLike<number> | null,
): number {
  let n = 0;
  const count = pfns ? pfns.length : to.length / PAGE_COLS;
  for (let k = 0; k < count; k++) {
    const pfn = pfns ? (pfns[k] as number) : k;
    const base = pfn * PAGE_COLS;
    let mask = 0;
    for (let c = 0; c < PAGE_COLS; c++) if (from[base + c] !== to[base + c]) mask |= 1 << c;
    if (mask === 0) continue;
    n++;
    put(body, pfn);
    put(body, mask);
    for (let c = 0; c < PAGE_COLS; c++) {
      if ((mask & (1 << c)) !== 0)
        put(body, ((from[base + c] as number) ^ (to[base + c] as number)) >>> 0);
    }
  }
  return n;
}

function putSlots(body: Grow<Uint8Array>, from: Int32Array, to: Int32Array): number {
  let n = 0;
  for (let base = 0; base < to.length; base += SLOT_COLS) {
    const xm = ((from[base] as number) ^ (to[base] as number)) >>> 0;
    const xc = ((from[base + 1] as number) ^ (to[base + 1] as number)) >>> 0;
    if (xm === 0 && xc === 0) continue;
    n++;
    put(body, base / SLOT_COLS);
    put(body, xm);
    put(body, xc);
  }
  return n;
}

function putCounters(body: Grow<Uint8Array>, from: Float64Array, to: Float64Array): number {
  let n = 0;
  for (let i = 0; i < to.length; i++) {
    const d = (to[i] as number) - (from[i] as number);
    if (d === 0) continue;
    n++;
    put(body, i);
    put(body, zigzag(d));
  }
  return n;
}

/** A packed frame's header (record counts, no step, layouts) followed by `body`. */
function frame(counts: readonly number[], layouts: readonly number[], body: Grow<Uint8Array>) {
  const out = growU8();
  for (const v of [...counts, 0, 0, 0, 0, ...layouts]) put(out, v);
  out.reserve(body.length);
  out.array.set(body.array.subarray(0, body.length), out.length);
  out.length += body.length;
  return out.take();
}

/** One number for PTE (pid, vpn): vpn < 2^36 (48-bit addresses), pid < 2^16, so it stays exact. */
const PID_SHIFT = 2 ** 36;

/**
 * What a run has changed since its last keyframe, so the next packs as a difference from that
 * one: the view's rows there (pages, slots, counters), the pfns changed since, and the code each
 * PTE changed since had there. Fed every batch; `pack` is only as dear as the changes.
 */
export class KeyDelta {
  private readonly pages: Int32Array;
  private readonly slots: Int32Array;
  private readonly counters: Float64Array;
  private layout: number;
  private readonly touched: Touched;
  /** pid * PID_SHIFT + vpn -> the PTE's code at the last keyframe. */
  private readonly ptes = new Map<number, number>();

  constructor(start: View) {
    this.pages = start.pages.slice();
    this.slots = start.slots.slice();
    this.counters = start.counters.slice();
    this.layout = start.layout;
    this.touched = { mark: new Uint8Array(start.pages.length / PAGE_COLS), list: growI32() };
  }

  /** Note what the next batch changes. */
  note(batch: FrameBatch): void {
    notePages(this.touched, batch.pages);
    const t = batch.ptes;
    for (let i = 0; i < t.length; i += 4) {
      const key = (t[i] as number) * PID_SHIFT + (t[i + 1] as number);
      if (!this.ptes.has(key)) this.ptes.set(key, t[i + 2] as number);
    }
  }

  /** The difference from the last keyframe to `live` (after the batches noted), the new last. */
  pack(live: View): Uint8Array {
    const { list, mark } = this.touched;
    const pfns = list.array.subarray(0, list.length);
    const body = growU8();
    const nPages = putPages(body, this.pages, live.pages, pfns);
    let nPtes = 0;
    for (const [key, before] of this.ptes) {
      const pid = Math.floor(key / PID_SHIFT);
      const vpn = key - pid * PID_SHIFT;
      const d = (live.ptes.get(pid)?.get(vpn) ?? 0) - before;
      if (d === 0) continue;
      nPtes++;
      put(body, pid);
      put(body, vpn);
      put(body, zigzag(d));
    }
    const nSlots = putSlots(body, this.slots, live.slots);
    const nCounters = putCounters(body, this.counters, live.counters);
    const out = frame([nPages, nPtes, nSlots, nCounters], [this.layout, live.layout], body);
    for (let k = 0; k < pfns.length; k++) {
      const base = (pfns[k] as number) * PAGE_COLS;
      this.pages.set(live.pages.subarray(base, base + PAGE_COLS), base);
      mark[pfns[k] as number] = 0;
    }
    list.length = 0;
    this.ptes.clear();
    this.slots.set(live.slots);
    this.counters.set(live.counters);
    this.layout = live.layout;
    return out;
  }
}

/** Add the pfns of a batch's page records ([pfn, mask, (before, after) per set bit]) to `t`. */
export function notePages(t: Touched, pages: Int32Array): void {
  eachPagePfn(pages, (pfn) => {
    if (t.mark[pfn] !== 0) return;
    t.mark[pfn] = 1;
    t.list.push(pfn);
  });
}

/** Set `mark[pfn]` for the pfn of each of a batch's page records. */
export function markPages(mark: Uint8Array, pages: Int32Array): void {
  eachPagePfn(pages, (pfn) => {
    mark[pfn] = 1;
  });
}

function eachPagePfn(pages: Int32Array, visit: (pfn: number) => void): void {
  for (let i = 0; i < pages.length; ) {
    visit(pages[i] as number);
    let mask = pages[i + 1] as number;
    i += 2;
    while (mask) {
      i += 2 * (mask & 1);
      mask >>>= 1;
    }
  }
}

/** Make `view` the view at frame 0 (from the init message). The view's arrays keep their identity. */
export function resetView(view: View, init: Init): void {
  view.pages.set(init.pages);
  view.slots.set(init.slots);
  view.counters.set(init.counters);
  view.layout = 0;
  view.ptes.clear();
  const t = init.ptes;
  for (let i = 0; i + 2 < t.length; i += 3)
    pteMap(view, t[i] as number).set(t[i + 1] as number, t[i + 2] as number);
}
