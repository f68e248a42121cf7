/**
 * A full keyframe kept whole: the view at that frame on the page frames the run has touched, with
 * every PTE, swap slot and counter. A seek resets to frame 0 and copies it in (typed-array copies,
 * one per run of adjacent page frames) instead of decoding a packed difference page by page: on
 * the million-frame run that difference was 330-460 KiB of variable-length numbers, the dearest
 * part of a seek on the UI's thread, and dearer still before V8 had optimised the decoder.
 */
import { pteMap, type Touched } from "./compact.ts";
import { type BufferPool, pooledCopy } from "./grow.ts";
import { type KeySnap, PAGE_COLS, type View } from "./viewState.ts";

/**
 * `view` where it can differ from frame 0: on the page frames marked (non-zero) in `marks`, one
 * byte per page frame. Reading the marks in pfn order gives the runs without sorting a list of
 * pfns; the PTEs are counted first and written into one array (on the million-frame run a full
 * keyframe took 9-12 ms in Node this way round, 5-7 ms this way).
 */
export function snapView(view: View, marks: Uint8Array): KeySnap {
  const runs: number[] = [];
  let marked = 0;
  for (let pfn = 0; pfn < marks.length; pfn++) {
    if (marks[pfn] === 0) continue;
    const first = pfn;
    while (pfn + 1 < marks.length && marks[pfn + 1] !== 0) pfn++;
    runs.push(first, pfn + 1 - first);
    marked += pfn + 1 - first;
  }
  const rows = new Int32Array(marked * PAGE_COLS);
  let at = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const from = (runs[r] as number) * PAGE_COLS;
    const len = (runs[r + 1] as number) * PAGE_COLS;
    rows.set(view.pages.subarray(from, from + len), at);
    at += len;
  }
  let count = 0;
  for (const m of view.ptes.values()) count += m.size;
  const ptes = new Float64Array(3 * count);
  let i = 0;
  for (const [pid, m] of view.ptes) {
    for (const [vpn, code] of m) {
      ptes[i++] = pid;
      ptes[i++] = vpn;
      ptes[i++] = code;
    }
  }
  return {
    runs: Int32Array.from(runs),
    rows,
    ptes,
    slots: view.slots.slice(),
    counters: view.counters.slice(),
    layout: view.layout,
  };
}

/**
 * Make `view` the view the snapshot was taken of (whatever its PTEs). Outside the snapshot's runs
 * the view must be at frame 0 already, unless `zero` (frame 0's page rows) is given: then those
 * page frames are written from it, so the view may be at any frame, each page frame written once.
 * (A far seek reset every page frame to frame 0 and then wrote the snapshot over most of them: the
 * reset was about 0.9 ms of the seek in a CPU profile; timed around followPath, 2.34-2.45 ms
 * before, 1.95-2.52 after, 3 pages each, within the noise.) With `zero`, `differs` (ascending)
 * may name the only page frames where the view can differ from frame 0 (a run's touched ones,
 * when it is at a frame of that run): then only those are written from `zero`, not the 5 MiB of
 * the large machine's every row. The pfns of its runs are added to `touched`, if given. Arrays
 * keep their identity.
 */
export function applySnap(
  view: View,
  snap: KeySnap,
  {
    touched,
    zero,
    differs,
  }: { touched?: Touched; zero?: Int32Array; differs?: ArrayLike<number> | undefined } = {},
): void {
  const { runs, rows, ptes } = snap;
  if (zero && differs) resetOutside(view.pages, zero, runs, differs);
  const whole = differs ? undefined : zero;
  let at = 0;
  let next = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const first = runs[r] as number;
    const count = runs[r + 1] as number;
    const len = count * PAGE_COLS;
    if (whole && first > next)
      view.pages.set(whole.subarray(next * PAGE_COLS, first * PAGE_COLS), next * PAGE_COLS);
    view.pages.set(rows.subarray(at, at + len), first * PAGE_COLS);
    at += len;
    next = first + count;
    if (touched) markRun(touched, first, count);
  }
  if (whole && next * PAGE_COLS < view.pages.length)
    view.pages.set(whole.subarray(next * PAGE_COLS), next * PAGE_COLS);
  setPtes(view, ptes);
  view.slots.set(snap.slots);
  view.counters.set(snap.counters);
  view.layout = snap.layout;
}

