import { useSyncExternalStore } from "react";

/**
 * Whether presentation mode is on, for a layout that differs in it beyond what CSS can say (a
 * panel drawn in the other column). The mode lives on <html> (presentation.ts), where the key,
 * the button, speaker notes and tests all set it: the attribute is watched, not a copy of it.
 */
export function usePresenting(): boolean {
  return useSyncExternalStore(watchPresentation, isPresenting, () => false);
}

function isPresenting(): boolean {
  return document.documentElement.dataset.presentation === "on";
}

function watchPresentation(changed: () => void): () => void {
  const seen = new MutationObserver(changed);
  seen.observe(document.documentElement, { attributeFilter: ["data-presentation"] });
  return () => seen.disconnect();
}

/** The two-column layout's widths: above them, a phone's one column (narrow.css). */
const TWO_COLUMNS = "(min-width: 761px)";

/** Whether the window is wide enough for two columns, kept up to date as it is resized. */
export function useTwoColumns(): boolean {
  return useSyncExternalStore(watchWidth, isTwoColumns, () => true);
}

function isTwoColumns(): boolean {
  return typeof matchMedia !== "function" || matchMedia(TWO_COLUMNS).matches;
}

function watchWidth(changed: () => void): () => void {
  if (typeof matchMedia !== "function") return () => {};
  const query = matchMedia(TWO_COLUMNS);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}
