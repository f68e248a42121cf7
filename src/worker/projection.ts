/**
 * Projects the kernel model into the UI's view state and records each frame as deltas.
 *
 * Pure: no worker API, so the tests drive it in Node. The kernel tells us WHICH ids a frame changed;
 * the projector keeps its own copy of the view state, so the `before` of a delta is what it holds
 * and the `after` is read from the kernel right then (the sink runs after the frame's mutations).
 * Counters come from the kernel (src/kernel/vmstat.ts keeps them as pages change, vmstat_read.ts
 * reads them).
 */
import { ACCESS_NAMES, fillAccessCounters } from "../kernel/access.ts";
import type { Kernel } from "../kernel/machine.ts";
import type { Frame } from "../kernel/trace.ts";
import type { MmStruct, Pid, Vpn } from "../kernel/types.ts";
import { counterCount, counterNames } from "../kernel/vmstat_names.ts";
import { counterValue, fillCounters } from "../kernel/vmstat_read.ts";
import { BatchColumns } from "./batchColumns.ts";
import type { BufferPool } from "./grow.ts";
import { encodePte, layoutOf, pageRow } from "./viewEncoding.ts";
import { type FrameBatch, type LayoutSnap, PAGE_COLS, SLOT_COLS, type View } from "./viewState.ts";

/** Up to this many PTEs a frame, duplicates are found by scanning back (no Set per frame). */
const DEDUPE_SCAN = 16;

/** Is PTE (pid, vpn) listed among the first `n` pairs of `ptes`? */
function listedBefore(ptes: readonly number[], n: number, pid: number, vpn: number): boolean {
  for (let j = 0; j < n; j++) if (ptes[2 * j + 1] === vpn && ptes[2 * j] === pid) return true;
  return false;
}

export class Projector {
  readonly view: View;
  readonly names: string[];
  /** How many of `names` are the kernel's (vmstat.ts); the model-only access counts follow. */
  private readonly kernelCounters: number;
  readonly layouts: LayoutSnap[];
  private layoutJson: string;
  private readonly scratch: Float64Array;
  private readonly row = new Int32Array(PAGE_COLS);
  private frames = 0;
  private batchFirst = 1;
  private sentLayouts = 1;
  private sentNames = 0;
  private readonly nameIds = new Map<string, number>();
  /** The last pid whose PTEs changed, its view map and its mm: frames mostly touch one process. */
  private lastPid = -1;
  private lastPtes: Map<number, number> | null = null;
  private lastMm: MmStruct | null = null;
  private readonly b = new BatchColumns();

  constructor(private readonly k: Kernel) {
    const pages = new Int32Array(k.pages.length * PAGE_COLS);
    for (let pfn = 0; pfn < k.pages.length; pfn++) pageRow(k.pages[pfn], pages, pfn * PAGE_COLS);
    const slots = new Int32Array(k.swap.map.length * SLOT_COLS);
    for (let s = 0; s < k.swap.map.length; s++) {
      slots[s * SLOT_COLS] = k.swap.map[s] as number;
      slots[s * SLOT_COLS + 1] = k.swap.cache[s] as number;
    }
    const ptes = new Map<number, Map<number, number>>();
    for (const mm of k.mms.values()) {
      ptes.set(mm.pid, new Map([...mm.ptes].map(([vpn, pte]) => [vpn, encodePte(pte)])));
    }
    // The model-only access counts (kernel/access.ts) follow the vmstat and numastat names.
    this.names = [...counterNames(k.nodes.length, k.numa !== null), ...ACCESS_NAMES];
    this.kernelCounters = counterCount(k);
    this.scratch = new Float64Array(this.names.length);
    this.view = { pages, slots, counters: new Float64Array(this.names.length), ptes, layout: 0 };
    this.fill(this.view.counters);
    this.layouts = [layoutOf(k)];
    this.layoutJson = JSON.stringify(this.layouts[0]);
  }

  /** Counter `i`, one of the model-only access counts that follow the kernel's counters. */
  private modelOnly(i: number): number {
    fillAccessCounters(this.k, this.scratch, this.kernelCounters);
    return this.scratch[i] as number;
  }

  private fill(out: Float64Array): void {
    fillCounters(this.k, out);
    fillAccessCounters(this.k, out, out.length - ACCESS_NAMES.length);
  }

  /** Frames recorded and not yet taken. */
  get pending(): number {
    return this.b.count;
  }

  get total(): number {
    return this.frames;
  }

  /** Flat [pid, vpn, code, ...] of the view's PTEs (for the init message). */
  ptesFlat(): Float64Array {
    const out: number[] = [];
    for (const [pid, map] of this.view.ptes)
      for (const [vpn, code] of map) out.push(pid, vpn, code);
    return Float64Array.from(out);
  }

  private nameId(s: string): number {
    let id = this.nameIds.get(s);
    if (id === undefined) {
      id = this.nameIds.size;
      this.nameIds.set(s, id);
    }
    return id;
  }

  /** The frame sink: diff what the frame says changed against the view, record, update the view. */
  record(f: Frame): void {
    const { b, view } = this;
    this.frames++;
    b.step.push(f.step);
    b.fn.push(this.nameId(f.fn));
    b.file.push(this.nameId(f.file));
    b.narration(f.said);

