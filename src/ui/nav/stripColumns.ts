/**
 * The pixel columns of the event strip that hold at least one event: by binary search from one
 * marked column to the next, so a redraw costs (columns marked x log events) rather than a pass
 * over every event (over two million on the million-frame run, redrawn as it streams in).
 */
import { lastAtOrBefore } from "../timeline/bisect.ts";

/**
 * Columns `Math.round(x(f))` of the events `frames` (sorted) with f <= `shown`, in order and
 * without repeats. `x` must be non-decreasing (a D3 linear scale with an increasing range).
 */
export function eventColumns(
  frames: ArrayLike<number>,
  shown: number,
  x: (f: number) => number,
): number[] {
  const n = lastAtOrBefore(frames, frames.length, shown) + 1;
  const cols: number[] = [];
  let i = 0;
  while (i < n) {
    const col = Math.round(x(frames[i] as number));
    cols.push(col);
    // Skip to the first event drawn right of `col`: find the first frame past it, then bisect.
    let lo = frames[i] as number;
    let step = 1;
    while (lo + step <= shown && Math.round(x(lo + step)) <= col) {
      lo += step;
      step *= 2;
    }
    let hi = Math.min(shown + 1, lo + step);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (Math.round(x(mid)) <= col) lo = mid;
      else hi = mid;
    }
    // `lo` is the last frame still in `col`: continue from the first event after it.
    i = Math.max(i + 1, lastAtOrBefore(frames, n, lo) + 1);
  }
  return cols;
}
