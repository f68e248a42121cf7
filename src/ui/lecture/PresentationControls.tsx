/**
 * The `Presentation` toggle (key P), fullscreen (F) and the theme (T): the mode lives on the root
 * element, where lecture.css reads it. Self-contained: mount it once, in the header (the app's or
 * the compare view's).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { characterKeyOff } from "../nav/characterKeys.ts";
import {
  applyMode,
  initialPresenting,
  initialTheme,
  keyAction,
  type LectureMode,
  savePresenting,
  saveTheme,
  toggleFullscreen,
} from "./presentation.ts";
import "./lecture.css";

export function PresentationControls() {
  // Mounted again (the compare view has its own header), it carries on in the mode on screen.
  const [mode, setMode] = useState<LectureMode>(() => ({
    presenting: document.documentElement.dataset.presentation === "on" || initialPresenting(),
    theme: initialTheme(),
  }));
  const wasPresenting = useRef(mode.presenting);
  /** Where the desk was scrolled to when presentation began: leaving it goes back there. */
  const deskTop = useRef<number | null>(null);
  useEffect(() => {
    const entered = mode.presenting && !wasPresenting.current;
    const left = !mode.presenting && wasPresenting.current;
    if (entered) deskTop.current = window.scrollY;
    applyMode(document.documentElement, mode);
    // Entered from a desk scrolled down to the swap table, the projector went on showing that:
    // presentation starts at the top of the picture.
    if (entered) window.scrollTo({ top: 0 });
    // Left, the desk is where the lecturer had it (the form, the counters), not at its top:
    // after the next frame's layout, for panels that presentation had moved (App.tsx) move back
    // in a render of their own, and a scroll made before it was clamped or shifted.
    const top = deskTop.current;
    if (left && top !== null) requestAnimationFrame(() => window.scrollTo({ top }));
    wasPresenting.current = mode.presenting;
  }, [mode]);

  const togglePresenting = useCallback(
    () =>
      setMode((m) => {
        savePresenting(!m.presenting);
        return { ...m, presenting: !m.presenting };
      }),
    [],
  );
  const toggleTheme = useCallback(
    () =>
      setMode((m) => {
        const theme = m.theme === "dark" ? "light" : "dark";
        saveTheme(theme);
        return { ...m, theme };
      }),
    [],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = characterKeyOff(e) ? null : keyAction(e);
      if (!action) return;
      e.preventDefault();
      if (action === "presentation") togglePresenting();
      else if (action === "theme") toggleTheme();
      else void toggleFullscreen(document.documentElement);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [togglePresenting, toggleTheme]);

  return (
    <div className="lecture-controls">
      <button
        type="button"
        aria-pressed={mode.presenting}
        aria-keyshortcuts="P"
        title="Hide the editing tools and enlarge the picture (P); fullscreen with F"
        onClick={togglePresenting}
      >
        Presentation
      </button>
      <button
        type="button"
        aria-pressed={mode.theme === "dark"}
        aria-keyshortcuts="T"
        title="Dark theme for a dim hall (T)"
        onClick={toggleTheme}
      >
        Dark theme
      </button>
    </div>
  );
}
