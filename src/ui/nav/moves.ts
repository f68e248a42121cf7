/**
 * Where each navigation command goes from the current frame: pure functions of the run's state,
 * shared by the keys, the buttons and the `?` dialog (one table, so the dialog never goes stale).
 */
import { type RunState, SPEEDS } from "../store.ts";

export type MoveId =
  | "nextFrame"
  | "prevFrame"
  | "nextStep"
  | "prevStep"
  | "nextPhase"
  | "prevPhase"
  | "nextEvent"
  | "prevEvent"
  | "first"
  | "last"
  | "play"
  | "faster"
  | "slower";

export interface Move {
  readonly id: MoveId;
  /** Keys as `KeyboardEvent.key`, with "Shift+" when Shift must be held. */
  readonly keys: readonly string[];
  /** What the `?` dialog shows for the keys. */
  readonly label: string;
  readonly does: string;
  /** The frame to go to, or null to stay. Absent for commands that do something else. */
  readonly to?: (s: RunState) => number | null;
  readonly run?: (s: RunState) => void;
}

const clampFrame = (s: RunState, f: number) => Math.max(0, Math.min(s.total, f));

/**
 * Where a move starts: the frame on screen, or the one a far seek is bringing (a key pressed
 * just after a drop on the slider, before that frame is drawn, moves on from it).
 */
export const here = (s: RunState): number => s.seekingTo() ?? s.cur;

/**
 * Where playing `n` frames on goes: from `here` too (Space just after a slider drop plays on from
 * the frame dropped on), or null at the end of a run that is complete (playing stops).
 */
export function playedTo(s: RunState, n: number): number | null {
  const from = here(s);
  if (from >= s.total && !s.running) return null;
  return Math.min(s.total, from + n);
}

export const MOVES: readonly Move[] = [
  {
    keys: ["ArrowRight", "PageDown"],
    label: "→ or Page Down",
    does: "next frame",
    id: "nextFrame",
    to: (s) => clampFrame(s, here(s) + 1),
  },
  {
    keys: ["ArrowLeft", "PageUp"],
    label: "← or Page Up",
    does: "previous frame",
    id: "prevFrame",
    to: (s) => clampFrame(s, here(s) - 1),
  },
  {
    keys: ["Shift+ArrowRight"],
    label: "Shift+→",
    does: "start of the next system call",
    id: "nextStep",
    to: (s) => s.timeline?.nextStepStart(here(s)) ?? s.total,
  },
  {
    keys: ["Shift+ArrowLeft"],
    label: "Shift+←",
    does: "start of this system call, or of the previous one when already there",
    id: "prevStep",
    to: (s) => s.timeline?.prevStepStart(here(s)) ?? 0,
  },
  {
    keys: ["]"],
    label: "]",
    does: "next phase",
    id: "nextPhase",
    to: (s) => s.timeline?.nextPhaseStart(here(s)) ?? null,
  },
  {
    keys: ["["],
    label: "[",
    does: "start of this phase, or of the previous one when already there",
    id: "prevPhase",
    to: (s) => s.timeline?.prevPhaseStart(here(s)) ?? 0,
  },
  {
    keys: ["."],
    label: ".",
    does: "next event of the chosen kind",
    id: "nextEvent",
    to: (s) => s.timeline?.nextEvent(s.eventKind, here(s)) ?? null,
  },
  {
    keys: [","],
    label: ",",
    does: "previous event of the chosen kind",
    id: "prevEvent",
    to: (s) => s.timeline?.prevEvent(s.eventKind, here(s)) ?? null,
  },
  {
    keys: ["Home"],
    label: "Home",
    does: "first frame (the machine before any call)",
    id: "first",
    to: () => 0,
  },
  { keys: ["End"], label: "End", does: "last frame", id: "last", to: (s) => s.total },
  {
    keys: [" "],
    label: "Space",
    does: "play / pause",
    id: "play",
    run: (s) => (s.playing ? s.pause() : s.play()),
  },
  {
    keys: ["+", "="],
    label: "+",
    does: "play faster",
    id: "faster",
    run: (s) => s.setFps(SPEEDS.find((v) => v > s.fps) ?? s.fps),
  },
  {
    keys: ["-"],
    label: "−",
    does: "play slower",
    id: "slower",
    run: (s) => s.setFps([...SPEEDS].reverse().find((v) => v < s.fps) ?? s.fps),
  },
];

/** Keys handled by the page itself rather than by a move (listed in the dialog too). */
export const OTHER_KEYS: readonly { label: string; does: string }[] = [
  { label: "0 … 9", does: "type a frame number, then Enter, to go there" },
  { label: "g", does: "go to the frame number box" },
  { label: "/", does: "search the trace (Enter, Shift+Enter: next, previous match)" },
  {
    label: "↑ / ↓",
    does: "on a row of the trace list: the row before / after (Enter goes to its frame)",
  },
  { label: "k", does: "choose the next event kind for . and ," },
  { label: "p", does: "presentation mode on or off (a larger picture for the projector)" },
  { label: "f", does: "full screen on or off" },
  { label: "t", does: "dark or light theme" },
  { label: "?", does: "this list of keys" },
  { label: "Esc", does: "close this list, the QR code or the compare view" },
];

/** The move a key press asks for, if any. */
export function moveFor(e: { key: string; shiftKey: boolean }): Move | null {
  const name = e.shiftKey && e.key.startsWith("Arrow") ? `Shift+${e.key}` : e.key;
  return MOVES.find((m) => m.keys.includes(name)) ?? null;
}

export function move(id: MoveId): Move {
  const m = MOVES.find((x) => x.id === id);
  if (!m) throw new Error(`no move ${id}`);
  return m;
}
