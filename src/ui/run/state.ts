/**
 * What a run store holds and offers (the state and its actions), apart from how it is built
 * (store.ts), so panels and helpers can name it without importing the store's machinery.
 */
import type { Command, Message } from "../../worker/protocol.ts";
import type { View } from "../../worker/viewState.ts";
import type { PageClasses } from "../pageClass.ts";
import type { EventKind, Timeline } from "../timeline/timeline.ts";
import type { Derived } from "../touched.ts";

export interface WorkerLike {
  postMessage(cmd: Command, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface Call {
  readonly id: number;
  readonly op: string;
  readonly step: Record<string, unknown>;
  /**
   * Its step's index in the scenario: where it was inserted, moved on by each call inserted
   * before it later (it runs after the steps before it).
   */
  readonly at: number;
  /** The frame on screen when it was made. */
  readonly madeAt: number;
  readonly dropLater: boolean;
  /** Made at the end of a finished run: appended to it, with no rerun. */
  readonly appended: boolean;
  ret: string | number | null;
  /** Its first frame once it ran (null before, or if it produced none). */
  firstFrame: number | null;
  errors: readonly string[];
  /** A later call made with "drop the steps after it" dropped this one's step. */
  readonly dropped?: boolean | undefined;
}

/** What Undo goes back to: the scenario and the calls before a call, and where the user was. */
export interface UndoEntry {
  readonly scenario: unknown;
  readonly frame: number;
  readonly callId: number;
  /** The calls list before the call (absent in records kept by older versions of the app). */
  readonly calls?: readonly Call[] | undefined;
  /** The step `frame` belonged to (-1: frame 0). */
  readonly step?: number | undefined;
  /**
   * `frame` numbers another kernel's run (a kernel switch came since): Undo opens at the first
   * frame of `step` instead, as the switch itself does.
   */
  readonly renumbered?: boolean | undefined;
}

/** Frames a second while playing: from 1 to 480, doubling. */
export const SPEEDS = [1, 2, 4, 8, 15, 30, 60, 120, 240, 480] as const;

/** `Derived` (what each move touched, the LRU lists) is kept by `withDerived`'s set. */
export interface RunState extends Derived {
  phase: "loading" | "ready" | "crashed";
  /**
   * The run on screen is about to be replaced (a load on its way, or an inserted call's rerun):
   * calls are refused until it is (`call`).
   */
  replacing: boolean;
  /**
   * Where the run on screen opens once it is complete (an Undo, a lesson that opens at its end),
   * or, for an inserted call's rerun ("call"), once it reaches the call; null when it opens where
   * it is. Until then frame 0 is only a stand-in, and the panels say so.
   */
  opening: "frame" | "step" | "end" | "call" | null;
  /** Why the scenario could not load, or what the model threw. */
  problem: readonly string[];
  /** The raw scenario as the worker runs it (inserted calls included): what restart reloads. */
  scenario: unknown;
  /** The scenario last asked for (load): the picker names it while it loads. */
  requested: unknown;
  /** Counts inits, so panels that keep scroll or drawing state can start afresh. */
  generation: number;
  timeline: Timeline | null;
  view: View | null;
  classes: PageClasses | null;
  /** Node of each pfn (static). */
  nodeOf: Uint8Array;
  cur: number;
  total: number;
  /** True until the loaded scenario has run to its end. */
  running: boolean;
  /** Steps the model has run so far (of the scenario's steps): the load's progress. */
  stepsDone: number;
  version: number;
  /** Moves on when a move changes a swap slot (or may have: a far one, a new view). */
  slotsRev: number;
  /** pfns the last move changed (null: redraw everything). */
  changed: number[] | null;
  /** Flat [pid, vpn, ...] of the PTEs the last move changed (null: redraw everything). */
  changedPtes: number[] | null;
  /** What the current frame itself changed (pfns, and "pid:vpn" PTE keys), marked on screen. */
  marked: ReadonlySet<number>;
  markedPtes: ReadonlySet<string>;
  selectedPfn: number | null;
  selectedPte: { pid: number; vpn: number } | null;
  calls: readonly Call[];
  /** Scenarios before each accepted call, newest last: what Undo goes back to. */
  undo: readonly UndoEntry[];
  playing: boolean;
  fps: number;
  /** The kind of event "next / previous event" jumps by. */
  eventKind: EventKind;

  /**
   * Load a scenario; `atEnd` shows its last frame once it has run. A new scenario starts with no
   * calls; with `keep`, the same scenario rerun another way (the kernel switch), the calls and
   * Undo are kept, `keep` turning each Undo's scenario into one of the new run's.
   */
  load(scenario: unknown, atEnd?: boolean, keep?: (scenario: unknown) => unknown): void;
  restart(): void;
  /**
   * Make a call where the user is: after the system call the current frame belongs to. Later
   * steps run again after it, or are dropped with `dropLater`. Returns the call's id, or null
   * (nothing sent) while the run on screen is about to be replaced: a scenario loading, or the
   * last inserted call running the scenario again. A call made then would be placed by frames
   * that are on their way out.
   */
  call(step: Record<string, unknown>, dropLater?: boolean): number | null;
  /** Take back the last accepted call (the run is reloaded without it). */
  undoCall(): void;
  /**
   * Take over the calls and Undo of an earlier page of this same scenario (callsKept.ts: a
   * reload), without running anything: the scenario already holds the calls.
   */
  adoptCalls(calls: readonly Call[], undo: RunState["undo"]): void;
  /**
   * Load `scenario` with the calls list and Undo it had when the user left it (the browser's Back
   * or Forward to it): they stay through its init, as an Undo's do.
   */
  resume(scenario: unknown, calls: readonly Call[], undo: RunState["undo"]): void;
  /**
   * Show `frame`. A move to another frame while frame 0 stands in for a run still coming (Undo,
   * an inserted call) ends the wait there, the user's choice; the app's own moves (a link's
   * frame, an export's frames) pass `{ keepWaiting: true }` and leave it.
   */
  goto(frame: number, how?: { keepWaiting?: boolean }): void;
  /** A far seek waits for the worker's answer: the frame on screen is about to change. */
  seeking(): boolean;
  /**
   * The frame that seek is for (null: none). A move made meanwhile (a key, a button) starts
   * there: → pressed while the frame a slider was dropped on is on its way is the frame after
   * that one, not after the frame still on screen.
   */
  seekingTo(): number | null;
  selectPfn(pfn: number | null): void;
  selectPte(pte: { pid: number; vpn: number } | null): void;
  play(): void;
  pause(): void;
  setFps(fps: number): void;
  setEventKind(kind: EventKind): void;
}

/** How many steps the scenario on screen has (its calls included). */
export const stepsTotal = (s: RunState): number =>
  (s.scenario as { steps?: unknown[] } | null)?.steps?.length ?? 0;

/** Nothing marked on screen (shared, so an unchanged mark set keeps its identity). */
export const NONE_MARKED: ReadonlySet<number> = new Set();
export const NO_PTES_MARKED: ReadonlySet<string> = new Set();
