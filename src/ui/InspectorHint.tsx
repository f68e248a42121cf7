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
  /** Where the panel is while off screen (above, after a click far down the page). */
  const [away, setAway] = useState<"below" | "above" | null>(null);
  /** Offered for a new selection until the panel has been in view: not each time it scrolls away. */
  const [armed, setArmed] = useState(false);
  const key = `${pfn} ${pte?.pid}:${pte?.vpn}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: armed anew by each new selection
  useEffect(() => setArmed(selected), [key, selected]);
  useEffect(() => {
    const panel = document.getElementById(INSPECTOR_ID);
    if (!selected || !panel) return;
    // Off screen: less than its heading in view (or hidden, as in presentation).
    const io = new IntersectionObserver(
      ([e]) => {
        if (!e) return;
        if (e.intersectionRect.height >= 40) {
          setAway(null);
          setArmed(false);
        } else setAway(e.boundingClientRect.top > 0 ? "below" : "above");
      },
      { threshold: [0, 0.05, 0.1, 0.2, 0.5, 1] },
    );
    io.observe(panel);
    return () => io.disconnect();
  }, [selected]);
  if (!selected || !armed || !away) return null;
  const what = pte ? `the PTE at ${addrOfVpn(pte.vpn)} (pid ${pte.pid})` : `pfn ${pfn}`;
  return (
    <button
      type="button"
      className="inspector-hint"
      onClick={() => {
        const panel = document.getElementById(INSPECTOR_ID);
        panel?.scrollIntoView({ block: away === "below" ? "end" : "center", behavior: "smooth" });
        panel?.focus({ preventScroll: true });
        setArmed(false);
      }}
    >
      Selected {what}: show its details {away === "below" ? "↓" : "↑"}
    </button>
  );
}
