/**
 * A page or PTE selected while the `Selected` panel is out of sight (at 1280x720 it starts below
 * the fold; after a click on an LRU chip it is far above): a button in the sticky header's
 * navigation row names the selection and brings the panel into view. It sits in the header, so it
 * never covers the page; scrolling on the click itself would push the clicked grid out of sight.
 */
import { useEffect, useState } from "react";
import { selectSelectedPfn, selectSelectedPte, useApp } from "./app.ts";
import { addrOfVpn } from "./hooks.ts";

/** The `Selected` panel's id (Inspector.tsx). */
export const INSPECTOR_ID = "inspector";

/** Room kept between the panel and the header or the window's bottom when it is revealed. */
const MARGIN = 8;

/** The bottom of the sticky header: the page is seen below it. */
const headerBottom = () =>
  document.querySelector("header.top")?.getBoundingClientRect().bottom ?? 0;

/** Scroll the panel to just below the header, or up to the window's bottom when it is below. */
function reveal(panel: HTMLElement): void {
  const r = panel.getBoundingClientRect();
  const top = headerBottom() + MARGIN;
  const by = r.top < top ? r.top - top : Math.min(r.bottom - (innerHeight - MARGIN), r.top - top);
  // Smooth unless the reader asked the system for less motion.
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  scrollBy({ top: by, behavior: still ? "instant" : "smooth" });
  panel.focus({ preventScroll: true });
}

export function InspectorHint() {
  const pfn = useApp(selectSelectedPfn);
  const pte = useApp(selectSelectedPte);
  const selected = pfn !== null || pte !== null;
  /** Where the panel is while out of sight. */
  const [away, setAway] = useState<"below" | "above" | null>(null);
  /** Offered for a new selection until the panel has been seen (or Esc): not each time it leaves. */
  const [armed, setArmed] = useState(false);
  // What the user chose, not what it points at: a selected PTE's page changes as it migrates.
  const key = `${pfn} ${pte?.pid}:${pte?.vpn}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: armed anew by each new selection
  useEffect(() => setArmed(selected), [key, selected]);
  useEffect(() => {
    const panel = document.getElementById(INSPECTOR_ID);
    if (!selected || !panel) return;
    // Seen: at least its heading in the window below the header (hidden, as in presentation, is
    // never seen; the button is hidden there too).
    const io = new IntersectionObserver(
      ([e]) => {
        if (!e) return;
        if (e.intersectionRect.height >= 40) {
          setAway(null);
          setArmed(false);
        } else setAway(e.boundingClientRect.top > headerBottom() ? "below" : "above");
      },
      {
        rootMargin: `-${Math.round(headerBottom())}px 0px 0px 0px`,
        threshold: [0, 0.1, 0.2, 0.5, 1],
      },
    );
    io.observe(panel);
    return () => io.disconnect();
  }, [selected]);
  const shown = selected && armed && away !== null;
  const what = pte ? `PTE ${addrOfVpn(pte.vpn)}` : `pfn ${pfn}`;
  return (
    // A live region that is always there, so the offer is announced when it appears.
    <span className="inspector-hint-live" aria-live="polite">
      {shown && (
        <button
          type="button"
          className="inspector-hint"
          aria-label={`Selected ${what}: show its details`}
          title="Show the Selected panel (Esc: no thanks)"
          onClick={() => {
            const panel = document.getElementById(INSPECTOR_ID);
            setArmed(false);
            if (panel) reveal(panel);
          }}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            setArmed(false);
            e.stopPropagation();
          }}
        >
          Selected {what} {away === "below" ? "↓" : "↑"}
        </button>
      )}
    </span>
  );
}
