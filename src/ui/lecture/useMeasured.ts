/**
 * How an arrow overlay keeps its drawing in step with the page: `measure` reads where the cells
 * are and returns the drawing, in a layout effect whenever `measure` changes (a new frame's
 * links), before the frame is painted, and again whenever the element holding the panels changes
 * size (the window, presentation, a panel that grew). A drawing `same` as the one on screen is
 * not set: setting equal state still cost React a render and a commit at every step.
 *
 * One ResizeObserver serves the overlay's whole life. One made afresh for every frame reported
 * the holder's size once more after each step, and the arrows were measured again.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from "react";
import { sameEntries } from "../app.ts";

export function useMeasured<T>(
  overlay: RefObject<SVGSVGElement | null>,
  measure: (root: HTMLElement) => T,
  initial: T,
  same: (a: T, b: T) => boolean,
): T {
  const [drawn, setDrawn] = useState(initial);
  const shown = useRef(initial);
  const redraw = useRef<() => void>(() => {});
  useLayoutEffect(() => {
    const root = overlay.current?.parentElement;
    if (!root) return;
    redraw.current = () => {
      const next = measure(root);
      if (same(shown.current, next)) return;
      shown.current = next;
      setDrawn(next);
    };
    redraw.current();
  }, [overlay, measure, same]);
  useEffect(() => {
    const root = overlay.current?.parentElement;
    if (!root) return;
    const watch = new ResizeObserver(() => redraw.current());
    watch.observe(root);
    return () => watch.disconnect();
  }, [overlay]);
  return drawn;
}

/** Two drawings that leave out as many arrows and draw the same ones, field for field. */
export function sameArrows(
  a: { readonly arrows: readonly object[]; readonly hidden: number },
  b: { readonly arrows: readonly object[]; readonly hidden: number },
): boolean {
  return (
    a.hidden === b.hidden &&
    a.arrows.length === b.arrows.length &&
    a.arrows.every((x, i) => sameEntries(x, b.arrows[i]))
  );
}

/** An arrow overlay's drawing: its arrows, how many were left out, and whether the grids are
 * canvases (no cell to point at: nothing is drawn in any frame, one drawing for them all). */
export interface ArrowDrawing<A extends object> {
  readonly arrows: readonly A[];
  readonly hidden: number;
  readonly canvas?: true;
}
export const NO_ARROWS: ArrowDrawing<never> = { arrows: [], hidden: 0 };
export const OVER_CANVAS: ArrowDrawing<never> = { arrows: [], hidden: 0, canvas: true };

/** Drawings that look and read the same: the same arrows, as many left out, the same grids. */
export function sameDrawing<A extends object>(a: ArrowDrawing<A>, b: ArrowDrawing<A>): boolean {
  return a.canvas === b.canvas && sameArrows(a, b);
}
