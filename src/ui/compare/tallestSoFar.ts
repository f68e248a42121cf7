import { type RefObject, useEffect, useLayoutEffect, useRef } from "react";

/**
 * Keeps a box at the tallest height it has had so far (its min-height): Compare's two narrations
 * share the row above the node grids, and a short sentence after a long one moved both runs'
 * grids up, the next long one down again (up to 108 px in one step on a projector). Measured
 * after each render, before paint; it starts afresh when `reset` changes (another variation,
 * presentation on or off: other type sizes) and when the window is resized.
 */
export function useTallestSoFar(box: RefObject<HTMLElement | null>, reset: string): void {
  const tallest = useRef(0);
  const measure = useRef(() => {});
  measure.current = () => {
    const el = box.current;
    if (!el) return;
    // Its own height, not the row's: stretched to the other run's box, a reset never shrank.
    el.style.minHeight = "";
    el.style.alignSelf = "start";
    tallest.current = Math.max(tallest.current, el.offsetHeight);
    el.style.alignSelf = "";
    el.style.minHeight = `${tallest.current}px`;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: starts afresh when `reset` changes
  useLayoutEffect(() => {
    tallest.current = 0;
  }, [reset]);
  useLayoutEffect(() => measure.current());
  useEffect(() => {
    const resized = () => {
      tallest.current = 0;
      measure.current();
    };
    window.addEventListener("resize", resized);
    return () => window.removeEventListener("resize", resized);
  }, []);
}
