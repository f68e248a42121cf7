/**
 * A virtual list's scale with no layout limit. Browsers cap an element's height (Chromium near
 * 33.5 M px), so a million 60 px rows cannot each have their own pixels. Past `MAX_PX` the list's
 * real height stays at `MAX_PX` and scrolling maps proportionally onto the virtual height: the first
 * and last rows are still reached exactly, and rows are drawn at their offset from the viewport.
 */

export const MAX_PX = 8_000_000;

export interface Scale {
  /** Height of the scrolling content, in real pixels. */
  readonly height: number;
  /** Virtual pixels per real pixel of scrollTop (1 when the list fits). */
  readonly ratio: number;
}

export function scaleFor(rows: number, row: number, viewport: number): Scale {
  const virtual = rows * row;
  if (virtual <= MAX_PX) return { height: virtual, ratio: 1 };
  const ratio = (virtual - viewport) / Math.max(1, MAX_PX - viewport);
  return { height: MAX_PX, ratio };
}

/** Virtual scroll offset for a real scrollTop. */
export const virtualTop = (s: Scale, scrollTop: number) => scrollTop * s.ratio;

/** Real scrollTop that shows virtual offset `v` at the top. */
export const realTop = (s: Scale, v: number) => v / s.ratio;

/**
 * `realTop` in whole pixels, as the browser keeps a scrollTop: a fraction asked for came back from
 * it as a scroll event a fraction off, and every row of a scaled list (drawn at scroll × ratio)
 * was rendered again. Off by half a real pixel at most: `followTop` leaves a row or more of margin
 * around the current row, and the list's ends are whole already.
 */
export const wholeRealTop = (s: Scale, v: number) => Math.round(realTop(s, v));

/**
 * Where a list of `total` rows should scroll (a virtual top) so that row `cur` (1-based, `row` px
 * tall) is in view, coming from row `prev`; null when it already is. A single step pages in its
 * direction, keeping one row of where it came from in view and the rest for what comes next: the
 * list moves every few steps, not at each. A jump puts the row third from the top, with two
 * before it. Never past the list's end: the browser would stop the scroll short of it, and the
 * rows placed for the top asked for would be drawn off by the difference.
 */
export function followTop(
  cur: number,
  prev: number,
  shown: number,
  height: number,
  row: number,
  total: number,
): number | null {
  const top = (cur - 1) * row;
  if (cur <= 0 || (top >= shown && top + row <= shown + height)) return null;
  const end = Math.max(0, total * row - height);
  // `before` px of rows above the current one, as far as the list's height leaves room for them.
  const above = (before: number) =>
    Math.min(end, Math.max(0, top - Math.max(0, Math.min(before, height - row))));
  if (cur === prev + 1) return above(row);
  if (cur === prev - 1) return above(Math.floor((height - 2 * row) / row) * row);
  return above(2 * row);
}

/**
 * Where the boxes drawn under the rows go (TracePanel's `PastAndCurrent`), given the current row's
 * top `rowTop` in the list's real pixels (null at frame 0) and the list's real `height`: `past`,
 * the bottom of the band behind every past frame's row, and `here`, the current row's highlight
 * (`-row`, above the list, when that row is out of it). Both stay inside the list: on a scaled
 * list a row far out of view has an offset far past either end, and a box past the end would
 * lengthen the list.
 */
export function pastAndCurrent(
  rowTop: number | null,
  height: number,
  row: number,
): { past: number; here: number } {
  if (rowTop === null) return { past: 0, here: -row };
  return {
    past: Math.min(height, Math.max(0, rowTop)),
    here: rowTop < 0 || rowTop > height - row ? -row : rowTop,
  };
}

/**
 * Frames `first` to `last` (at most `slots` of them) in the order of their slots (frame modulo
 * `slots`): the order their rows stay in the page, whichever frames they show. A row keyed by its
 * slot and placed in frame order was moved by React whenever the list paged (paging up, all but
 * the rows it brought in: 7 of 10), and a moved row is laid out and styled anew; the list gives
 * screen readers the frame order instead (`aria-owns`, TracePanel).
 */
export function framesBySlot(first: number, last: number, slots: number): number[] {
  const out: number[] = [];
  if (last < first) return out;
  const start = ((first % slots) + slots) % slots;
  for (let s = 0; s < slots; s++) {
    const f = first + ((s - start + slots) % slots);
    if (f <= last) out.push(f);
  }
  return out;
}
