import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * Keeps the keyboard's place in the page table when presentation moves it to the other column
 * (App.tsx): the table there is a new one, and the focused cell of the old one had taken the
 * focus away with it, to the page's body (a screen reader lost its place). The last PTE cell
 * focused is noted; after the move, the same entry in the new table takes the focus back.
 */
export function useFocusAcrossMove(moved: boolean): void {
  const last = useRef<string | null>(null);
  useEffect(() => {
    const seen = (e: FocusEvent) => {
      const cell = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-pte]") : null;
      last.current = cell?.dataset.pte ?? null;
    };
    document.addEventListener("focusin", seen);
    return () => document.removeEventListener("focusin", seen);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the table has moved
  useLayoutEffect(() => {
    const key = last.current;
    if (key === null || document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`[data-pte="${key}"]`)?.focus({ preventScroll: true });
  }, [moved]);
}
