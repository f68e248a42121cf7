/**
 * The stepper: frame buttons, the frame counter with the current system call and phase beside it,
 * play / pause with its speed, next / previous event of a chosen kind, a frame number to go to, and
 * the `?` key list. It also owns the app's keys (useKeys) and playback (usePlayback).
 */
import { useMemo, useState } from "react";
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
import type { RunState } from "../store.ts";
import { EVENT_KINDS, EVENT_LABEL, type EventKind } from "../timeline/timeline.ts";
import { KeysDialog } from "./KeysDialog.tsx";
import { type MoveId, move } from "./moves.ts";
import { useKeys, usePlayback } from "./useKeys.ts";

/** The frame a move goes to from the state `s` (null: stay). */
const to = (id: MoveId) => (s: RunState) => move(id).to?.(s) ?? null;

/** "mbind · unmap": the current step's call and phase. */
function usePhaseLabel(): string {
  const cur = useApp(selectCur);
  const timeline = useApp(selectTimeline);
  const total = useApp(selectTotal);
  // biome-ignore lint/correctness/useExhaustiveDependencies: total marks the timeline growing
  return useMemo(() => {
    if (!timeline || cur === 0) return "before the first call";
    const phase = timeline.phaseAt(cur)?.name ?? "";
    const op = timeline.stepInfoAt(cur)?.op;
    return op ? `${op} · ${phase}` : phase;
  }, [cur, timeline, total]);
}

export function Stepper() {
  const run = useRunStore();
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const playing = useApp(selectPlaying);
  const fps = useApp(selectFps);
  const eventKind = useApp((s) => s.eventKind);
  const phase = usePhaseLabel();
  const [help, setHelp] = useState(false);
  const [typed, setTyped] = useState("");

  const targets = useMemo(
    () => ({
      openHelp: () => setHelp(true),
      focusFrameInput: () => document.getElementById("goto-frame")?.focus(),
      focusSearch: () => document.getElementById("trace-search")?.focus(),
    }),
    [],
  );
  useKeys(run, targets);
  usePlayback(run, playing, fps);

  const go = (target: (s: RunState) => number | null) => () => {
    const s = run.getState();
    const f = target(s);
    if (s.playing) s.pause();
    if (f !== null) s.goto(f);
  };

  return (
    <div className="stepper-wrap">
      <fieldset className="stepper" aria-label="Stepping">
        <button
          type="button"
          onClick={go(() => 0)}
          disabled={cur === 0}
          aria-label="First frame"
          title="First frame (Home)"
        >
          |◀
        </button>
        <button
          type="button"
          onClick={go(to("prevStep"))}
          disabled={cur === 0}
          aria-label="Previous step"
          title="Start of this or the previous system call (Shift+←)"
        >
          ◀◀
        </button>
        <button type="button" className="big" onClick={go((s) => s.cur - 1)} disabled={cur === 0}>
          <span aria-hidden="true">◀ </span>Previous frame
        </button>
        <output
          className="status"
          aria-label="Frame position"
          style={{ minWidth: `${2 * String(total).length + 9}ch` }}
        >
          {`Frame ${cur} / ${total}`}
        </output>
        <button
          type="button"
          className="big"
          onClick={go((s) => s.cur + 1)}
          disabled={cur >= total}
        >
          Next frame<span aria-hidden="true"> ▶</span>
        </button>
        <button
          type="button"
          onClick={go(to("nextStep"))}
          disabled={cur >= total}
          aria-label="Next step"
          title="Start of the next system call (Shift+→)"
        >
          ▶▶
        </button>
        <button
          type="button"
          onClick={go((s) => s.total)}
          disabled={cur >= total}
          aria-label="Last frame"
          title="Last frame (End)"
        >
          ▶|
        </button>
        {running && (
          <span className="running" title="The model is still producing frames">
            running…
          </span>
        )}
      </fieldset>
      <div className="nav-row">
        <span className="phase-nav">
          <button
            type="button"
            onClick={go(to("prevPhase"))}
            aria-label="Previous phase"
            title="Previous phase ([)"
          >
            [
          </button>
          <output className="phase" aria-label="Phase">
            {phase}
          </output>
          <button
            type="button"
            onClick={go(to("nextPhase"))}
            aria-label="Next phase"
            title="Next phase (])"
          >
            ]
          </button>
        </span>
        <span className="play">
          <button
            type="button"
            onClick={() => (playing ? run.getState().pause() : run.getState().play())}
            aria-label={playing ? "Pause" : "Play"}
            title="Play / pause (Space)"
          >
            {playing ? "❚❚" : "▶"}
          </button>
          <button
            type="button"
            onClick={() => move("slower").run?.(run.getState())}
            aria-label="Slower"
            title="Slower (−)"
          >
            −
          </button>
          <output aria-label="Speed">{fps} fps</output>
          <button
            type="button"
            onClick={() => move("faster").run?.(run.getState())}
            aria-label="Faster"
            title="Faster (+)"
          >
            +
          </button>
        </span>
        <span className="event-nav">
          <button
            type="button"
            onClick={go(to("prevEvent"))}
            aria-label="Previous event"
            title="Previous event of this kind (,)"
          >
            ◀
          </button>
          <select
            aria-label="Event kind"
            value={eventKind}
            onChange={(e) => run.getState().setEventKind(e.currentTarget.value as EventKind)}
          >
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {EVENT_LABEL[k]}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={go(to("nextEvent"))}
            aria-label="Next event"
            title="Next event of this kind (.)"
          >
            ▶
          </button>
        </span>
        <form
          className="goto"
          onSubmit={(e) => {
            e.preventDefault();
            const f = Number(typed);
            if (typed.trim() !== "" && Number.isFinite(f)) go(() => f)();
            (document.activeElement as HTMLElement | null)?.blur();
          }}
        >
          <label htmlFor="goto-frame">Go to frame</label>
          <input
            id="goto-frame"
            type="number"
            min={0}
            max={total}
            value={typed}
            placeholder={String(cur)}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
        </form>
        <button
          type="button"
          onClick={() => setHelp(true)}
          aria-label="Keys"
          title="Keys (?)"
          className="help"
        >
          ?
        </button>
      </div>
      <KeysDialog open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
