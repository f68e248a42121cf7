/**
 * Whether the dark theme is on, for what CSS cannot recolour: the large machine's canvases draw
 * their free (and unmapped) cells with the theme's tile, as styles/cells.css does for the DOM
 * cells.
 */
import { useSyncExternalStore } from "react";

/** The dark theme's free tile: `:root[data-theme="dark"] .cell.free` in styles/cells.css. */
export const DARK_FREE = "#2b2f36";

const isDark = () => document.documentElement.dataset.theme === "dark";

/** Follows the root's `data-theme` (lecture/presentation.ts `applyMode` sets it). */
function subscribe(changed: () => void): () => void {
  const watch = new MutationObserver(changed);
  watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => watch.disconnect();
}

export function useDarkTheme(): boolean {
  return useSyncExternalStore(subscribe, isDark, () => false);
}
