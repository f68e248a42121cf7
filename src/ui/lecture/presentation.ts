/**
 * Presentation mode and themes as attributes on the root element, so one stylesheet
 * (lecture.css) hides the editing chrome and enlarges the type; and the keys that switch them.
 */

export type Theme = "light" | "dark";

export interface LectureMode {
  readonly presenting: boolean;
  readonly theme: Theme;
}

/** Mark `root` (the <html> element) so the stylesheet applies the mode. */
export function applyMode(root: HTMLElement, mode: LectureMode): void {
  if (mode.presenting) root.dataset.presentation = "on";
  else delete root.dataset.presentation;
  root.dataset.theme = mode.theme;
  root.style.colorScheme = mode.theme;
}

export type KeyAction = "presentation" | "fullscreen" | "theme";

interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly target: EventTarget | null;
}

/** Where a key is typing, not a command: fields, selects, the editor. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== "string") return false;
  return (
    el.isContentEditable === true ||
    el.tagName === "INPUT" ||
    el.tagName === "TEXTAREA" ||
    el.tagName === "SELECT"
  );
}

/** `P` presentation, `F` fullscreen, `T` theme; never while typing or with a modifier. */
export function keyAction(e: KeyLike): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return null;
  switch (e.key.toLowerCase()) {
    case "p":
      return "presentation";
    case "f":
      return "fullscreen";
    case "t":
      return "theme";
    default:
      return null;
  }
}

/** Enter fullscreen on `el`, or leave it; a refusal (no user gesture, an iframe) is not an error. */
export async function toggleFullscreen(el: HTMLElement): Promise<void> {
  try {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await el.requestFullscreen();
  } catch {
    // The browser said no (e.g. not from a key or click): the page works the same without it.
  }
}

const THEME_KEY = "numa-lab.theme";

/** The theme the lecturer chose last, else the system's. */
export function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === "light" || saved === "dark") return saved;
  } catch {
    // Storage may be blocked; fall through to the system's preference.
  }
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches
    ? "dark"
    : "light";
}

const PRESENTING_KEY = "numa-lab.presenting";

/**
 * Presentation mode as this tab left it: a lecturer who reloads the projector's page stays in it
 * (sessionStorage: a link opened elsewhere, a student's, starts with the editing tools).
 */
export function initialPresenting(): boolean {
  try {
    return sessionStorage.getItem(PRESENTING_KEY) === "on";
  } catch {
    return false;
  }
}

export function savePresenting(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(PRESENTING_KEY, "on");
    else sessionStorage.removeItem(PRESENTING_KEY);
  } catch {
    // Not saved: a reload leaves presentation mode.
  }
}

export function saveTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not saved: the choice lasts until the page is reloaded.
  }
}
