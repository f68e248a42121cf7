/**
 * What the UI holds of a run, as the worker sends it: the static layout (nodes, processes, VMAs),
 * the view state (typed arrays of page frames, swap slots, counters and PTEs), and the frame
 * batches with the delta encoding that moves a view forward and back. The encoding is part of the
 * contract, so the function that applies a delta lives here (the UI steps with it, the tests check
 * it). The messages that carry these are in protocol.ts.
 */

export interface NodeLayout {
  readonly id: number;
  readonly cpus: readonly number[];
  readonly firstPfn: number;
  readonly frames: number;
  readonly distances: readonly number[];
}

/** Processes, VMAs and policies: rare changes (mmap, mbind, fork...), sent as whole snapshots. */
export interface LayoutSnap {
  readonly processes: readonly {
    readonly pid: number;
    readonly comm: string;
    /** The pid it was forked from (whose comm it inherited), or null. */
    readonly parent: number | null;
    readonly vmas: readonly {
      readonly start: number;
      readonly end: number;
      readonly file: string | null;
      readonly thp: boolean;
      readonly policy: string;
    }[];
    readonly threads: readonly {
      readonly tid: number;
      readonly cpu: number;
      readonly policy: string;
    }[];
  }[];
}

export interface Init {
  /** The `run` of the load command this run answers (inserts and restarts keep it). */
  readonly run: number;
  readonly title: string;
  /** The validated raw scenario, as the worker will reload it on restart. */
  readonly scenario: unknown;
  readonly nodes: readonly NodeLayout[];
  readonly swapSlots: number;
  readonly counterNames: readonly string[];
  readonly layout: LayoutSnap;
  /** View state before the first frame (buffers transferred). */
  readonly pages: Int32Array;
  readonly slots: Int32Array;
  readonly counters: Float64Array;
  /** Flat [pid, vpn, code, ...] of the PTEs that exist before the first frame. */
  readonly ptes: Float64Array;
}

/**
 * What the `flags` and `where` columns hold: the model's page-flag bits and LRU places, re-exported
 * so the UI decodes them through the protocol and never imports the kernel (one definition only).
 */
export { LRU_ADD_BATCH_61 } from "../kernel/mainline/uapi.ts";
export { LRU_LISTS, type LruList, LruWhere, listOf, PAGEVEC_SIZE, PG } from "../kernel/types.ts";

/** Int32 columns per page frame in `View.pages`. */
export const Col = {
  flags: 0,
  count: 1,
  mapcount: 2,
  where: 3,
  lruSeq: 4,
  swap: 5,
  mapping: 6,
  /** cpu * LRU_LISTS.length + the list's index in LRU_LISTS, or -1: the pagevec a page waits in. */
  pagevec: 7,
  pins: 8,
  compound: 9,
} as const;
export const PAGE_COLS = 10;
export const MappingKind = { none: 0, anon: 1, file: 2, ksm: 3 } as const;

/** Per swap slot: [swap_map count, swap-cache pfn or -1]. */
export const SLOT_COLS = 2;

/**
 * PTE code: 0 none, else kind | writable << 3 | value << 4 (value: pfn or slot). `protnone` is a
 * present PTE that 6.1's NUMA balancing made PROT_NONE (change_prot_numa): the page is still there,
 * and the next access takes a hinting fault.
 */
export const PteKind = { none: 0, present: 1, swap: 2, migration: 3, protnone: 4 } as const;
export const PTE_KIND_NAMES = ["none", "present", "swap", "migration", "protnone"] as const;
export const pteKind = (code: number): number => code % 8;
export const pteWritable = (code: number): boolean => Math.floor(code / 8) % 2 === 1;
export const pteValue = (code: number): number => Math.floor(code / 16);
export const pteCode = (kind: number, value: number, writable: boolean): number =>
  kind === 0 ? 0 : kind + (writable ? 8 : 0) + value * 16;

/**
 * A full keyframe kept whole (keySnap.ts): the view on the page frames a run has touched, and
 * every PTE, swap slot and counter.
 */
