/**
 * Scroll anchoring on a page of two columns. When content above the viewport changes size, the
 * browser keeps one element still, chosen in document order: the node column. So at 1280x720 a
 * call made from the form (in the side column) at frame 60 moved the page by 549 px when the swap
 * table beside it grew, and the form's answer went under the sticky header. The column last
 * pointed at, scrolled over or focused in is the one kept still; the other is left out of
 * anchoring (`overflow-anchor: none`, panels.css).
 */
import { useEffect } from "react";

const EVENTS = ["pointerdown", "focusin", "wheel"] as const;

/** `grid`: the element whose children are `.col-main` and `.col-side` (a callback ref's). */
export function useAnchorColumn(grid: HTMLElement | null): void {
  useEffect(() => {
    if (!grid) return;
    const pick = (e: Event) => {
      const col = e.target instanceof Element ? e.target.closest(".col-main, .col-side") : null;
      if (!col || col.parentElement !== grid) return;
      const column = col.classList.contains("col-side") ? "side" : "main";
      if (grid.dataset.anchor !== column) grid.dataset.anchor = column;
    };
    for (const type of EVENTS)
      document.addEventListener(type, pick, { capture: true, passive: true });
    return () => {
      for (const type of EVENTS) document.removeEventListener(type, pick, { capture: true });
    };
  }, [grid]);
}
