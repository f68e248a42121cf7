/** Binary searches over the first `n` entries of a sorted array of frame numbers. */

type Sorted = ArrayLike<number>;

/** Index of the last entry <= f, or -1. */
export function lastAtOrBefore(a: Sorted, n: number, f: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= f) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The last entry < f, or null. */
export function before(a: Sorted, n: number, f: number): number | null {
  const i = lastAtOrBefore(a, n, f - 1);
  return i < 0 ? null : (a[i] as number);
}

/** The first entry > f, or null. */
export function after(a: Sorted, n: number, f: number): number | null {
  const i = lastAtOrBefore(a, n, f) + 1;
  return i < n ? (a[i] as number) : null;
}
