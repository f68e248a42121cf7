/**
 * How an arrow overlay keeps its drawing in step with the page: `measure` runs in a layout effect
 * whenever it changes (a new frame's links), before the frame is painted, and again whenever the
 * element holding the panels changes size (the window, presentation, a panel that grew).
 *
 * One ResizeObserver serves the overlay's whole life. One made afresh for every frame reported
 * the holder's size once more after each step, so every step of a lesson measured and drew its
 * arrows a second time, in a second React commit.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef } from "react";

export function useMeasured(
  overlay: RefObject<SVGSVGElement | null>,
  measure: (root: HTMLElement) => void,
): void {
  const latest = useRef(measure);
  useLayoutEffect(() => {
    latest.current = measure;
    const root = overlay.current?.parentElement;
    if (root) measure(root);
  }, [overlay, measure]);
  useEffect(() => {
    const root = overlay.current?.parentElement;
    if (!root) return;
    const watch = new ResizeObserver(() => latest.current(root));
    watch.observe(root);
    return () => watch.disconnect();
  }, [overlay]);
}