export interface KeySnap {
  /** Runs of adjacent touched page frames: [first pfn, count, ...], in pfn order. */
  readonly runs: Int32Array;
  /** The PAGE_COLS columns of each page frame of the runs, one run after another. */
  readonly rows: Int32Array;
  /** Flat [pid, vpn, code] of every PTE. */
  readonly ptes: Float64Array;
  readonly slots: Int32Array;
  readonly counters: Float64Array;
  readonly layout: number;
}

/**
 * The way to a frame from frame 0, as the worker's archive keeps it (src/worker/archive.ts): the
 * nearest full keyframe, whole, and the short keyframes (packed differences) from it to the one
 * at frame `at`, then the packed frames from `at + 1` to `last`. Frames `sliceFirst` to `last`
 * are the slice the UI keeps (src/worker/seekPath.ts).
 */
export interface SeekPath {
  /** The full keyframe to start from (keySnap.ts), or null: start from frame 0. */
  readonly full: KeySnap | null;
  /**
   * The short keyframes from there, one after another (difference i ends at `keyEnds[i]`), to
   * the keyframe at frame `at`: applied forwards, or, when the full keyframe lies after it,
   * backwards (each short keyframe is the difference from the one before).
   */
  readonly keys: Uint8Array;
  readonly keyEnds: Uint32Array;
  readonly backward: boolean;
  readonly at: number;
  readonly frames: Uint8Array;
  readonly sliceFirst: number;
  readonly last: number;
}

export interface View {
  readonly pages: Int32Array;
  readonly slots: Int32Array;
  readonly counters: Float64Array;
  /** pid -> vpn -> PTE code (absent = none). */
  readonly ptes: Map<number, Map<number, number>>;
  /** Index into the layout snapshots. */
  layout: number;
}

// ---- Frame batches ---------------------------------------------------------------------------

/**
 * Consecutive frames with their metadata and deltas. Every per-frame array has `count` entries
 * (`layout` has two: before, after); `*End` gives where each frame's records end in the flat array.
 * Page records: [pfn, columnMask, (before, after) per set bit]. PTE records (Float64, vpn > 2^32):
 * [pid, vpn, before, after]. Slot records: [slot, mapBefore, mapAfter, cacheBefore, cacheAfter].
 * Counter records: [index, before, after].
 */
export interface FrameBatch {
  /** Global number of the first frame (frames are numbered from 1; frame 0 is the start state). */
  readonly first: number;
  readonly count: number;
  readonly step: Int32Array;
  /** Interned names: indexes into the string table that grows by `names` with each batch. */
  readonly fn: Int32Array;
  readonly file: Int32Array;
  readonly names: readonly string[];
  /** Narration templates new in this batch, numbered on from those sent (narrationCodec.ts). */
  readonly templates: readonly string[];
  /** Narrations, one after another, each as a template id and its numbers (narrationCodec.ts). */
  readonly text: Uint8Array;
  readonly textEnd: Uint32Array;
  readonly layout: Int32Array;
  /** New layout snapshots, numbered on from the ones already sent. */
  readonly layouts: readonly LayoutSnap[];
  readonly pages: Int32Array;
  readonly pageEnd: Uint32Array;
  readonly ptes: Float64Array;
  readonly pteEnd: Uint32Array;
  readonly slots: Int32Array;
  readonly slotEnd: Uint32Array;
  readonly counters: Float64Array;
  readonly counterEnd: Uint32Array;
  /** Pages migrated in each frame: flat [oldPfn, newPfn] pairs (for the migration arrows). */
  readonly moves: Int32Array;
  readonly moveEnd: Uint32Array;
}

