/**
 * The stepper: frame buttons, the frame counter with the current system call and phase beside it
 * (`[` / `]` jump by phase), and the `?` key list. It also owns the app's keys (useKeys) and
 * playback (usePlayback); the row under it (NavBar.tsx) has the slider, play and event buttons.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  selectCur,
  selectFps,
  selectPlaying,
  selectRunning,
  selectTimeline,
  selectTotal,
  useApp,
  useRunStore,
} from "../app.ts";
import { selectLoadFraction } from "../run/progress.ts";
import type { RunState } from "../store.ts";
import { useFocusFallback } from "./focusFallback.ts";
import { KeysDialog } from "./KeysDialog.tsx";
import { here, type MoveId, move } from "./moves.ts";
import { useKeys, usePlayback } from "./useKeys.ts";

/**
 * Digits the frame counter makes room for. While a run comes, as many as its end will need,
 * estimated from the share of the load done (run/progress.ts) with room to spare, and never
 * fewer than before in that run, its end included: made room for as each new digit came, the
 * counter widened five times in a million-frame load and moved the buttons beside it each time.
 * An estimate from the steps done so far (steps differ a hundredfold in size) still widened it
 * twice when its first report came a few frames into the run.
 */
const HEADROOM = 4;

function useCounterDigits(): number {
  const timeline = useApp(selectTimeline);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const done = useApp(selectLoadFraction);
  const widest = useRef<{ run: unknown; digits: number }>({ run: null, digits: 1 });
  const w = widest.current;
  if (!running) {
    const digits = String(total).length;
    w.digits = w.run === timeline ? Math.max(w.digits, digits) : digits;
    w.run = timeline;
  } else if (done > 0) {
    const digits = String(Math.max(total, Math.ceil((HEADROOM * total) / done))).length;
    w.digits = w.run === timeline ? Math.max(w.digits, digits) : digits;
    w.run = timeline;
  }
  // Before the run's first frames, nothing says how long it will be: the width stays.
  return w.digits;
}

/** The run is still coming, or is about to be replaced (a call, Undo or the kernel switch). */
const selectUnsettled = (s: RunState) => s.running || s.replacing;

const selectAtStart = (s: RunState) => s.cur === 0;
const selectAtEnd = (s: RunState) => s.cur >= s.total;

/** The frame a move goes to from the state `s` (null: stay). */
const to = (id: MoveId) => (s: RunState) => move(id).to?.(s) ?? null;

/**
 * "mbind · unmap", the current step's call and phase: a string, so the phase output re-renders
 * when the name changes, not at every frame (re-read at every store change, the run growing
 * included).
 */
const selectPhaseLabel = (s: RunState) =>
  !s.timeline || s.cur === 0 ? "before the first call" : s.timeline.phaseLabel(s.cur);

/** "Frame i / n": re-rendered by a move, where the stepper around it is not. */
function FrameCounter() {
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  const digits = useCounterDigits();
  const playing = useApp(selectPlaying);
  return (
    <output
      className="status"
      aria-label="Frame position"
      // Silent while playing: up to 240 frames a second queued a screen reader far behind.
      aria-live={playing ? "off" : "polite"}
      style={{ minWidth: `${2 * digits + 8}ch` }}
    >
      {`Frame ${cur} / ${total}`}
    </output>
  );
}

/** What a key that found nowhere to go said, at which frame of which run, of which event kind. */
type Said = { text: string; at: number; generation: number; kind: RunState["eventKind"] } | null;

/** The frame, the run or the event kind is no longer the one `said` spoke of. */
const stale = (said: NonNullable<Said>, s: RunState) =>
  s.cur !== said.at || s.generation !== said.generation || s.eventKind !== said.kind;

/** The current phase, or in its place what a key that found nowhere to go said at this frame. */
function PhaseOutput({ said }: { said: Said }) {
  const phase = useApp(selectPhaseLabel);
  const text = useApp(
    useCallback((s: RunState) => (said && !stale(said, s) ? said.text : null), [said]),
  );
  const playing = useApp(selectPlaying);
  return (
    <output
      className={text ? "phase nothing" : "phase"}
      aria-label="Phase"
      title={phase}
      aria-live={playing ? "off" : "polite"}
    >
      {text ?? phase}
    </output>
  );
}

