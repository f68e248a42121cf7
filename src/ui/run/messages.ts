/**
 * What each message from the worker does to a run's state: a new run's timeline and view (init),
 * frames and steps streaming in, the end of the run, seek and batch answers, and errors.
 */
import type { Command, Message } from "../../worker/protocol.ts";
import { initialView } from "../../worker/viewCopy.ts";
import { PAGE_COLS } from "../../worker/viewState.ts";
import { PageClasses } from "../pageClass.ts";
import { Timeline } from "../timeline/timeline.ts";
import { callsAfterInsert } from "./calls.ts";
import { checkpointFolder } from "./fold.ts";
import type { Seeker } from "./seek.ts";
import { NO_PTES_MARKED, NONE_MARKED, type RunState } from "./state.ts";

/**
 * How often a streaming run's progress (frame count, steps done) reaches the panels: each report
 * renders the navigation, the trace list and the event strip, so reporting every batch or step
 * would slow the load it reports.
 */
const TOTAL_EVERY_MS = 250;

/** The frame to show once the run is complete: its number, "end" (the last), the first frame of
 * a step, or null (none). */
export type OpenAt = number | "end" | { readonly step: number } | null;

export interface RunMessages {
  receive(m: Message): void;
  openAt(frame: OpenAt): void;
}

/** `keepFrames`: frames of deltas each run's timeline keeps (tests keep few). */
export function runMessages(
  get: () => RunState,
  set: (partial: Partial<RunState>) => void,
  seeker: Seeker,
  send: (cmd: Command, transfer?: Transferable[]) => void,
  keepFrames?: number,
): RunMessages {
  let openAt: OpenAt = null;
  let lastTotalAt = 0;
  /** Steps run so far (reported to the panels at most every TOTAL_EVERY_MS while loading). */
  let stepsDone = 0;
  const foldCheckpoints = checkpointFolder(get);

  /**
   * Hand the buffers of batches the timeline dropped back to the worker (Cmd.recycle), which
   * writes later batches into them: fresh memory costs the worker a page fault per 4 KiB.
   */
  const recycle = () => {
    const buffers = get().timeline?.takeReleased();
    if (buffers && buffers.length > 0) send({ type: "recycle", buffers }, buffers);
  };
  /**
   * The same, in a task of its own: after a seek or a batch sent again, so the frame is on screen
   * first. Posting the buffers a seek's slice let go (about twenty) took 1.4 ms of each far seek
   * on the million-frame run (CPU profile of 60 seeks), and more in the first ones.
   */
  let recycleTimer: ReturnType<typeof setTimeout> | null = null;
  const recycleSoon = () => {
    if (recycleTimer !== null) return;
    recycleTimer = setTimeout(() => {
      recycleTimer = null;
      recycle();
    }, 0);
  };

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
      slotsRev: s.slotsRev + 1,
      selectedPfn: null,
      selectedPte: null,
      playing: false,
    });
  };

  const onFrames = (m: Extract<Message, { type: "frames" }>) => {
    const tl = get().timeline;
    tl?.add(m.batch);
    recycle();
    // While a long run streams in, tell the panels about it a few times a second, not once per
    // batch: rendering every batch would slow the load it reports. The steps run so far go with
    // it (the progress bar's count: a step's own report waits on the same clock, which the
    // batches kept resetting). The end always reports the exact counts.
    const now = Date.now();
    if (now - lastTotalAt >= TOTAL_EVERY_MS) {
      lastTotalAt = now;
      set({ total: tl?.total ?? 0, stepsDone });
    }
  };

  const onDone = () => {
    get().timeline?.fit();
    set({ running: false, stepsDone, total: get().timeline?.total ?? 0 });
    foldCheckpoints();
    if (openAt !== null) {
      const at = openAt;
      const to =
        at === "end"
          ? get().total
          : typeof at === "number"
            ? at
            : (get().timeline?.steps.find((x) => x.index === at.step)?.firstFrame ?? 0);
      openAt = null;
      // A frame past 0 ends the stand-in when its seek lands (seek.ts), not before.
      if (to === 0) set({ opening: null });
      seeker.goto(to);
    }
  };

  const onStep = (m: Extract<Message, { type: "step" }>) => {
    const s = get();
    s.timeline?.addStep({ ...m });
    stepsDone++;
    // A call made earlier, run again (after an insert before it, an Undo, the other kernel):
    // its result may differ now.
    if (m.id === null) {
      const again = s.calls.find((c) => c.at === m.index && !c.dropped && c.errors.length === 0);
      const firstFrame = m.frames > 0 ? m.firstFrame : null;
      if (again && (again.ret !== m.ret || again.firstFrame !== firstFrame)) {
        set({
          calls: s.calls.map((c) => (c === again ? { ...c, ret: m.ret, firstFrame } : c)),
        });
      }
    }
    const now = Date.now();
    if (m.id === null && now - lastTotalAt < TOTAL_EVERY_MS) return;
    lastTotalAt = now;
    set({ stepsDone, total: s.timeline?.total ?? 0 });
    if (m.id === null) return;
    foldCheckpoints(); // an appended call's frames
    const appended = s.calls.find((c) => c.id === m.id)?.appended;
    const scenario = s.scenario as { steps: unknown[] } | null;
    const step = s.calls.find((c) => c.id === m.id)?.step;
    set({
      // An append adds to the run in place: no init carries the new scenario, so add it here.
      ...(appended && scenario && step
        ? { scenario: { ...scenario, steps: [...scenario.steps, step] } }
        : {}),
      calls: callsAfterInsert(s.calls, m.id, m.index).map((c) =>
        c.id === m.id
          ? { ...c, ret: m.ret, errors: [], firstFrame: m.frames > 0 ? m.firstFrame : null }
          : c,
      ),
    });
    // With frames, the seek to them ends the stand-in when it lands (seek.ts), not before; an
    // inserted call's, only while it stands in (a move made meanwhile ended it: the user's).
    if (m.frames > 0 && (appended || get().opening === "call")) seeker.goto(m.firstFrame);
    else if (get().opening === "call") set({ opening: null });
  };

  const onError = (m: Extract<Message, { type: "error" }>) => {
    const s = get();
    if (m.context === "append") {
      set({
        calls: s.calls.map((c) => (c.id === m.id ? { ...c, errors: m.errors } : c)),
        undo: s.undo.filter((u) => u.callId !== m.id),
        ...(s.opening === "call" ? { opening: null } : {}),
      });
    } else if (m.context === "limit") {
      // The run stopped at the browser's frame limit: complete as far as it goes (steppable,
      // shareable), with a notice.
      set({ problem: m.errors, running: false });
    } else if (m.context === "load") {
      // A refused load leaves the run on screen as it was (ready, if it was loading).
      const phase = s.phase === "loading" ? "ready" : s.phase;
      set({ phase: s.timeline ? phase : "crashed", problem: m.errors, running: false });
    } else {
      set({ phase: "crashed", problem: m.errors, running: false });
    }
  };

  return {
    openAt(frame) {
      openAt = frame;
      set({
        opening:
          frame === null || frame === 0
            ? null
            : frame === "end"
              ? "end"
              : typeof frame === "number"
                ? "frame"
                : "step",
      });
    },
    receive(m) {
      switch (m.type) {
        case "init":
          return onInit(m);
        case "seek":
          seeker.onSeek(m);
          return recycleSoon();
        case "batch":
          seeker.onBatch(m);
          return recycleSoon();
        case "frames":
          return onFrames(m);
        case "done":
          return onDone();
        case "step":
          return onStep(m);
        case "error":
          return onError(m);
      }
    },
  };
}