export function batchBuffers(b: FrameBatch): ArrayBuffer[] {
  return [
    b.step,
    b.fn,
    b.file,
    b.text,
    b.textEnd,
    b.layout,
    b.pages,
    b.pageEnd,
    b.ptes,
    b.pteEnd,
    b.slots,
    b.slotEnd,
    b.counters,
    b.counterEnd,
    b.moves,
    b.moveEnd,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Where frame `j`'s records start in a flat record array whose frame ends are `ends`. */
export const recordStart = (ends: Uint32Array, j: number): number =>
  j === 0 ? 0 : (ends[j - 1] as number);
const start = recordStart;

/** The state-changing part of a batch: what `applyFrame` reads. */
export type DeltaRecords = Pick<
  FrameBatch,
  | "pages"
  | "pageEnd"
  | "ptes"
  | "pteEnd"
  | "slots"
  | "slotEnd"
  | "counters"
  | "counterEnd"
  | "layout"
>;

/** Apply frame `j` of `batch` to `view`: forward sets the `after`s, backward restores the `before`s. */
export function applyFrame(view: View, batch: DeltaRecords, j: number, forward: boolean): void {
  const a = forward ? 1 : 0;
  const p = batch.pages;
  for (let i = start(batch.pageEnd, j), end = batch.pageEnd[j] as number; i < end; ) {
    const base = (p[i] as number) * PAGE_COLS;
    const mask = p[i + 1] as number;
    i += 2;
    for (let c = 0; c < PAGE_COLS; c++) {
      if ((mask & (1 << c)) === 0) continue;
      view.pages[base + c] = p[i + a] as number;
      i += 2;
    }
  }
  const t = batch.ptes;
  for (let i = start(batch.pteEnd, j), end = batch.pteEnd[j] as number; i < end; i += 4) {
    const pid = t[i] as number;
    const code = t[i + 2 + a] as number;
    let map = view.ptes.get(pid);
    if (!map) {
      map = new Map();
      view.ptes.set(pid, map);
    }
    if (code === 0) map.delete(t[i + 1] as number);
    else map.set(t[i + 1] as number, code);
  }
  const s = batch.slots;
  for (let i = start(batch.slotEnd, j), end = batch.slotEnd[j] as number; i < end; i += 5) {
    const slot = (s[i] as number) * SLOT_COLS;
    view.slots[slot] = s[i + 1 + a] as number;
    view.slots[slot + 1] = s[i + 3 + a] as number;
  }
  const k = batch.counters;
  for (let i = start(batch.counterEnd, j), end = batch.counterEnd[j] as number; i < end; i += 3) {
    view.counters[k[i] as number] = k[i + 1 + a] as number;
  }
  view.layout = batch.layout[j * 2 + a] as number;
}

/** pfns whose page columns frame `j` changes (for redrawing only what moved). */
export function framePages(batch: DeltaRecords, j: number, out: number[]): void {
  const p = batch.pages;
  for (let i = start(batch.pageEnd, j), end = batch.pageEnd[j] as number; i < end; ) {
    out.push(p[i] as number);
    let mask = p[i + 1] as number;
    i += 2;
    while (mask) {
      i += 2 * (mask & 1);
      mask >>>= 1;
    }
  }
}

/** Whether frame `j` changes a swap slot (its map count or its page). */
export function frameChangesSlots(batch: DeltaRecords, j: number): boolean {
  return start(batch.slotEnd, j) < (batch.slotEnd[j] as number);
}

/** Flat [pid, vpn, ...] of the PTEs that frame `j` changes. */
export function framePtes(batch: DeltaRecords, j: number, out: number[]): void {
  const t = batch.ptes;
  for (let i = start(batch.pteEnd, j), end = batch.pteEnd[j] as number; i < end; i += 4) {
    out.push(t[i] as number, t[i + 1] as number);
  }
}

/** Counter indexes that frame `j` changes, with the change. */
export function frameCounters(batch: FrameBatch, j: number): Map<number, number> {
  const out = new Map<number, number>();
  const k = batch.counters;
  for (let i = start(batch.counterEnd, j), end = batch.counterEnd[j] as number; i < end; i += 3) {
    out.set(k[i] as number, (k[i + 2] as number) - (k[i + 1] as number));
  }
  return out;
}

/** Flat [oldPfn, newPfn, ...] of the pages frame `j` migrated. */
export function frameMoves(batch: FrameBatch, j: number): number[] {
  return Array.from(batch.moves.subarray(start(batch.moveEnd, j), batch.moveEnd[j]));
}
