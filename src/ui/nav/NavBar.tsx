/**
 * The rows under the stepper: play / pause with its speed, next / previous event of a chosen kind
 * and a frame number to go to; then the full-width Timeline slider with its event strip.
 */
import { useRef, useState } from "react";
import {
  selectFps,
  selectPlaying,
  selectRunning,
  selectStepsDone,
  selectStepsTotal,
  selectTotal,
  useApp,
  useRunStore,
} from "../app.ts";
import { InspectorHint } from "../InspectorHint.tsx";
import { selectLoadFraction } from "../run/progress.ts";
import type { RunState } from "../store.ts";
import { EVENT_KINDS, EVENT_LABEL, type EventKind } from "../timeline/timeline.ts";
import { StripKey } from "./EventStrip.tsx";
import { useFocusFallback } from "./focusFallback.ts";
import { type MoveId, move } from "./moves.ts";
import { Scrubber } from "./Scrubber.tsx";

/** Go where `target` says from the current state, pausing playback (a jump means "stop here"). */
function useGo() {
  const run = useRunStore();
  return (target: (s: RunState) => number | null) => () => {
    const s = run.getState();
    const f = target(s);
    if (s.playing) s.pause();
    if (f !== null) s.goto(f);
  };
}
const to = (id: MoveId) => (s: RunState) => move(id).to?.(s) ?? null;
const selectNoPrevEvent = (s: RunState) => to("prevEvent")(s) === null;
const selectNoNextEvent = (s: RunState) => to("nextEvent")(s) === null;

function PlayControls() {
  const run = useRunStore();
  const playing = useApp(selectPlaying);
  const fps = useApp(selectFps);
  return (
    <span className="play">
      <button
        type="button"
        onClick={() => move("play").run?.(run.getState())}
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
  );
}

function EventNav() {
  const run = useRunStore();
  const go = useGo();
  const eventKind = useApp((s) => s.eventKind);
  // Off when the move has nowhere to go: a press that does nothing says nothing.
  const noPrev = useApp(selectNoPrevEvent);
  const noNext = useApp(selectNoNextEvent);
  const none = `No ${EVENT_LABEL[eventKind]}`;
  const group = useRef<HTMLSpanElement>(null);
  useFocusFallback(group);
  /** When a key was last pressed on the kind menu: a change right after it came from that key. */
  const keyAt = useRef(Number.NEGATIVE_INFINITY);
  return (
    <span className="event-nav" ref={group}>
      <button
        type="button"
        onClick={go(to("prevEvent"))}
        aria-label="Previous event"
        disabled={noPrev}
        data-name="prev-event"
        data-fallback="next-event event-kind"
        title={noPrev ? `${none} before this frame` : "Previous event of this kind (,)"}
      >
        ◀
      </button>
      <select
        data-name="event-kind"
        aria-label="Event kind"
        title="Event kind (k chooses the next)"
        value={eventKind}
        onKeyDown={() => {
          keyAt.current = performance.now();
        }}
        onChange={(e) => {
          run.getState().setEventKind(e.currentTarget.value as EventKind);
          // Chosen with the mouse, the menu hands the keys back to stepping (→ had changed the
          // kind instead, as the Scenario picker does); browsed with keys, it keeps them.
          if (performance.now() - keyAt.current > 100) e.currentTarget.blur();
        }}
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
        disabled={noNext}
        data-name="next-event"
        data-fallback="prev-event event-kind"
        title={noNext ? `${none} after this frame` : "Next event of this kind (.)"}
      >
        ▶
      </button>
    </span>
  );
}

/** The frame a typed number goes to: the nearest one the run has. */
const gotoTarget = (f: number, total: number) => Math.min(total, Math.max(0, Math.round(f)));

/**
 * Where a typed number that is not a frame of the run went, and why ("" when it is one): the
 * move is made anyway, as a link's `f=` past the end is, but a lecturer who typed 99999 or 12.7
 * should see what happened to it.
 */
export function gotoNote(typed: string, f: number, total: number, running = false): string {
  const to = gotoTarget(f, total);
  if (to === f) return "";
  const why =
    f > total
      ? running
        ? `the run has reached frame ${total} so far`
        : `the run ends at frame ${total}`
      : f < 0
        ? "frames start at 0"
        : "frames are whole numbers";
  return `${typed.trim()}: ${why}, so frame ${to}`;
}

