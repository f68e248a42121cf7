/**
 * A frame batch's deltas, packed for keeping: what the worker holds of every frame so it can hand
 * a batch out again, or rebuild the view at any frame, without the UI holding a million frames.
 *
 * A `FrameBatch` keeps each change as (before, after). Kept frames replay from a known view, so
 * one number per change suffices: page and slot columns keep `before ^ after`, PTE codes and
 * counters `after - before`. Either applies forwards and backwards (xor undoes itself, a
 * difference is subtracted), and a known `before` gives back the `after`. Every number is an
 * unsigned LEB128 varint (signed ones zigzagged), so most take one or two bytes.
 *
 * A frame: [pages, ptes, slots, counters] record counts, the moves' length in bytes, step, fn,
 * file, layout before, layout after, then the records: page [pfn, mask, xor per set column], PTE
 * [pid, vpn, zigzag(diff)], slot [slot, map xor, cache xor], counter [index, zigzag(diff)], move
 * [old, new]. Replaying a view skips the moves by their length: a loop over them that had never
 * run when V8 optimised `applyPacked` made the optimised code bail out on every frame with a
 * migration (about 900 times in the first far seeks of a million-frame run) until it was
 * compiled again.
 * The narration is not kept here (the UI keeps its own, compressed).
 */
import type { Grow } from "./grow.ts";
import { type Reader, size, unzigzag, write, zigzag } from "./varint.ts";
import { type FrameBatch, PAGE_COLS, recordStart, SLOT_COLS, type View } from "./viewState.ts";

/** Room to pack a batch in, reused: a varint per number the batch holds, at most 8 bytes each. */
let scratch = new Uint8Array(1 << 16);

/** A batch's frames packed one after another; `offsets[j]` is where frame j starts. */
export interface Packed {
  readonly first: number;
  readonly count: number;
  readonly bytes: Uint8Array;
  readonly offsets: Uint32Array;
}

/** Pack frame `j` of `batch` (its deltas and metadata, not its narration) at `a[n]`; the end. */
function packFrame(a: Uint8Array, n: number, b: FrameBatch, j: number): number {
  const p0 = recordStart(b.pageEnd, j);
  const p1 = b.pageEnd[j] as number;
  let pageRecords = 0;
  for (let i = p0; i < p1; ) {
    let mask = b.pages[i + 1] as number;
    i += 2;
    while (mask) {
      i += 2 * (mask & 1);
      mask >>>= 1;
    }
    pageRecords++;
  }
  const t0 = recordStart(b.pteEnd, j);
  const t1 = b.pteEnd[j] as number;
  const s0 = recordStart(b.slotEnd, j);
  const s1 = b.slotEnd[j] as number;
  const k0 = recordStart(b.counterEnd, j);
  const k1 = b.counterEnd[j] as number;
  const m0 = recordStart(b.moveEnd, j);
  const m1 = b.moveEnd[j] as number;
  n = write(a, n, pageRecords);
  n = write(a, n, (t1 - t0) / 4);
  n = write(a, n, (s1 - s0) / 5);
  n = write(a, n, (k1 - k0) / 3);
  let moveBytes = 0;
  for (let i = m0; i < m1; i++) moveBytes += size(b.moves[i] as number);
  n = write(a, n, moveBytes);
  n = write(a, n, b.step[j] as number);
  n = write(a, n, b.fn[j] as number);
  n = write(a, n, b.file[j] as number);
  n = write(a, n, b.layout[j * 2] as number);
  n = write(a, n, b.layout[j * 2 + 1] as number);
  const p = b.pages;
  for (let i = p0; i < p1; ) {
    const mask = p[i + 1] as number;
    n = write(a, n, p[i] as number);
    n = write(a, n, mask);
    i += 2;
    for (let c = 0; c < PAGE_COLS; c++) {
      if ((mask & (1 << c)) === 0) continue;
      n = write(a, n, ((p[i] as number) ^ (p[i + 1] as number)) >>> 0);
      i += 2;
    }
  }
  const t = b.ptes;
  for (let i = t0; i < t1; i += 4) {
    n = write(a, n, t[i] as number);
    n = write(a, n, t[i + 1] as number);
    n = write(a, n, zigzag((t[i + 3] as number) - (t[i + 2] as number)));
  }
  const s = b.slots;
  for (let i = s0; i < s1; i += 5) {
    n = write(a, n, s[i] as number);
    n = write(a, n, ((s[i + 1] as number) ^ (s[i + 2] as number)) >>> 0);
    n = write(a, n, ((s[i + 3] as number) ^ (s[i + 4] as number)) >>> 0);
  }
  const k = b.counters;
  for (let i = k0; i < k1; i += 3) {
    n = write(a, n, k[i] as number);
    n = write(a, n, zigzag((k[i + 2] as number) - (k[i + 1] as number)));
  }
  for (let i = m0; i < m1; i++) n = write(a, n, b.moves[i] as number);
  return n;
}

