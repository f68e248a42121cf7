/**
 * A button that turns itself off under the keyboard's focus (`Next frame` at the last frame,
 * `Next event` past the last event) leaves the focus nowhere: Chromium moves it to the page's
 * body, and a screen reader loses its place. After each render of its group, such a button hands
 * the focus to the first button still on that its `data-fallback` names (by `data-name`).
 * A layout effect, so it runs in the commit that disabled the button, while the button still
 * holds the focus (Chromium lets go of it at the next style update).
 */
import { type RefObject, useLayoutEffect } from "react";

export function useFocusFallback(group: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const root = group.current;
    const el = document.activeElement;
    if (!root || !(el instanceof HTMLButtonElement) || !el.disabled || !root.contains(el)) return;
    for (const name of (el.dataset.fallback ?? "").split(" ").filter(Boolean)) {
      const to = root.querySelector<HTMLElement>(`[data-name="${name}"]`);
      if (to && !(to instanceof HTMLButtonElement && to.disabled)) {
        to.focus({ preventScroll: true });
        return;
      }
    }
  });
}
