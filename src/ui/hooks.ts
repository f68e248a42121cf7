import { useEffect, useMemo, useState } from "react";
import { selectSelectedPfn, selectSelectedPte, selectVersion, selectView, useApp } from "./app.ts";
import { type Focus, focusOf } from "./selection.ts";

/** The current selection's linked targets, recomputed when the frame or the selection changes. */
export function useFocus(): Focus {
  const version = useApp(selectVersion);
  const view = useApp(selectView);
  const selectedPfn = useApp(selectSelectedPfn);
  const selectedPte = useApp(selectSelectedPte);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view mutates in place; version marks it
  return useMemo(
    () => focusOf({ view, selectedPfn, selectedPte }),
    [version, view, selectedPfn, selectedPte],
  );
}

export const hex = (n: number) => `0x${n.toString(16)}`;
export const addrOfVpn = (vpn: number) => hex(vpn * 4096);

/**
 * Whether the element is on screen. Panels below the fold skip their per-frame work (the LRU scan
 * walks every page frame) and catch up when scrolled into view.
 */
export function useVisible(ref: React.RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver((entries) => {
      for (const e of entries) setVisible(e.isIntersecting);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return visible;
}
