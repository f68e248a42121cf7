/**
 * A student opening a link on a phone lands on the frame's words. The header's tools fill most of
 * a phone's first screen (570 of 844 px), and the narration began at 821 px, under the stepper
 * fixed to the bottom edge: a link to frame 132 showed the toolbar and the call's note. Once the
 * link's frame is on screen, the first panels of the phone's one column (the call's note, the
 * narration) are brought to the top, and kept there while the panels below still fill in (until
 * then the page may be too short to scroll that far), unless the reader moves the page (a wheel,
 * a touch or a key: the page itself shifts a few pixels as it fills in).
 */
import { decodeShare } from "../scenario/shareDecode.ts";
import { ONE_COLUMN } from "./phone.ts";
import type { RunStore } from "./store.ts";

/** How long after the frame shows the page may still grow under the panel brought to the top. */
const SETTLING_MS = 1500;

export function landOnLinkedFrame(store: RunStore, win: Window = window): void {
  if (!win.matchMedia(ONE_COLUMN).matches) return;
  // A reload or Back keeps the reader's own place (the address names the frame on screen always).
  const how = win.performance.getEntriesByType("navigation")[0] as
    | PerformanceNavigationTiming
    | undefined;
  if (how && how.type !== "navigate") return;
  const link = decodeShare(win.location.hash);
  if (!link.ok || !link.frameNamed || link.link.frame === 0) return;
  const want = link.link.frame;
  const reader = ["wheel", "touchmove", "keydown"] as const;
  /** The run the link loads: the first one shown. Another one before its frame: the link is left. */
  let linked: number | null = null;
  let keeping = 0;
  const stop = () => {
    off();
    win.cancelAnimationFrame(keeping);
    for (const type of reader) win.removeEventListener(type, stop);
  };
  for (const type of reader) win.addEventListener(type, stop, { passive: true });
  const off = store.subscribe((s) => {
    if (s.timeline === null) return;
    linked ??= s.generation;
    if (s.generation !== linked) return stop();
    // Past the run's end, the link shows the last frame (and says so).
    const shown = s.cur === want || (!s.running && s.cur > 0 && s.cur === s.total);
    if (!shown) return;
    off();
    const until = win.performance.now() + SETTLING_MS;
    const keep = () => {
      const top = win.document.querySelector(".col-side > .notes, .col-side > .trace");
      if (!top) return stop();
      // Not scrollIntoView: on this layout (the side column's box given up, its panels ordered
      // into the main grid) Chromium scrolled the note to 4 px, not to its 542.
      const by = top.getBoundingClientRect().top;
      if (Math.abs(by) > 1) win.scrollTo({ top: win.scrollY + by, behavior: "instant" });
      if (win.performance.now() < until) keeping = win.requestAnimationFrame(keep);
      else stop();
    };
    keeping = win.requestAnimationFrame(keep);
  });
}
