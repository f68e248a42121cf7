/**
 * A page or PTE clicked while the `Selected` panel is off screen (at 1280x720 it starts below the
 * fold): a button at the bottom of the window names the selection and brings the panel into view.
 * Scrolling by itself on a click would push the clicked grid under the sticky header.
 */
import { useEffect, useState } from "react";
import { selectFocusPfn, selectSelectedPte, useApp } from "./app.ts";
import { addrOfVpn } from "./hooks.ts";

/** The `Selected` panel's id (Inspector.tsx). */
export const INSPECTOR_ID = "inspector";

export function InspectorHint() {
  const pfn = useApp(selectFocusPfn);
  const pte = useApp(selectSelectedPte);
  const selected = pfn !== null || pte !== null;
  const [offScreen, setOffScreen] = useState(false);
  useEffect(() => {
    const panel = document.getElementById(INSPECTOR_ID);
    if (!selected || !panel) return;
    // Off screen: less than its heading in view (or hidden, as in presentation).
    const io = new IntersectionObserver(
      ([e]) => setOffScreen(!!e && e.intersectionRect.height < 40),
      { threshold: [0, 0.05, 0.1, 0.2, 0.5, 1] },
    );
    io.observe(panel);
    return () => io.disconnect();
  }, [selected]);
  if (!selected || !offScreen) return null;
  const what = pte ? `the PTE at ${addrOfVpn(pte.vpn)} (pid ${pte.pid})` : `pfn ${pfn}`;
  return (
    <button
      type="button"
      className="inspector-hint"
      onClick={() => {
        const panel = document.getElementById(INSPECTOR_ID);
        panel?.scrollIntoView({ block: "end", behavior: "smooth" });
        panel?.focus({ preventScroll: true });
      }}
    >
      Selected {what}: show its details ↓
    </button>
  );
}
