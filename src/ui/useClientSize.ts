/**
 * An element's inner width or height in CSS pixels, kept up to date by one ResizeObserver for the
 * element's life.
 *
 * A hook of its own, not an effect written inside the panel that draws: the observer's callback
 * lives as long as the panel does, and a closure made inside a component keeps alive every
 * variable that any of the component's closures uses, as it was in the render that made it. One
 * made in the event strip kept the timeline of its first render: after the large machine, the
 * million-frame run's page held the large machine's 34 MiB as well (in 2 of 3 benchmark runs).
 */
import { type RefObject, useEffect, useState } from "react";

export function useClientSize(
  ref: RefObject<Element | null>,
  side: "clientWidth" | "clientHeight",
  initial: number,
): number {
  const [size, setSize] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize(el[side]));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, side]);
  return size;
}
