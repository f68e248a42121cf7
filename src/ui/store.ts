/**
 * The store of one run (vanilla Zustand, fed by its worker's messages). It holds the view state at
 * the current frame and moves it along the run's timeline, so stepping never waits on the worker.
 * Typed arrays are mutated in place; `version` tells subscribers that they changed.
 *
 * Actions other modules call (share URLs, lessons): `load` (a scenario), `goto` (frame N), `cur`
 * (the current frame), `selectPfn` / `selectPte` (the selection). A run store keeps its worker
 * from load to load (a worker that has run a scenario loads the next about twice as fast: its
 * code is compiled and its memory mapped); each load is numbered, and until the worker answers
 * the last one, what it says of earlier loads is held back (and let through if that load fails).
 */
import { createStore } from "zustand/vanilla";
import type { Command, Message } from "../worker/protocol.ts";
import { PAGE_COLS } from "../worker/viewState.ts";
import { PageClasses } from "./pageClass.ts";
import { checkpointFolder } from "./run/fold.ts";
import { createSeeker } from "./run/seek.ts";
import {
  type Call,
  NO_PTES_MARKED,
  NONE_MARKED,
  type RunState,
  SPEEDS,
  type WorkerLike,
} from "./run/state.ts";
import { Timeline } from "./timeline/timeline.ts";
import { initialView } from "./timeline/view.ts";
import { NOTHING_TOUCHED, withDerived } from "./touched.ts";

export type { AppState, Call, RunState, WorkerLike } from "./run/state.ts";
export { SPEEDS } from "./run/state.ts";
export type RunStore = ReturnType<typeof createRunStore>;
export type AppStore = RunStore;

/**
 * How often a streaming run's progress (frame count, steps done) reaches the panels: each report
 * renders the navigation, the trace list and the event strip, so reporting every batch or step
 * would slow the load it reports.
 */
const TOTAL_EVERY_MS = 250;

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
  /** Loads sent so far (each load's `run`), the one not answered yet, and what came meanwhile. */
  let runs = 0;
  let awaited: number | null = null;
  let held: Message[] = [];

  return createStore<RunState>()((rawSet, get) => {
    const set = withDerived(rawSet, get);
    /** Frame to show once the run is complete ("end" = its last frame). */
    let openAt: number | "end" | null = null;
    let lastTotalAt = 0;
    /** Steps run so far (reported to the panels at most every TOTAL_EVERY_MS while loading). */
    let stepsDone = 0;

    const stopWorker = () => {
      seeker.reset(true);
      awaited = null;
      held = [];
      if (!worker) return;
      worker.onmessage = null;
      worker.onerror = null;
      worker.terminate();
      worker = null;
    };
    const send = (cmd: Command, transfer?: Transferable[]) => {
      if (!worker) {
        const w = spawn();
        worker = w;
        w.onmessage = (e) => {
          if (worker === w) receive(e.data);
        };
        w.onerror = (e) => {
          e.preventDefault?.();
          if (worker !== w) return;
          set({ phase: "crashed", problem: [`the simulation worker failed: ${e.message}`] });
          stopWorker(); // the next load or restart starts a new one
        };
      }
      worker.postMessage(cmd, transfer);
    };
    /**
     * Hand the buffers of batches the timeline dropped back to the worker (Cmd.recycle), which
     * writes later batches into them: fresh memory costs the worker a page fault per 4 KiB.
     */
    const recycle = () => {
      const buffers = get().timeline?.takeReleased();
      if (buffers && buffers.length > 0) send({ type: "recycle", buffers }, buffers);
    };

    /** Send a load, numbered: its answer (an init or an error) ends the wait for it. */
    const sendLoad = (scenario: unknown) => {
      // Seeks asked of the run on screen are not answered for the next.
      seeker.reset(true);
      awaited = ++runs;
      held = [];
      send({ type: "load", scenario, run: awaited });
    };

    /**
     * A message from the worker. While a load is awaited, what the worker says of earlier loads
     * is held: once the load's init comes it is dropped (the panels never see a scenario the user
     * left); if the load is refused, it is let through, as if the load had never been asked for.
     */
    const receive = (m: Message) => {
      if (awaited === null) return onMessage(m);
      if (m.type === "init" && m.init.run === awaited) {
        awaited = null;
        held = [];
        return onMessage(m);
      }
      if (m.type === "error" && m.run === awaited && m.context !== "append") {
        awaited = null;
        openAt = null;
        const earlier = held;
        held = [];
        for (const h of earlier) onMessage(h);
        return onMessage(m);
      }
      // A later init than the ones held (an earlier load the worker got to): only it counts.
      if (m.type === "init") held = [m];
      else held.push(m);
    };

    const seeker = createSeeker(get, set, send);
    const foldCheckpoints = checkpointFolder(get);

    const onInit = (m: Extract<Message, { type: "init" }>) => {
      const s = get();
      seeker.reset(false);
      stepsDone = 0;
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
          seeker.onSeek(m);
          recycle();
          break;
        case "batch":
          seeker.onBatch(m);
          recycle();
          break;
        case "frames": {
          s.timeline?.add(m.batch);
          recycle();
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
            // A refused load leaves the run on screen as it was (ready, if it was loading).
            const phase = s.phase === "loading" ? "ready" : s.phase;
            set({ phase: s.timeline ? phase : "crashed", problem: m.errors, running: false });
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
        // the one Restart would reload, and the run on screen stays usable.
        openAt = atEnd ? "end" : null;
        set({
          phase: "loading",
          problem: [],
          running: true,
          calls: [],
          undo: [],
          playing: false,
          scenarioId: id,
        });
        sendLoad(scenario);
      },

      restart() {
        // A fresh worker: the old one may be wedged. The scenario keeps every accepted call.
        stopWorker();
        set({ phase: "loading", problem: [], running: true, playing: false });
        const { scenario } = get();
        if (scenario) sendLoad(scenario);
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
        sendLoad(last.scenario);
      },

      goto(frame) {
        seeker.goto(frame);
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