/** Pack every frame of `batch`. */
export function pack(batch: FrameBatch): Packed {
  const numbers =
    10 * batch.count +
    batch.pages.length +
    batch.ptes.length +
    batch.slots.length +
    batch.counters.length +
    batch.moves.length;
  if (scratch.length < numbers * 8) scratch = new Uint8Array(numbers * 8);
  const a = scratch;
  const offsets = new Uint32Array(batch.count + 1);
  let n = 0;
  for (let j = 0; j < batch.count; j++) {
    offsets[j] = n;
    n = packFrame(a, n, batch, j);
  }
  offsets[batch.count] = n;
  return { first: batch.first, count: batch.count, bytes: a.slice(0, n), offsets };
}

export function pteMap(view: View, pid: number): Map<number, number> {
  let map = view.ptes.get(pid);
  if (!map) {
    map = new Map();
    view.ptes.set(pid, map);
  }
  return map;
}

/** Page frames a view has changed at since some start: a mark per pfn, and the list of them. */
export interface Touched {
  readonly mark: Uint8Array;
  readonly list: Grow<Int32Array>;
}

/**
 * Apply the packed frame at `r.pos` to `view`, forwards or backwards; `r` ends after it. The pfns
 * it changes are added to `touched`, if given.
 */
export function applyPacked(view: View, r: Reader, forward: boolean, touched?: Touched): void {
  const nPages = r.u();
  const nPtes = r.u();
  const nSlots = r.u();
  const nCounters = r.u();
  const moveBytes = r.u();
  r.u(); // step
  r.u(); // fn
  r.u(); // file
  const layoutBefore = r.u();
  const layoutAfter = r.u();
  const sign = forward ? 1 : -1;
  const pages = view.pages;
  for (let n = 0; n < nPages; n++) {
    const pfn = r.u();
    const base = pfn * PAGE_COLS;
    const mask = r.u();
    if (touched && touched.mark[pfn] === 0) {
      touched.mark[pfn] = 1;
      touched.list.push(pfn);
    }
    for (let c = 0; c < PAGE_COLS; c++) {
      if ((mask & (1 << c)) !== 0) pages[base + c] = (pages[base + c] as number) ^ r.u();
    }
  }
  for (let n = 0; n < nPtes; n++) {
    const map = pteMap(view, r.u());
    const vpn = r.u();
    const code = (map.get(vpn) ?? 0) + sign * unzigzag(r.u());
    if (code === 0) map.delete(vpn);
    else map.set(vpn, code);
  }
  const slots = view.slots;
  for (let n = 0; n < nSlots; n++) {
    const base = r.u() * SLOT_COLS;
    slots[base] = (slots[base] as number) ^ r.u();
    slots[base + 1] = (slots[base + 1] as number) ^ r.u();
  }
  for (let n = 0; n < nCounters; n++) {
    const i = r.u();
    view.counters[i] = (view.counters[i] as number) + sign * unzigzag(r.u());
  }
  r.pos += moveBytes;
  view.layout = forward ? layoutAfter : layoutBefore;
}
