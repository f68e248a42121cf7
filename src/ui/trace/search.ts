/**
 * Trace search: the next / previous frame whose function, source file or narration contains the
 * query (case-insensitive; a number in it matches whole, as pfns and addresses are words of the
 * narration: timeline/textMatch.ts), wrapping around.
 */
import type { Timeline } from "../timeline/timeline.ts";

/** The next match after `from` (dir 1) or before it (dir -1), wrapping; null if none. */
export function findMatch(tl: Timeline, from: number, query: string, dir: 1 | -1): number | null {
  const needle = query.trim().toLowerCase();
  const n = tl.total;
  if (!needle || n === 0) return null;
  const matches = tl.matcher(needle);
  for (let i = 1; i <= n; i++) {
    // Frames are 1..n: step from `from` and wrap inside that range.
    const f = ((((from - 1 + dir * i) % n) + n) % n) + 1;
    if (matches(f)) return f;
  }
  return null;
}
