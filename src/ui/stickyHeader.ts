/**
 * The sticky header's height as the page's scroll padding: a field focused, or a panel scrolled
 * to, comes to rest below the header instead of under it (at 1280x720 the header is a third of
 * the window, and it hid the System call form's first field and its errors). While focus is in
 * the header itself there is no padding: the header is always in view, and with it the browser
 * scrolled the page up by the header's height at each digit typed into `Go to frame`. A header
 * that is not sticky (the narrow layout) gives no padding.
 */
import { useEffect } from "react";

/** `el`: the header element, as a callback ref keeps it (the compare view unmounts it). */
export function useStickyHeaderPadding(el: HTMLElement | null): void {
  useEffect(() => {
    if (!el) return;
    const root = document.documentElement;
    let height = 0;
    const apply = () => {
      const inHeader = el.contains(document.activeElement);
      // Only while the header stays on screen: in the narrow layout it scrolls away, and its
      // height as padding (401 px at 200% zoom in a 360 px window) left a focused control no
      // room, so the browser could not bring it into view.
      const sticky = getComputedStyle(el).position === "sticky";
      root.style.scrollPaddingTop = inHeader || !sticky ? "" : `${height + 8}px`;
    };
    const ro = new ResizeObserver(() => {
      height = Math.round(el.getBoundingClientRect().height);
      apply();
    });
    ro.observe(el);
    // Focus events come before the browser scrolls the focused element into view.
    document.addEventListener("focusin", apply);
    document.addEventListener("focusout", apply);
    return () => {
      ro.disconnect();
      document.removeEventListener("focusin", apply);
      document.removeEventListener("focusout", apply);
      root.style.scrollPaddingTop = "";
    };
  }, [el]);
}
