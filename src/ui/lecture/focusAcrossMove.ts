import { useEffect, useLayoutEffect, useRef } from "react";

/**
 * Keeps the keyboard's place in the page table when presentation moves it to the other column
 * (App.tsx): the table there is a new one, and the focused cell of the old one had taken the
 * focus away with it, to the page's body (a screen reader lost its place). The last PTE cell
 * focused from the keyboard is noted; after the move, the same entry in the new table takes the
 * focus back. A cell the mouse focused is not: with the focus on the body, Space plays, as it
 * does after a click anywhere (on a cell given the focus back, Space pressed it instead).
 */
export function useFocusAcrossMove(moved: boolean): void {
  const last = useRef<string | null>(null);
  useEffect(() => {
    let byKeyboard = true;
    // A click is the pointer's, even on the cell that has the focus already (no focusin then).
    const pointer = () => {
      byKeyboard = false;
      last.current = null;
    };
    const key = () => {
      byKeyboard = true;
    };
    const seen = (e: FocusEvent) => {
      const cell = e.target instanceof Element ? e.target.closest<HTMLElement>("[data-pte]") : null;
      last.current = byKeyboard ? (cell?.dataset.pte ?? null) : null;
    };
    document.addEventListener("pointerdown", pointer, true);
    document.addEventListener("keydown", key, true);
    document.addEventListener("focusin", seen);
    return () => {
      document.removeEventListener("pointerdown", pointer, true);
      document.removeEventListener("keydown", key, true);
      document.removeEventListener("focusin", seen);
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the table has moved
  useLayoutEffect(() => {
    const key = last.current;
    if (key === null || document.activeElement !== document.body) return;
    document.querySelector<HTMLElement>(`[data-pte="${key}"]`)?.focus({ preventScroll: true });
  }, [moved]);
}
