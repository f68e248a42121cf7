/**
 * Checkpoints: one block of consecutive frames squashed into a single reversible delta.
 *
 * A squashed delta keeps, for every page column / PTE / slot / counter the block touches, the value
 * before the block's first frame and the value after its last one. It has the same record layout
 * as one frame of a `FrameBatch`, so `applyFrame` moves a view across the whole block, forward or
 * back, in one pass. Entries whose value ends where it started are dropped.
 */
import {
  applyFrame,
  type DeltaRecords,
  PAGE_COLS,
  recordStart,
  type View,
} from "../../worker/viewState.ts";

/** Accumulates frames (or squashed blocks, to build bigger ones), in order, into one delta. */
export class Squasher {
  /** Frames (or blocks) folded in so far. */
  frames = 0;
  /** pfn -> [mask, before0, after0, before1, after1, ...] (one pair per column). */
  private readonly pages = new Map<number, Int32Array>();
  /** pid -> vpn -> [before, after]. */
  private readonly ptes = new Map<number, Map<number, [number, number]>>();
  /** slot -> [mapBefore, mapAfter, cacheBefore, cacheAfter]. */
  private readonly slots = new Map<number, [number, number, number, number]>();
  /** counter -> [before, after]. */
  private readonly counters = new Map<number, [number, number]>();
  private layoutBefore = -1;
  private layoutAfter = -1;

  /** Fold frame `j` of `batch` in (frames must come in order, without gaps). */
  add(batch: DeltaRecords, j: number): void {
    this.frames++;
    const p = batch.pages;
    for (let i = recordStart(batch.pageEnd, j), end = batch.pageEnd[j] as number; i < end; ) {
      const pfn = p[i] as number;
      const mask = p[i + 1] as number;
      i += 2;
      let row = this.pages.get(pfn);
      if (!row) {
        row = new Int32Array(1 + 2 * PAGE_COLS);
        this.pages.set(pfn, row);
      }
      for (let c = 0; c < PAGE_COLS; c++) {
        if ((mask & (1 << c)) === 0) continue;
        if (((row[0] as number) & (1 << c)) === 0) row[1 + 2 * c] = p[i] as number;
        row[2 + 2 * c] = p[i + 1] as number;
        i += 2;
      }
      row[0] = (row[0] as number) | mask;
    }
    const t = batch.ptes;
    for (let i = recordStart(batch.pteEnd, j), end = batch.pteEnd[j] as number; i < end; i += 4) {
      const pid = t[i] as number;
      let map = this.ptes.get(pid);
      if (!map) {
        map = new Map();
        this.ptes.set(pid, map);
      }
      const vpn = t[i + 1] as number;
      const was = map.get(vpn);
      if (was) was[1] = t[i + 3] as number;
      else map.set(vpn, [t[i + 2] as number, t[i + 3] as number]);
    }
    const s = batch.slots;
    for (let i = recordStart(batch.slotEnd, j), end = batch.slotEnd[j] as number; i < end; i += 5) {
      const slot = s[i] as number;
      const was = this.slots.get(slot);
      if (was) {
        was[1] = s[i + 2] as number;
        was[3] = s[i + 4] as number;
      } else {
        this.slots.set(slot, [
          s[i + 1] as number,
          s[i + 2] as number,
          s[i + 3] as number,
          s[i + 4] as number,
        ]);
      }
    }
    const k = batch.counters;
    const kEnd = batch.counterEnd[j] as number;
    for (let i = recordStart(batch.counterEnd, j); i < kEnd; i += 3) {
      const c = k[i] as number;
      const was = this.counters.get(c);
      if (was) was[1] = k[i + 2] as number;
      else this.counters.set(c, [k[i + 1] as number, k[i + 2] as number]);
    }
    if (this.layoutBefore < 0) this.layoutBefore = batch.layout[j * 2] as number;
    this.layoutAfter = batch.layout[j * 2 + 1] as number;
  }

  /** The squashed delta, as a one-frame record set that `applyFrame(view, d, 0, dir)` applies. */
  finish(): DeltaRecords {
    const pages: number[] = [];
    for (const [pfn, row] of this.pages) {
      let mask = 0;
      for (let c = 0; c < PAGE_COLS; c++) {
        if (((row[0] as number) & (1 << c)) !== 0 && row[1 + 2 * c] !== row[2 + 2 * c])
          mask |= 1 << c;
      }
      if (mask === 0) continue;
      pages.push(pfn, mask);
      for (let c = 0; c < PAGE_COLS; c++) {
        if ((mask & (1 << c)) !== 0) pages.push(row[1 + 2 * c] as number, row[2 + 2 * c] as number);
      }
    }
    const ptes: number[] = [];
    for (const [pid, map] of this.ptes) {
      for (const [vpn, [before, after]] of map) {
        if (before !== after) ptes.push(pid, vpn, before, after);
      }
    }
    const slots: number[] = [];
    for (const [slot, v] of this.slots) {
      if (v[0] !== v[1] || v[2] !== v[3]) slots.push(slot, ...v);
    }
    const counters: number[] = [];
    for (const [c, [before, after]] of this.counters) {
      if (before !== after) counters.push(c, before, after);
    }
    return {
      pages: Int32Array.from(pages),
      pageEnd: Uint32Array.of(pages.length),
      ptes: Float64Array.from(ptes),
      pteEnd: Uint32Array.of(ptes.length),
      slots: Int32Array.from(slots),
      slotEnd: Uint32Array.of(slots.length),
      counters: Float64Array.from(counters),
      counterEnd: Uint32Array.of(counters.length),
      layout: Int32Array.of(this.layoutBefore, this.layoutAfter),
    };
  }
}

/**
 * The checkpoints of a run kept whole: blocks of `block` frames (1..block, block+1..2*block, ...)
 * squashed as they arrive. A move crosses whole blocks and steps single frames only at its ends.
 */
export class Checkpoints {
  private readonly blocks: DeltaRecords[] = [];
  private building = new Squasher();

  constructor(readonly block: number) {}

  /** Fold the next frame in (frames in order, from frame 1). */
  add(batch: DeltaRecords, j: number): void {
    this.building.add(batch, j);
    if (this.building.frames === this.block) {
      this.blocks.push(this.building.finish());
      this.building = new Squasher();
    }
  }

  /**
   * Move `view` from `from` to `to`: `stepFrames` to the block edge nearest `from`, across whole
   * blocks, then `stepFrames` from the edge nearest `to`.
   */
  move(
    view: View,
    from: number,
    to: number,
    stepFrames: (view: View, from: number, to: number) => void,
  ): void {
    const B = this.block;
    const covered = this.blocks.length * B;
    const near = (f: number) => Math.min(covered, Math.round(f / B) * B);
    const a = near(from);
    const b = near(to);
    stepFrames(view, from, a);
    for (let k = a / B; k < b / B; k++) applyFrame(view, this.blocks[k] as DeltaRecords, 0, true);
    for (let k = a / B - 1; k >= b / B; k--)
      applyFrame(view, this.blocks[k] as DeltaRecords, 0, false);
    stepFrames(view, b, to);
  }
}