export function Stepper() {
  const run = useRunStore();
  // Only whether a move is possible: the frame itself is drawn by FrameCounter and PhaseOutput.
  const atStart = useApp(selectAtStart);
  const atEnd = useApp(selectAtEnd);
  const unsettled = useApp(selectUnsettled);
  const playing = useApp(selectPlaying);
  const fps = useApp(selectFps);
  const [help, setHelp] = useState(false);
  const closeHelp = useCallback(() => setHelp(false), []);
  // What a key that found nowhere to go says, in the phase's place for a moment (or until a
  // move: the phase is news again).
  const [nothing, setNothing] = useState<Said>(null);
  const nothingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(nothingTimer.current), []);
  // A move ends it, and so does another event kind: coming back to that frame within the moment
  // must not say it again, and "No error return" must not stay once `k` chose faults.
  useEffect(() => {
    if (!nothing) return;
    if (stale(nothing, run.getState())) {
      setNothing(null);
      return;
    }
    return run.subscribe((s) => {
      if (stale(nothing, s)) setNothing(null);
    });
  }, [run, nothing]);

  const targets = useMemo(
    () => ({
      openHelp: () => setHelp(true),
      // The field is in the sticky header, always in view: focusing it must not scroll the page
      // (the header's scroll padding made the browser scroll it to the top).
      focusFrameInput: () => document.getElementById("goto-frame")?.focus({ preventScroll: true }),
      focusSearch: () => document.getElementById("trace-search")?.focus(),
      sayNothing: (text: string) => {
        clearTimeout(nothingTimer.current);
        const { cur, generation, eventKind } = run.getState();
        setNothing({ text, at: cur, generation, kind: eventKind });
        nothingTimer.current = setTimeout(() => setNothing(null), 2500);
      },
    }),
    [run],
  );
  useKeys(run, targets);
  usePlayback(run, playing, fps);
  const group = useRef<HTMLFieldSetElement>(null);
  useFocusFallback(group);

  const go = (target: (s: RunState) => number | null) => () => {
    const s = run.getState();
    const f = target(s);
    if (s.playing) s.pause();
    if (f !== null) s.goto(f);
  };

  return (
    <div className="stepper-wrap">
      <fieldset className="stepper" aria-label="Stepping" ref={group}>
        <button
          type="button"
          onClick={go(() => 0)}
          disabled={atStart}
          data-fallback="next-frame"
          aria-label="First frame"
          title="First frame (Home)"
        >
          |◀
        </button>
        <button
          type="button"
          onClick={go(to("prevStep"))}
          disabled={atStart}
          data-fallback="next-frame"
          aria-label="Previous step"
          title="Start of this or the previous system call (Shift+←)"
        >
          ◀◀
        </button>
        <button
          type="button"
          className="big"
          onClick={go((s) => here(s) - 1)}
          disabled={atStart}
          data-name="prev-frame"
          data-fallback="next-frame"
        >
          <span aria-hidden="true">◀ </span>
          <span className="words">Previous frame</span>
        </button>
        <FrameCounter />
        <button
          type="button"
          className="big"
          onClick={go((s) => here(s) + 1)}
          disabled={atEnd}
          data-name="next-frame"
          data-fallback="prev-frame"
        >
          <span className="words">Next frame</span>
          <span aria-hidden="true"> ▶</span>
        </button>
        <button
          type="button"
          onClick={go(to("nextStep"))}
          disabled={atEnd}
          data-fallback="prev-frame"
          aria-label="Next step"
          title="Start of the next system call (Shift+→)"
        >
          ▶▶
        </button>
        <button
          type="button"
          onClick={go((s) => s.total)}
          disabled={atEnd}
          data-fallback="prev-frame"
          aria-label="Last frame"
          title="Last frame (End)"
        >
          ▶|
        </button>
        <span className="phase-nav">
          <button
            type="button"
            onClick={go(to("prevPhase"))}
            aria-label="Previous phase"
            title="Previous phase ([)"
          >
            [
          </button>
          <PhaseOutput said={nothing} />
          <button
            type="button"
            onClick={go(to("nextPhase"))}
            aria-label="Next phase"
            title="Next phase (])"
          >
            ]
          </button>
        </span>
        {unsettled && (
          // The progress bar is in the row below; this mark (visually hidden) keeps the stepper's
          // own "still running" signal where page objects and screen readers look for it. It comes
          // with the click that replaces the run, where `running` waits for the worker's answer.
          <span className="running visually-hidden">running…</span>
        )}
        <button
          type="button"
          onClick={() => setHelp(true)}
          aria-label="Keys"
          title="Keys (?)"
          className="help"
        >
          ?
        </button>
      </fieldset>
      <KeysDialog open={help} onClose={closeHelp} />
    </div>
  );
}