    const { pages, ptes, slots, moves } = f.changed;
    for (let i = 0; i < pages.length; i++) this.recordPage(pages[i] as number);
    b.pageEnd.push(b.pages.length);
    this.recordPtes(ptes);
    b.pteEnd.push(b.ptes.length);
    for (let i = 0; i < slots.length; i++) this.recordSlot(slots[i] as number);
    b.slotEnd.push(b.slots.length);
    const ids = f.changed.counterIds;
    if (ids === null) this.recordCounters();
    else for (let i = 0; i < ids.length; i++) this.recordCounter(ids[i] as number);
    b.counterEnd.push(b.counters.length);
    for (let i = 0; i < moves.length; i++) b.moves.push(moves[i] as number);
    b.moveEnd.push(b.moves.length);

    b.layout.push(view.layout);
    if (f.changed.layout) {
      this.lastPid = -1; // a fork or exit may have changed what a pid names
      const snap = layoutOf(this.k);
      const json = JSON.stringify(snap);
      if (json !== this.layoutJson) {
        this.layoutJson = json;
        this.layouts.push(snap);
        view.layout = this.layouts.length - 1;
      }
    }
    b.layout.push(view.layout);
  }

  /**
   * One page record: [pfn, mask, (before, after) per changed column], written straight into the
   * batch (the mask is filled in last); nothing is kept when no column changed.
   */
  private recordPage(pfn: number): void {
    const page = this.k.pages[pfn];
    if (!page) return;
    const out = this.b.pages;
    const row = this.row;
    pageRow(page, row, 0);
    out.reserve(2 + 2 * PAGE_COLS);
    const a = out.array;
    const at = out.length;
    const base = pfn * PAGE_COLS;
    const was = this.view.pages;
    let n = at + 2;
    let mask = 0;
    for (let c = 0; c < PAGE_COLS; c++) {
      const now = row[c] as number;
      const before = was[base + c] as number;
      if (now === before) continue;
      mask |= 1 << c;
      a[n++] = before;
      a[n++] = now;
      was[base + c] = now;
    }
    if (mask === 0) return;
    a[at] = pfn;
    a[at + 1] = mask;
    out.length = n;
  }

  /** PTE records [pid, vpn, before, after]; a PTE listed twice in one frame is recorded once. */
  private recordPtes(ptes: readonly number[]): void {
    const n = ptes.length >> 1;
    // Most frames change one PTE; a frame that changes many (munmap) dedupes with a Set.
    const seen = n > DEDUPE_SCAN ? new Set<number>() : null;
    for (let i = 0; i < n; i++) {
      const pid = ptes[2 * i] as number;
      const vpn = ptes[2 * i + 1] as number;
      if (seen) {
        // One number: vpn < 2^36 (48-bit addresses), pid < 2^16, so the key stays exact.
        const key = pid * 2 ** 36 + vpn;
        if (seen.has(key)) continue;
        seen.add(key);
      } else if (listedBefore(ptes, i, pid, vpn)) continue;
      this.recordPte(pid, vpn);
    }
  }

  private recordPte(pid: number, vpn: number): void {
    if (pid !== this.lastPid) {
      let map = this.view.ptes.get(pid);
      if (!map) {
        map = new Map();
        this.view.ptes.set(pid, map);
      }
      this.lastPid = pid;
      this.lastPtes = map;
      this.lastMm = this.k.mms.get(pid as Pid) ?? null;
    }
    const map = this.lastPtes as Map<number, number>;
    const before = map.get(vpn) ?? 0;
    const after = encodePte(this.lastMm?.ptes.get(vpn as Vpn));
    if (before === after) return;
    const out = this.b.ptes;
    out.push(pid);
    out.push(vpn);
    out.push(before);
    out.push(after);
    if (after === 0) map.delete(vpn);
    else map.set(vpn, after);
  }

  private recordSlot(slot: number): void {
    const { k, b, view } = this;
    const base = slot * SLOT_COLS;
    const map = k.swap.map[slot] as number;
    const cache = k.swap.cache[slot] as number;
    if (view.slots[base] === map && view.slots[base + 1] === cache) return;
    b.slots.push(slot);
    b.slots.push(view.slots[base] as number);
    b.slots.push(map);
    b.slots.push(view.slots[base + 1] as number);
    b.slots.push(cache);
    view.slots[base] = map;
    view.slots[base + 1] = cache;
  }

  /**
   * The counter record [index, before, after] of one counter the frame names, if it differs from
   * the view: the kernel names the few counters a frame changes, so a frame costs no full reading.
   */
  private recordCounter(i: number): void {
    const was = this.view.counters;
    const v = i < this.kernelCounters ? counterValue(this.k, i) : this.modelOnly(i);
    if (was[i] === v) return;
    const out = this.b.counters;
    out.push(i);
    out.push(was[i] as number);
    out.push(v);
    was[i] = v;
  }

  /** Counter records [index, before, after] for every counter that differs from the view. */
  private recordCounters(): void {
    const now = this.scratch;
    const was = this.view.counters;
    const out = this.b.counters;
    this.fill(now);
    for (let i = 0; i < now.length; i++) {
      const v = now[i] as number;
      if (was[i] === v) continue;
      out.push(i);
      out.push(was[i] as number);
      out.push(v);
      was[i] = v;
    }
  }

  /**
   * Hand out the frames recorded since the last call as one batch (null if there are none), in
   * buffers from `pool` if given.
   */
  take(pool?: BufferPool): FrameBatch | null {
    const count = this.b.count;
    if (count === 0) return null;
    const names = [...this.nameIds.keys()].slice(this.sentNames);
    this.sentNames += names.length;
    const layouts = this.layouts.slice(this.sentLayouts);
    this.sentLayouts = this.layouts.length;
    const batch = this.b.take(this.batchFirst, names, layouts, pool);
    this.batchFirst += count;
    return batch;
  }
}
