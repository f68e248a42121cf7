/**
 * What the arrow overlays leave out, and how they say so: on the large machine's canvas grids
 * no page is an element to point at; on a phone, where the panels stand in one column, an arrow
 * taller than the screen ran through several screens of other panels' cells, never seen whole.
 */
import { ONE_COLUMN } from "../phone.ts";

/** How tall an arrow may be: on a phone, the screen's height; elsewhere, any height. */
export function tallest(root: HTMLElement): number {
  const view = root.ownerDocument.defaultView;
  return view?.matchMedia(ONE_COLUMN).matches ? view.innerHeight : Number.POSITIVE_INFINITY;
}

/** The grids are canvases (the large machine): no page frame is an element with `data-pfn`. */
export const onCanvas = (root: HTMLElement) => root.querySelector("[data-pfn]") === null;