/**
 * Make the view's PTEs exactly `flat` ([pid, vpn, code], each pid's together, codes never 0),
 * updating its maps in place: the PTEs at one frame of a run mostly have the same addresses as at
 * another, and writing 12,288 codes over a map's own entries took 0.5 ms where filling new maps
 * took 3. A map left with an entry the snapshot lacks is filled again from the snapshot alone.
 */
function setPtes(view: View, flat: Float64Array): void {
  const pids = new Set<number>();
  for (let i = 0; i < flat.length; ) {
    const pid = flat[i] as number;
    const from = i;
    while (i < flat.length && flat[i] === pid) i += 3;
    const map = pteMap(view, pid);
    pids.add(pid);
    if (overwriteInOrder(map, flat, from, i)) continue;
    // Another order, or other addresses: set by address, and start afresh if any are left over.
    setByAddress(map, flat, from, i);
    if (map.size === (i - from) / 3) continue;
    map.clear();
    setByAddress(map, flat, from, i);
  }
  for (const [pid, map] of view.ptes) if (!pids.has(pid)) map.clear();
}

function setByAddress(map: Map<number, number>, flat: Float64Array, from: number, to: number) {
  for (let k = from; k < to; k += 3) map.set(flat[k + 1] as number, flat[k + 2] as number);
}

/**
 * Write the codes of `flat[from, to)` over `map` if it holds exactly their addresses, in their
 * order: the usual case, as both come from the same process's map at different frames. It walks
 * the map's own keys because a vpn is above 2^31: setting by a vpn read from `flat` would box a
 * number per PTE, 12,288 of them on a far seek. False (some codes perhaps written) otherwise.
 */
function overwriteInOrder(
  map: Map<number, number>,
  flat: Float64Array,
  from: number,
  to: number,
): boolean {
  if (map.size !== (to - from) / 3) return false;
  let k = from;
  let same = true;
  map.forEach((code, vpn) => {
    if (!same || flat[k + 1] !== vpn) {
      same = false;
      return;
    }
    const want = flat[k + 2] as number;
    if (want !== code) map.set(vpn, want);
    k += 3;
  });
  return same;
}

/**
 * Write frame 0's rows (`zero`) over the page frames `pfns` (ascending) that lie outside the
 * snapshot's `runs` (ascending [first, count] pairs): the runs are written whole from it.
 */
function resetOutside(
  pages: Int32Array,
  zero: Int32Array,
  runs: Int32Array,
  pfns: ArrayLike<number>,
): void {
  let r = 0;
  for (let i = 0; i < pfns.length; i++) {
    const pfn = pfns[i] as number;
    while (r < runs.length && (runs[r] as number) + (runs[r + 1] as number) <= pfn) r += 2;
    if (r < runs.length && (runs[r] as number) <= pfn) continue;
    const at = pfn * PAGE_COLS;
    for (let c = at; c < at + PAGE_COLS; c++) pages[c] = zero[c] as number;
  }
}

function markRun(t: Touched, first: number, count: number): void {
  for (let pfn = first; pfn < first + count; pfn++) {
    if (t.mark[pfn] !== 0) continue;
    t.mark[pfn] = 1;
    t.list.push(pfn);
  }
}

/**
 * What applying the snapshot costs, in the archive's unit (a byte of packed frames read): a map
 * insert per PTE, about a byte's decoding, and the copies, far cheaper per number than decoding.
 */
export function snapCost(snap: KeySnap): number {
  return snap.ptes.length / 3 + (snap.rows.length + snap.slots.length) / 16;
}

/** The snapshot with its arrays copied, to send (the archive keeps its own). */
export function copySnap(snap: KeySnap, pool?: BufferPool): KeySnap {
  return {
    runs: pooledCopy(snap.runs, pool),
    rows: pooledCopy(snap.rows, pool),
    ptes: pooledCopy(snap.ptes, pool),
    slots: pooledCopy(snap.slots, pool),
    counters: pooledCopy(snap.counters, pool),
    layout: snap.layout,
  };
}

/** The buffers of a snapshot's arrays, to transfer. */
export function snapBuffers(snap: KeySnap): ArrayBuffer[] {
  return [snap.runs, snap.rows, snap.ptes, snap.slots, snap.counters].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
