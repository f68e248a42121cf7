/**
 * The store of one run (vanilla Zustand, fed by its worker's messages). It holds the view state at
 * the current frame and moves it along the run's timeline, so stepping never waits on the worker.
 * Typed arrays are mutated in place; `version` tells subscribers that they changed.
 *
 * Actions other modules call (share URLs, lessons): `load` (a scenario), `goto` (frame N), `cur`
 * (the current frame), `selectPfn` / `selectPte` (the selection). The worker connection is
 * run/connection.ts, what its messages do is run/messages.ts, and moving to a frame is run/seek.ts.
 */
import { createStore } from "zustand/vanilla";
import { callMade, callsBefore } from "./run/calls.ts";
import { connect } from "./run/connection.ts";
import { runMessages } from "./run/messages.ts";
import { createSeeker } from "./run/seek.ts";
import {
  NO_PTES_MARKED,
  NONE_MARKED,
  type RunState,
  SPEEDS,
  type WorkerLike,
} from "./run/state.ts";
import { NOTHING_TOUCHED, withDerived } from "./touched.ts";

export type { Call, RunState, WorkerLike } from "./run/state.ts";
export { SPEEDS } from "./run/state.ts";
export type RunStore = ReturnType<typeof createRunStore>;

/**
 * What a load asks for at its init: a fresh calls list, or the one on screen kept (`keep` turns
 * each Undo's scenario: the kernel switch), or `calls` put in place (Back/Forward's resume).
 */
interface Want {
  readonly fresh: boolean;
  readonly keep?: (scenario: unknown) => unknown;
  readonly calls?: Pick<RunState, "calls" | "undo">;
}

