/**
 * The store of one run (vanilla Zustand, fed by its worker's messages). It holds the view state at
 * the current frame and moves it along the run's timeline, so stepping never waits on the worker.
 * Typed arrays are mutated in place; `version` tells subscribers that they changed.
 *
 * Actions other modules call (share URLs, lessons): `load` (a scenario), `goto` (frame N), `cur`
 * (the current frame), `selectPfn` / `selectPte` (the selection). Each run has its own worker: a
 * load starts a fresh one, so nothing from a scenario the user already left can arrive late.
 */
import { createStore } from "zustand/vanilla";
import { restoreView } from "../worker/keyframe.ts";
import {
  applyFrame,
  type Command,
  framePages,
  framePtes,
  type Message,
  PAGE_COLS,
  type View,
} from "../worker/protocol.ts";
import { PageClasses } from "./pageClass.ts";
import { pteKey } from "./selection.ts";
import { type EventKind, Timeline } from "./timeline/timeline.ts";
import { initialView } from "./timeline/view.ts";
import { type Derived, NOTHING_TOUCHED, withDerived } from "./touched.ts";

export interface WorkerLike {
  postMessage(cmd: Command): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface Call {
  readonly id: number;
  readonly op: string;
  readonly step: Record<string, unknown>;
  /** Step index the call was inserted at (it runs after the steps before it). */
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
}

/** Frames a second while playing: from 1 to 480, doubling. */
export const SPEEDS = [1, 2, 4, 8, 15, 30, 60, 120, 240, 480] as const;

/** `Derived` (what each move touched, the LRU lists) is kept by `withDerived`'s set. */
export interface RunState extends Derived {
  phase: "loading" | "ready" | "crashed";
  /** Why the scenario could not load, or what the model threw. */
  problem: readonly string[];
  /** The raw scenario as the worker runs it (inserted calls included): what restart reloads. */
  scenario: unknown;
  /** Which built-in or saved scenario this is (the picker shows it), if known. */
  scenarioId: string | null;
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
  undo: readonly { scenario: unknown; frame: number; callId: number }[];
  playing: boolean;
  fps: number;
  /** The kind of event "next / previous event" jumps by. */
  eventKind: EventKind;

