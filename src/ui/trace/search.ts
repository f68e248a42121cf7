/**
 * Trace search: the next / previous frame whose function, source file or narration contains the
 * query (case-insensitive; a number in it matches whole, as pfns and addresses are words of the
 * narration: timeline/textMatch.ts), wrapping around; and every match, counted a slice at a time,
 * for the "3 of 17" beside the box.
 */
import type { Timeline } from "../timeline/timeline.ts";

type Searched = Pick<Timeline, "matcher" | "total">;

/** The next match after `from` (dir 1) or before it (dir -1), wrapping; null if none. */
export function findMatch(tl: Searched, from: number, query: string, dir: 1 | -1): number | null {
  const needle = query.trim().toLowerCase();
  const n = tl.total;
  if (!needle || n === 0) return null;
  const matches = tl.matcher(needle);
  // Frame 0 (before the first call) is before every frame: going back from it wraps to the end.
  const start = from < 1 && dir === -1 ? n + 1 : from;
  for (let i = 1; i <= n; i++) {
    // Frames are 1..n: step from `start` and wrap inside that range.
    const f = ((((start - 1 + dir * i) % n) + n) % n) + 1;
    if (matches(f)) return f;
  }
  return null;
}

/**
 * Every frame matching `query`, in order, found `budget` frames at a time: a million-frame run
 * takes up to a second to scan whole, so the caller spreads it over tasks and the page keeps
 * answering. `step` returns the list once the scan is complete, null before.
 */
export function matchScan(
  tl: Searched,
  query: string,
): { step(budget: number): Int32Array | null } {
  const needle = query.trim().toLowerCase();
  const total = tl.total;
  const matches = needle ? tl.matcher(needle) : () => false;
  let found = new Int32Array(64);
  let count = 0;
  let next = 1;
  return {
    step(budget) {
      const end = Math.min(total, next + budget - 1);
      for (; next <= end; next++) {
        if (!matches(next)) continue;
        if (count === found.length) {
          const grown = new Int32Array(found.length * 2);
          grown.set(found);
          found = grown;
        }
        found[count++] = next;
      }
      return next > total ? found.subarray(0, count) : null;
    },
  };
}

/** Index of the first entry of the sorted `list` at or after `f` (list.length if none). */
function lowerBound(list: Int32Array, f: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as number) < f) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** As `findMatch`, from a complete list of matches: a binary search, not a scan. */
export function nextIn(list: Int32Array, from: number, dir: 1 | -1): number | null {
  if (list.length === 0) return null;
  const at = lowerBound(list, dir === 1 ? from + 1 : from);
  const i = dir === 1 ? (at < list.length ? at : 0) : at > 0 ? at - 1 : list.length - 1;
  return list[i] as number;
}

/** `f`'s place among the matches, from 1 (0 if `f` is not one). */
export function rankOf(list: Int32Array, f: number): number {
  const at = lowerBound(list, f);
  return list[at] === f ? at + 1 : 0;
}