/** `keepFrames`: frames of deltas the timeline keeps (tests keep few, so seeks ask the worker). */
export function createRunStore(spawn: () => WorkerLike, keepFrames?: number) {
  let nextId = 1;

  return createStore<RunState>()((rawSet, get) => {
    const set = withDerived(rawSet, get);
    /**
     * What each load pending asked for, by its run number, done when its init arrives (an earlier
     * load's init can arrive instead, when a later one is refused): a new scenario starts its
     * calls list afresh; a kernel switch keeps it and turns each Undo's scenario; a restart or an
     * Undo keeps it as it is.
     */
    const asked = new Map<number, Want>();
    /**
     * What will replace the run on screen, until its init (or its refusal) arrives: a load
     * (scenario, restart, Undo) or an inserted call, by id, whose rerun is a load too.
     */
    let replacing: "load" | number | null = null;
    const awaitRun = (r: "load" | number | null) => {
      replacing = r;
      if (get().replacing !== (r !== null)) set({ replacing: r !== null });
    };
    const worker = connect(spawn, {
      deliver: (m) => {
        // A load's refusal ends the wait through `refused`; an inserted call's rerun keeps the
        // run's number, so only an error naming the insert ends it. One from the old run's last
        // queued steps (a model exception) does not: the rerun is still coming.
        if (m.type === "init") awaitRun(null);
        else if (
          (m.type === "error" || m.type === "step") &&
          typeof replacing === "number" &&
          m.id === replacing
        )
          awaitRun(null);
        const load = m.type === "init" ? asked.get(m.init.run) : undefined;
        // Loads before this one were superseded (the connection drops their inits): forgotten.
        if (m.type === "init") for (const r of asked.keys()) if (r <= m.init.run) asked.delete(r);
        if (load?.fresh) set({ calls: [], undo: [] });
        if (load?.calls) set(load.calls);
        const turn = load?.keep;
        if (turn) {
          const undo = get().undo.map((u) => ({
            ...u,
            scenario: turn(u.scenario),
            renumbered: true,
          }));
          set({ undo });
        }
        // A refused load's error comes after anything held meanwhile (an earlier load's init,
        // which does replace the scenario): from here the run on screen, and its calls, stay.
        if (m.type === "error" && m.context === "load") asked.delete(m.run);
        messages.receive(m);
      },
      refused: () => {
        awaitRun(null);
        messages.openAt(null);
      },
      crashed: (why) => {
        awaitRun(null);
        seeker.reset(true);
        set({ phase: "crashed", problem: [why], running: false });
      },
    });
    const seeker = createSeeker(get, set, worker.send);
    const messages = runMessages(get, set, seeker, worker.send, keepFrames);

    /** Load a scenario on the run's worker; seeks asked of the run on screen are not answered. */
    const sendLoad = (scenario: unknown, want: Want) => {
      awaitRun("load");
      seeker.reset(true);
      worker.sendLoad(scenario, (run) => asked.set(run, want));
    };

    return {
      phase: "loading",
      replacing: false,
      opening: null,
      problem: [],
      scenario: null,
      requested: null,
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
      slotsRev: 0,
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

      load(scenario, atEnd = false, keep) {
        // `scenario` is replaced when the worker accepts it (init), so a bad file never replaces
        // the one Restart would reload, and the run on screen stays usable.
        messages.openAt(atEnd ? "end" : null);
        set({ phase: "loading", problem: [], running: true, playing: false, requested: scenario });
        sendLoad(scenario, keep ? { fresh: false, keep } : { fresh: true });
      },

      restart() {
        // A fresh worker: the old one may be wedged. The scenario keeps every accepted call.
        messages.openAt(null);
        seeker.reset(true);
        worker.stop();
        const { scenario } = get();
        // Instead of any load still pending: the scenario on screen, its calls kept.
        set({ phase: "loading", problem: [], running: true, playing: false, requested: scenario });
        if (scenario) sendLoad(scenario, { fresh: false });
        // Nothing to reload: nothing is coming either, so calls are not held back for it.
        else awaitRun(null);
      },

      call(step, dropLater = false) {
        // Nor while frame 0 only stands in for a run still coming (`opening`): a call "at" it would
        // go before every step.
        if (replacing !== null || (get().running && get().opening !== null)) return null;
        const s = get();
        const made = callMade(s, nextId++, step, dropLater);
        const { id, at, appended } = made.call;
        // Waiting first: the calls list never shows this call beside a run at rest without it
        // (urlSync remembers each scenario's calls as they stand at rest).
        awaitRun(id);
        set({ calls: [...s.calls, made.call], undo: [...s.undo, made.undo], playing: false });
        // At the end of a finished run, append (no rerun); anywhere else, insert and rerun. Either
        // way the run on screen is not the one to call from until the answer comes (its step or
        // its refusal): an append's step joins the scenario then, and a second call made before
        // would save an Undo without it.
        try {
          if (appended) worker.send({ type: "append", id, step });
          else {
            // The rerun shows frame 0 until it reaches the call (its step message goes there).
            set({ opening: "call" });
            worker.send({ type: "insert", id, at, step, dropLater });
          }
        } catch (e) {
          // Not handed over (a step the browser cannot copy, a worker that cannot start): the
          // call is refused like an invalid one, and no rerun is waited for.
          const errors = [`(call): it could not be handed to the simulation: ${String(e)}`];
          awaitRun(null);
          messages.receive({ type: "error", context: "append", id, errors, run: 0 });
        }
        return id;
      },

      undoCall() {
        const s = get();
        const last = s.undo.at(-1);
        if (!last) return;
        messages.openAt(
          last.renumbered && last.step !== undefined
            ? last.step < 0
              ? 0
              : { step: last.step }
            : last.frame,
        );
        // The run on screen goes on (its calls, less this one), not a load asked for since. Marked
        // as being replaced first: the shorter list never stands beside the run at rest.
        awaitRun("load");
        set({
          undo: s.undo.slice(0, -1),
          calls: callsBefore(last, s.calls),
          playing: false,
        });
        sendLoad(last.scenario, { fresh: false });
      },

      adoptCalls(calls, undo) {
        // New calls must not reuse a kept call's id (Undo and the worker's answers go by id).
        for (const c of calls) nextId = Math.max(nextId, c.id + 1);
        set({ calls, undo });
      },

      resume(scenario, calls, undo) {
        for (const c of calls) nextId = Math.max(nextId, c.id + 1);
        messages.openAt(null);
        set({ phase: "loading", problem: [], running: true, playing: false, requested: scenario });
        // The calls come with the run they belong to (its init), not beside the old one.
        sendLoad(scenario, { fresh: false, calls: { calls, undo } });
      },

      goto(frame, how) {
        // A move made while frame 0 stands in for a run still coming puts the user where they
        // chose: the run no longer jumps to the frame it was to open at (Undo's, or an inserted
        // call's) when it gets there. The run's own moves go to the seeker directly.
        const s = get();
        if (s.opening !== null && !how?.keepWaiting && Math.round(frame) !== s.cur)
          messages.openAt(null);
        seeker.goto(frame);
      },

      seeking: () => seeker.seekingTo() !== null,
      seekingTo: () => seeker.seekingTo(),

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
