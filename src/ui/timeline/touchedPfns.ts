/**
 * The page frames some frame of a run changes, each noted once as the frames arrive. Every other
 * page frame is, at every frame the UI can show, as it is at frame 0: a far move need reclassify
 * only these (on the million-frame run, 23,040 of the large machine's 131,072 page frames), and a
 * node's grid need redraw only its own of them.
 */
import type { Touched } from "../../worker/compact.ts";
import { growI32 } from "../../worker/grow.ts";
import { notePages } from "../../worker/keyframe.ts";
import type { DeltaRecords } from "../../worker/viewState.ts";

/** A range's touched page frames, as offsets from its first, as of `noted` page frames noted. */
interface Within {
  readonly count: number;
  readonly noted: number;
  readonly offsets: Int32Array;
}

export class TouchedPfns {
  private readonly touched: Touched;
  /** How many of the list's page frames are in order (it is sorted when asked for). */
  private sorted = 0;
  /** Per first pfn of a range asked about (a node's): its touched page frames. */
  private readonly ranges = new Map<number, Within>();

  constructor(pageFrames: number) {
    this.touched = { mark: new Uint8Array(pageFrames), list: growI32() };
  }

  /** Note the page frames a batch's frames change. */
  note(batch: DeltaRecords): void {
    notePages(this.touched, batch.pages);
  }

  /**
   * Each page frame noted so far, once, in ascending order: a far move then reads their records
   * (and the grids their pixels) in memory order, not in the order the frames first changed them.
   * Sorted in place when something was noted since the last call (notes only append).
   */
  list(): Int32Array {
    const { array, length } = this.touched.list;
    const all = array.subarray(0, length);
    if (this.sorted !== length) {
      all.sort();
      this.sorted = length;
    }
    return all;
  }

  /**
   * The page frames noted so far in [first, first + count), as offsets from `first`, ascending:
   * what a node's grid redraws after a far move. Kept per range until more is noted.
   */
  within(first: number, count: number): Int32Array {
    const all = this.list();
    let range = this.ranges.get(first);
    if (range?.count !== count || range.noted !== all.length) {
      const from = lowerBound(all, first);
      const offsets = all.slice(from, lowerBound(all, first + count, from));
      for (let i = 0; i < offsets.length; i++) offsets[i] = (offsets[i] as number) - first;
      range = { count, noted: all.length, offsets };
      this.ranges.set(first, range);
    }
    return range.offsets;
  }
}

/** The first index at or after `from` of sorted `a` whose value is at least `v`. */
function lowerBound(a: Int32Array, v: number, from = 0): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