  /** Load a scenario; `atEnd` shows its last frame once it has run; `id` names it for the picker. */
  load(scenario: unknown, atEnd?: boolean, id?: string | null): void;
  restart(): void;
  /**
   * Make a call where the user is: after the system call the current frame belongs to. Later
   * steps run again after it, or are dropped with `dropLater`. Returns the call's id.
   */
  call(step: Record<string, unknown>, dropLater?: boolean): number;
  /** Take back the last accepted call (the run is reloaded without it). */
  undoCall(): void;
  goto(frame: number): void;
  selectPfn(pfn: number | null): void;
  selectPte(pte: { pid: number; vpn: number } | null): void;
  play(): void;
  pause(): void;
  setFps(fps: number): void;
  setEventKind(kind: EventKind): void;
}

/** The old name of the state type, for modules written before runs had their own stores. */
export type AppState = RunState;
export type RunStore = ReturnType<typeof createRunStore>;
export type AppStore = RunStore;

const NONE_MARKED: ReadonlySet<number> = new Set();
const NO_PTES_MARKED: ReadonlySet<string> = new Set();
/**
 * How often a streaming run's progress (frame count, steps done) reaches the panels: each report
 * renders the navigation, the trace list and the event strip, so reporting every batch or step
 * would slow the load it reports.
 */
const TOTAL_EVERY_MS = 250;
/** Moves up to this many frames note the pfns they touch, so the grids redraw only those. */
const TRACK_CHANGES = 256;
/** Moves up to this many frames through kept batches step there; longer ones ask the worker. */
const STEP_FRAMES = 8192;
/** Frames from the edge of the kept batches at which the next batch is fetched. */
const FETCH_MARGIN = 1024;
/** Main-thread time per slice of folding checkpoints after a load. */
const FOLD_SLICE_MS = 8;

/** The pages and PTEs that frame `f` itself changed: what the picture should point at. */
function marksOf(tl: Timeline, f: number): Pick<RunState, "marked" | "markedPtes"> {
  const at = f > 0 ? tl.locate(f) : null;
  if (!at) return { marked: NONE_MARKED, markedPtes: NO_PTES_MARKED };
  const pfns: number[] = [];
  const ptes: number[] = [];
  framePages(at[0], at[1], pfns);
  framePtes(at[0], at[1], ptes);
  const keys = new Set<string>();
  for (let i = 0; i + 1 < ptes.length; i += 2)
    keys.add(pteKey(ptes[i] as number, ptes[i + 1] as number));
  return { marked: new Set(pfns), markedPtes: keys };
}

/** Where a call made at frame `cur` goes: after the step that frame belongs to. */
function insertionPoint(s: RunState): number {
  const tl = s.timeline;
  const steps = (s.scenario as { steps?: unknown[] } | null)?.steps?.length ?? 0;
  if (!tl || (s.cur >= s.total && !s.running)) return steps;
  const m = s.cur > 0 ? tl.meta(s.cur) : null;
  return m ? m.step + 1 : 0;
}

/** `keepFrames`: frames of deltas the timeline keeps (tests keep few, so seeks ask the worker). */
export function createRunStore(spawn: () => WorkerLike, keepFrames?: number) {
  let worker: WorkerLike | null = null;
  let nextId = 1;

  return createStore<RunState>()((rawSet, get) => {
    const set = withDerived(rawSet, get);
    /** Frame to show once the run is complete ("end" = its last frame). */
    let openAt: number | "end" | null = null;
    let lastTotalAt = 0;
    /** The frame a far seek is for (null: none wanted), and the id of the one the worker has. */
    let wanted: number | null = null;
    /** Steps run so far (reported to the panels at most every TOTAL_EVERY_MS while loading). */
    let stepsDone = 0;
    let inFlight: number | null = null;
    let seekIds = 0;
    /** Frames whose batches were asked for (answered by a batch message). */
    const fetching = new Set<number>();

    /**
     * Fold the run's frames into its checkpoints once it has streamed in, a few milliseconds at a
     * time between other work (Timeline.foldCheckpoints), until they are all folded or a new run
     * replaces this one.
     */
    let folding = false;
    const foldCheckpoints = () => {
      const tl = get().timeline;
      if (folding || !tl) return;
      folding = true;
      const slice = () => {
        if (get().timeline !== tl) {
          folding = false;
          return;
        }
        const t0 = performance.now();
        if (tl.foldCheckpoints(() => performance.now() - t0 > FOLD_SLICE_MS)) folding = false;
        else setTimeout(slice, 0);
      };
      setTimeout(slice, 0);
    };

    const stopWorker = () => {
      // Nothing asked of the old worker will be answered.
      inFlight = null;
      wanted = null;
      fetching.clear();
      if (!worker) return;
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      worker = null;
    };
    const send = (cmd: Command) => {
      if (!worker) {
        const w = spawn();
        worker = w;
        w.onmessage = (e) => {
          if (worker === w) onMessage(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault?.();
          if (worker === w)
            set({ phase: "crashed", problem: [`the simulation worker failed: ${e.message}`] });
        };
      }
      worker.postMessage(cmd);
    };

    const askSeek = () => {
      if (wanted === null) return;
      inFlight = ++seekIds;
      send({ type: "seek", id: inFlight, frame: wanted });
    };

    /**
     * Show frame `target` from `from` (where `view` is now), stepping through kept batches.
     * `whole`: the view was replaced, so every page is redrawn.
     */
    const show = (
      tl: Timeline,
      view: View,
      classes: PageClasses,
      from: number,
      target: number,
      whole = false,
    ) => {
      const near = !whole && Math.abs(target - from) <= TRACK_CHANGES;
      const changed: number[] | null = near ? [] : null;
      const changedPtes: number[] | null = near ? [] : null;
      if (changed && changedPtes) {
        const dir = target > from ? 1 : -1;
        for (let f = from; f !== target; f += dir) {
          const at = tl.locate(dir > 0 ? f + 1 : f);
          if (!at) break;
          applyFrame(view, at[0], at[1], dir > 0);
          framePages(at[0], at[1], changed);
          framePtes(at[0], at[1], changedPtes);
        }
        classes.update(view.pages, changed);
      } else {
        tl.step(view, from, target);
        classes.recomputeAll(view.pages);
      }
      tl.pin(target);
      // Fetch the batch beyond either edge of what is kept here before stepping reaches it.
      for (const f of tl.wanted(target, FETCH_MARGIN)) {
        if (fetching.has(f)) continue;
        fetching.add(f);
        send({ type: "batch", frame: f });
      }
      set({
        cur: target,
        changed,
        changedPtes,
        ...marksOf(tl, target),
        version: get().version + 1,
      });
    };

    /** The worker's answer to a seek: the view before the batch holding the frame, and the batch. */
    const onSeek = (m: Extract<Message, { type: "seek" }>) => {
      if (m.id !== inFlight) return;
      inFlight = null;
      const { timeline: tl, view, classes } = get();
      if (!tl || !view || !classes) return;
      if (m.batch) tl.put(m.batch);
      // A step made since (or a new run) left nothing to show.
      if (wanted === null) return;
      restoreView(view, tl.init, m.view);
      const target = tl.has(m.frame, wanted) ? wanted : m.frame;
      if (target === wanted) wanted = null;
      show(tl, view, classes, m.frame, target, true);
      // Asked for elsewhere meanwhile (a drag): only the last position is asked for next.
      askSeek();
    };

    const onInit = (m: Extract<Message, { type: "init" }>) => {
      const s = get();
      wanted = null;
      stepsDone = 0;
      fetching.clear();
      const timeline = new Timeline(m.init, keepFrames);
      const view = initialView(m.init);
      const nodeOf = new Uint8Array(view.pages.length / PAGE_COLS);
      for (const n of m.init.nodes) nodeOf.fill(n.id, n.firstPfn, n.firstPfn + n.frames);
      const classes = new PageClasses(nodeOf, m.init.nodes.length);
      classes.recomputeAll(view.pages);
      set({
        phase: "ready",
        problem: [],
        scenario: m.init.scenario,
        generation: s.generation + 1,
        timeline,
        view,
        classes,
        nodeOf,
        cur: 0,
        total: 0,
        running: true,
        stepsDone: 0,
        changed: null,
        changedPtes: null,
        marked: NONE_MARKED,
        markedPtes: NO_PTES_MARKED,
        version: s.version + 1,
        selectedPfn: null,
        selectedPte: null,
        playing: false,
      });
    };

    const onMessage = (m: Message) => {
      const s = get();
      switch (m.type) {
        case "init":
          onInit(m);
          break;
        case "seek":
          onSeek(m);
          break;
        case "batch":
          s.timeline?.put(m.batch);
          for (const f of fetching)
            if (f >= m.batch.first && f < m.batch.first + m.batch.count) fetching.delete(f);
          break;
        case "frames": {
          s.timeline?.add(m.batch);
          // While a long run streams in, tell the panels about it ten times a second, not once
          // per batch: rendering every batch would slow the load it reports. Steps and the end
          // always report the exact count.
          const now = Date.now();
          if (now - lastTotalAt >= TOTAL_EVERY_MS) {
            lastTotalAt = now;
            set({ total: s.timeline?.total ?? 0 });
          }
          break;
        }
        case "done":
          set({ running: false, stepsDone, total: s.timeline?.total ?? 0 });
          foldCheckpoints();
          if (openAt !== null) {
            const to = openAt === "end" ? get().total : openAt;
            openAt = null;
            get().goto(to);
          }
          break;
        case "step": {
          s.timeline?.addStep({ ...m });
          stepsDone++;
          const now = Date.now();
          if (m.id === null && now - lastTotalAt < TOTAL_EVERY_MS) break;
          lastTotalAt = now;
          set({ stepsDone, total: s.timeline?.total ?? 0 });
          if (m.id === null) break;
          foldCheckpoints(); // an appended call's frames
          const appended = s.calls.find((c) => c.id === m.id)?.appended;
          const scenario = s.scenario as { steps: unknown[] } | null;
          const step = s.calls.find((c) => c.id === m.id)?.step;
          set({
            // An append adds to the run in place: no init carries the new scenario, so add it here.
            ...(appended && scenario && step
              ? { scenario: { ...scenario, steps: [...scenario.steps, step] } }
              : {}),
            calls: s.calls.map((c) =>
              c.id === m.id
                ? { ...c, ret: m.ret, errors: [], firstFrame: m.frames > 0 ? m.firstFrame : null }
                : c,
            ),
          });
          if (m.frames > 0) get().goto(m.firstFrame);
          break;
        }
        case "error":
          if (m.context === "append") {
            set({
              calls: s.calls.map((c) => (c.id === m.id ? { ...c, errors: m.errors } : c)),
              undo: s.undo.filter((u) => u.callId !== m.id),
            });
          } else if (m.context === "load") {
            set({ phase: s.timeline ? s.phase : "crashed", problem: m.errors, running: false });
          } else {
            set({ phase: "crashed", problem: m.errors, running: false });
          }
          break;
      }
    };

    return {
      phase: "loading",
      problem: [],
      scenario: null,
      scenarioId: null,
      generation: 0,
      timeline: null,
      view: null,
      classes: null,
      nodeOf: new Uint8Array(0),
      cur: 0,
      total: 0,
      running: false,
      stepsDone: 0,
      version: 0,
      touched: NOTHING_TOUCHED,
      lru: null,
      changed: null,
      changedPtes: null,
      marked: NONE_MARKED,
      markedPtes: NO_PTES_MARKED,
      selectedPfn: null,
      selectedPte: null,
      calls: [],
      undo: [],
      playing: false,
      fps: 15,
      eventKind: "fault",

      load(scenario, atEnd = false, id = null) {
        // `scenario` is replaced when the worker accepts it (init), so a bad file never replaces
        // the one Restart would reload. A fresh worker: the old run's late frames cannot arrive.
        openAt = atEnd ? "end" : null;
        stopWorker();
        set({
          phase: "loading",
          problem: [],
          running: true,
          calls: [],
          undo: [],
          playing: false,
          scenarioId: id,
        });
        send({ type: "load", scenario });
      },

      restart() {
        // A fresh worker: the old one may be wedged. The scenario keeps every accepted call.
        stopWorker();
        set({ phase: "loading", problem: [], running: true, playing: false });
        const { scenario } = get();
        if (scenario) send({ type: "load", scenario });
      },

      call(step, dropLater = false) {
        const s = get();
        const id = nextId++;
        const at = insertionPoint(s);
        const steps = (s.scenario as { steps?: unknown[] } | null)?.steps?.length ?? 0;
        const appended = at === steps && !s.running;
        const call: Call = {
          id,
          op: String(step.op),
          step,
          at,
          madeAt: s.cur,
          dropLater,
          appended,
          ret: null,
          firstFrame: null,
          errors: [],
        };
        set({
          calls: [...s.calls, call],
          undo: [...s.undo, { scenario: s.scenario, frame: s.cur, callId: id }],
          playing: false,
        });
        // At the end of a finished run, append (no rerun); anywhere else, insert and rerun.
        if (appended) send({ type: "append", id, step });
        else send({ type: "insert", id, at, step, dropLater });
        return id;
      },

      undoCall() {
        const s = get();
        const last = s.undo.at(-1);
        if (!last) return;
        openAt = last.frame;
        set({
          undo: s.undo.slice(0, -1),
          calls: s.calls.filter((c) => c.id !== last.callId),
          playing: false,
        });
        send({ type: "load", scenario: last.scenario });
      },

      goto(frame) {
        const { timeline, view, classes, cur } = get();
        if (!timeline || !view || !classes) return;
        const target = Math.max(0, Math.min(timeline.total, Math.round(frame)));
        if (target === cur && wanted === null) return;
        const kept = Math.abs(target - cur) <= STEP_FRAMES && timeline.has(cur, target);
        if (kept || timeline.jumps(cur, target)) {
          wanted = null;
          if (target !== cur) show(timeline, view, classes, cur, target);
          return;
        }
        // Not kept here: the worker rebuilds the view there. One seek at a time; a later goto
        // only moves where the next one goes.
        wanted = target;
        if (inFlight === null) askSeek();
      },

      selectPfn(pfn) {
        set({ selectedPfn: pfn, selectedPte: null });
      },

      selectPte(pte) {
        set({ selectedPte: pte, selectedPfn: null });
      },

      play() {
        const s = get();
        // Playing from the last frame starts again from the first.
        if (s.cur >= s.total && !s.running) s.goto(0);
        set({ playing: true });
      },

      pause() {
        set({ playing: false });
      },

      setEventKind(kind) {
        set({ eventKind: kind });
      },

      setFps(fps) {
        set({ fps: Math.max(SPEEDS[0], Math.min(SPEEDS[SPEEDS.length - 1] ?? 480, fps)) });
      },
    };
  });
}

/** The old name, kept for callers written before runs had their own stores. */
export const createAppStore = createRunStore;
