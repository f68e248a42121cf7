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
