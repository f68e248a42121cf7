/**
 * The sticky header's height as the page's scroll padding: a field focused, or a panel scrolled
 * to, comes to rest below the header instead of under it (at 1280x720 the header is a third of
 * the window, and it hid the System call form's first field and its errors).
 */
import { useEffect } from "react";

/** `el`: the header element, as a callback ref keeps it (the compare view unmounts it). */
export function useStickyHeaderPadding(el: HTMLElement | null): void {
  useEffect(() => {
    if (!el) return;
    const root = document.documentElement;
    const ro = new ResizeObserver(() => {
      root.style.scrollPaddingTop = `${Math.round(el.getBoundingClientRect().height) + 8}px`;
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      root.style.scrollPaddingTop = "";
    };
  }, [el]);
}
