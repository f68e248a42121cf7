/**
 * The app's keys, on the window. Every key the app uses has its default prevented, so none scrolls
 * the page. In a text field (and a select) every key keeps its usual meaning, but for PageUp and
 * PageDown in the two fields the app's own keys focus (Go to frame, the trace search), which step
 * (a clicker's keys). A radio keeps its arrows and Space, a checkbox Space; the other keys step
 * (they did nothing there but scroll the page). A button reached with the keyboard keeps Space
 * and Enter. A button last clicked keeps Enter only: Space plays and pauses, as it does with
 * nothing focused (a lecturer who clicked "Next frame" found Space stepping again, not playing).
 */
import { useEffect } from "react";
import { isRecording } from "../export/recording.ts";
import type { RunStore } from "../store.ts";
import { EVENT_KINDS, EVENT_LABEL } from "../timeline/timeline.ts";
import { characterKeyOff } from "./characterKeys.ts";
import { moveFor, playedTo } from "./moves.ts";

const TEXT_LIKE =
  'input:not([type=range]):not([type=button]):not([type=submit]):not([type=radio]):not([type=checkbox]), select, textarea, [contenteditable=""], [contenteditable="true"]';

/**
 * The fields a digit, `g` or `/` focuses: there PageUp and PageDown step. Elsewhere (the System
 * call form) they keep their meaning: stepping there moved the call being typed to another place.
 */
const CLICKER_FIELDS = new Set(["goto-frame", "trace-search"]);

/** The keys a radio or a checkbox uses itself. */
function choiceKeeps(el: Element, key: string): boolean {
  if (!(el instanceof HTMLInputElement)) return false;
  if (el.type === "checkbox") return key === " ";
  return el.type === "radio" && (key === " " || key.startsWith("Arrow"));
}

export interface KeyTargets {
  openHelp(): void;
  focusFrameInput(): void;
  focusSearch(): void;
  /** Say that a move found nowhere to go ("No fault after this frame"). */
  sayNothing(what: string): void;
}

export function useKeys(run: RunStore, targets: KeyTargets): void {
  useEffect(() => {
    // How the focus last arrived: a button the keyboard focused keeps Space; one a pointer
    // focused, or that code focused after a click (Undo moves it to the call button), does not.
    // (Not :focus-visible: Chromium turns it on at the key press itself, before this runs.)
    let byKeyboard = true;
    let focusedByPointer: Element | null = null;
    const onPointerDown = (e: PointerEvent) => {
      byKeyboard = false;
      // A press on the button that already has focus moves no focus: it is the pointer's now.
      const on = e.target instanceof Element ? e.target.closest("button, summary") : null;
      if (on && on === document.activeElement) focusedByPointer = on;
    };
    const onFocusIn = (e: FocusEvent) => {
      focusedByPointer = !byKeyboard && e.target instanceof Element ? e.target : null;
    };
    const onAnyKey = () => {
      byKeyboard = true;
    };
    const onKey = (e: KeyboardEvent) => {
      // An animation being recorded steps the run itself: a key now would move its frame.
      if (isRecording()) {
        e.preventDefault();
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || characterKeyOff(e)) return;
      const t = e.target instanceof Element ? e.target : null;
      if (t?.closest("dialog[open]")) return;
      const field = t?.closest(TEXT_LIKE);
      if (
        field instanceof HTMLInputElement &&
        CLICKER_FIELDS.has(field.id) &&
        (e.key === "PageDown" || e.key === "PageUp")
      ) {
        // A presentation clicker sends these, and a one-line field has no use for them (they
        // would scroll the page): a stray digit that focused "Go to frame" stopped the clicker.
        // The field gives the keys back to the page, and the key steps.
        field.blur();
      } else if (field) return;
      if (t && choiceKeeps(t, e.key)) return;
      const button = t?.closest("button, summary");
      if (button && (e.key === "Enter" || (e.key === " " && button !== focusedByPointer))) return;
      const s = run.getState();
      const move = moveFor(e);
      if (move) {
        e.preventDefault();
        if (move.run) move.run(s);
        const to = move.to?.(s);
        if (to !== undefined && to !== null) {
          if (s.playing) s.pause();
          s.goto(to);
        } else if (to === null && (move.id === "nextEvent" || move.id === "prevEvent")) {
          // The buttons are disabled then, with a title; a key press would say nothing at all.
          const where = move.id === "nextEvent" ? "after" : "before";
          targets.sayNothing(`No ${EVENT_LABEL[s.eventKind]} ${where} this frame`);
        }
        return;
      }
      // A digit starts typing a frame number: the box takes focus, and the digit with it.
      if (/^[0-9]$/.test(e.key)) {
        targets.focusFrameInput();
        return;
      }
      if (e.key === "?") targets.openHelp();
      else if (e.key === "g") targets.focusFrameInput();
      else if (e.key === "/") targets.focusSearch();
      else if (e.key === "k") {
        const i = EVENT_KINDS.indexOf(s.eventKind);
        s.setEventKind(EVENT_KINDS[(i + 1) % EVENT_KINDS.length] ?? "fault");
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    window.addEventListener("keydown", onAnyKey, true);
    window.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("focusin", onFocusIn, true);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("keydown", onAnyKey, true);
      window.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("focusin", onFocusIn, true);
    };
  }, [run, targets]);
}

/**
 * While the run plays, advance at its speed on each animation frame (several frames per paint at
 * high speeds). Pauses at the last frame once the run is complete.
 */
export function usePlayback(run: RunStore, playing: boolean, fps: number): void {
  useEffect(() => {
    if (!playing) return;
    let handle = 0;
    let last = performance.now();
    let owed = 0;
    const tick = (now: number) => {
      owed += ((now - last) * fps) / 1000;
      last = now;
      const s = run.getState();
      const n = Math.floor(owed);
      if (n > 0) {
        owed -= n;
        const to = playedTo(s, n);
        if (to === null) {
          s.pause();
          return;
        }
        s.goto(to);
      }
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(handle);
  }, [run, playing, fps]);
}