/** What became of a number typed, said while the run and its frame are still as it left them. */
interface GotoOutcome {
  readonly text: string;
  /** The frame it went to, and the run's generation: a move or another run ends the note. */
  readonly frame: number;
  readonly generation: number;
  /** Said while the run was still loading ("so far"): its end ends the note. */
  readonly running: boolean;
}

/**
 * The note, in a component of its own: the form does not follow the frame. It reads whether the
 * note still holds, so a step re-renders it only when that changes.
 */
function GotoNote({ outcome }: { outcome: GotoOutcome | null }) {
  const current = useApp(
    (s) =>
      outcome !== null &&
      outcome.frame === s.cur &&
      outcome.generation === s.generation &&
      (!outcome.running || s.running),
  );
  return (
    <output className="small" aria-live="polite">
      {current && outcome ? outcome.text : ""}
    </output>
  );
}

function GotoFrame() {
  const go = useGo();
  const run = useRunStore();
  const total = useApp(selectTotal);
  const [typed, setTyped] = useState("");
  const [outcome, setOutcome] = useState<GotoOutcome | null>(null);
  return (
    <form
      className="goto"
      // A number past the end goes to the last frame (as `f=` in a link does): the browser's own
      // check would refuse it and leave it in the field for the next digits to join.
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        // "-" or "e" alone: the field reads "" but shows the text, which the next digits joined.
        const input = e.currentTarget.elements.namedItem("goto") as HTMLInputElement | null;
        const f = Number(typed);
        const moved = typed.trim() !== "" && Number.isFinite(f);
        go(() => (moved ? f : null))();
        // Where the move went, from the run as it is now (the counter's total is redrawn only a
        // few times a second while the run loads).
        const s = run.getState();
        const live = s.timeline?.total ?? s.total;
        const said = moved
          ? gotoNote(typed, f, live, s.running)
          : input?.validity.badInput
            ? "not a frame number"
            : "";
        // A far seek may land later (the worker answers): the note waits for its frame.
        const frame = moved ? gotoTarget(f, live) : s.cur;
        setOutcome(
          said ? { text: said, frame, generation: s.generation, running: s.running } : null,
        );
        setTyped("");
        e.currentTarget.reset();
        // Give the keys back to the stepper.
        (document.activeElement as HTMLElement | null)?.blur();
      }}
    >
      <label htmlFor="goto-frame">Go to frame</label>
      <input
        id="goto-frame"
        name="goto"
        type="number"
        min={0}
        max={total}
        value={typed}
        // The range, not the frame on screen (the counter beside the stepper shows it): a
        // placeholder that followed the frame re-rendered the input at every step, and React
        // writes an input's type and name again at each render.
        placeholder={`0–${total}`}
        // Wide enough for the placeholder, and the spin buttons beside it.
        style={{ width: `calc(${String(total).length + 3}ch + 36px)` }}
        title="Type a frame number and press Enter (g)"
        onChange={(e) => {
          setTyped(e.currentTarget.value);
          setOutcome(null);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.currentTarget.blur();
        }}
        // Left without Enter (a stepping key handed the keys back, a click elsewhere): what was
        // typed goes, or the next number typed would be joined to it.
        onBlur={(e) => {
          setTyped("");
          e.currentTarget.form?.reset();
        }}
      />
      <GotoNote outcome={outcome} />
    </form>
  );
}

/** Thousandths of the load done: a bar that moves with the frames, not the steps. */
const selectLoadPermille = (s: RunState) => Math.round(1000 * selectLoadFraction(s));

/** While the model runs: how far it has got; the frames so far can be stepped already. */
function LoadProgress() {
  const running = useApp(selectRunning);
  const starting = useApp((s) => s.phase === "loading");
  const done = useApp(selectStepsDone);
  const steps = useApp(selectStepsTotal);
  const said = starting ? "starting" : `${done} of ${steps} steps run`;
  const permille = useApp(selectLoadPermille);
  if (!running) return null;
  return (
    <span
      className="load-progress"
      title="The model is still producing frames; those shown can be stepped"
    >
      running…{" "}
      <progress aria-label="Model progress" aria-valuetext={said} value={permille} max={1000}>
        {said}
      </progress>
    </span>
  );
}

export function NavBar() {
  return (
    <>
      <div className="nav-bar">
        <PlayControls />
        <EventNav />
        <GotoFrame />
        <InspectorHint />
        <LoadProgress />
        <StripKey />
      </div>
      <Scrubber />
    </>
  );
}
