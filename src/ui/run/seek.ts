/**
 * Moving a run's view to a frame: by stepping through the deltas the timeline keeps (or across its
 * checkpoints), or, for a frame whose deltas are not kept here, by asking the worker for the way
 * there and the frames around it (one seek in flight; a later `goto` only moves where the next one
 * goes). It also fetches the batch beyond either edge of what is kept before stepping reaches it.
 */
import type { Command, Message } from "../../worker/protocol.ts";
import { followPath, pathBuffers } from "../../worker/seekPath.ts";
import {
  applyFrame,
  frameChangesSlots,
  framePages,
  framePtes,
  type View,
} from "../../worker/viewState.ts";
import type { PageClasses } from "../pageClass.ts";
import { pteKey } from "../selection.ts";
import type { Timeline } from "../timeline/timeline.ts";
import { NO_PTES_MARKED, NONE_MARKED, type RunState } from "./state.ts";

/** Moves up to this many frames note the pfns they touch, so the grids redraw only those. */
const TRACK_CHANGES = 256;
/** Moves up to this many frames through kept batches step there; longer ones ask the worker. */
const STEP_FRAMES = 8192;
/** Frames from the edge of the kept batches at which the next batch is fetched. */
const FETCH_MARGIN = 1024;
/**
 * After a far move the batches beside it are fetched only once the frame has stayed put this
 * long: fetching one can cost the worker a rebuild, and a seek asked meanwhile (a drag, a burst of
 * jumps) would wait behind it.
 */
const FETCH_AFTER_JUMP_MS = 150;

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

export type Seeker = ReturnType<typeof createSeeker>;

export function createSeeker(
  get: () => RunState,
  set: (partial: Partial<RunState>) => void,
  send: (cmd: Command, transfer?: Transferable[]) => void,
) {
  /** The frame a far seek is for (null: none wanted), and the id of the one the worker has. */
  let wanted: number | null = null;
  let inFlight: number | null = null;
  let seekIds = 0;
  /** Frames whose batches were asked for (answered by a batch message). */
  const fetching = new Set<number>();
  let fetchTimer: ReturnType<typeof setTimeout> | null = null;
  /** Counts the workers lost: buffers due to one that is gone are not sent (that would start one). */
  let workersLost = 0;

  /** Fetch the batch beyond either edge of what is kept here before stepping reaches it. */
  const fetchBeside = (tl: Timeline, target: number) => {
    for (const f of tl.wanted(target, FETCH_MARGIN)) {
      if (fetching.has(f)) continue;
      fetching.add(f);
      send({ type: "batch", frame: f });
    }
  };
  const cancelFetch = () => {
    if (fetchTimer !== null) clearTimeout(fetchTimer);
    fetchTimer = null;
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
    let slotsMoved = !near;
    if (changed && changedPtes) {
      const dir = target > from ? 1 : -1;
      for (let f = from; f !== target; f += dir) {
        const at = tl.locate(dir > 0 ? f + 1 : f);
        if (!at) break;
        applyFrame(view, at[0], at[1], dir > 0);
        framePages(at[0], at[1], changed);
        framePtes(at[0], at[1], changedPtes);
        slotsMoved ||= frameChangesSlots(at[0], at[1]);
      }
      classes.update(view.pages, changed);
    } else {
      tl.step(view, from, target);
      classes.update(view.pages, tl.touched.list());
    }
    tl.pin(target);
    cancelFetch();
    if (near) fetchBeside(tl, target);
    else
      fetchTimer = setTimeout(() => {
        fetchTimer = null;
        if (get().timeline === tl && get().cur === target) fetchBeside(tl, target);
      }, FETCH_AFTER_JUMP_MS);
    set({
      // Frame 0 stops standing in once the frame the run opens at is on screen (an inserted
      // call's, while the rerun goes on; any other, once the run is complete).
      ...(target > 0 && standsIn(get()) ? { opening: null } : {}),
      cur: target,
      changed,
      changedPtes,
      ...marksOf(tl, target),
      version: get().version + 1,
      slotsRev: get().slotsRev + (slotsMoved ? 1 : 0),
    });
  };

  /** Rebuild the view from a seek answer, if it is the one awaited and a frame is still wanted. */
  const follow = (m: Extract<Message, { type: "seek" }>) => {
    if (m.id !== inFlight) return;
    inFlight = null;
    const { timeline: tl, view, classes } = get();
    if (!tl || !view || !classes) return;
    // A step made since (or a new run) left nothing to show.
    if (wanted === null) return;
    // The view is at a frame of this run, and the path leads to another: outside the run's
    // touched page frames both are as frame 0.
    const slice = followPath(view, tl.init, m.path, m.frame, tl.touched.list());
    if (slice) tl.put(slice);
    const target = tl.has(m.frame, wanted) ? wanted : m.frame;
    if (target === wanted) wanted = null;
    show(tl, view, classes, m.frame, target, true);
  };

  return {
    /**
     * Forget what was asked of the worker: `worker` when the worker itself is gone, else a new
     * run on the same worker. A seek in flight is forgotten either way: its answer, if it comes,
     * is for the run before (the connection drops one that came while the load was awaited), so
     * waiting for it left every later far seek unasked.
     */
    reset(worker: boolean): void {
      inFlight = null;
      if (worker) workersLost++;
      cancelFetch();
      wanted = null;
      fetching.clear();
    },

    /** The frame a far seek is on its way to (null: none), where the next move starts from. */
    seekingTo(): number | null {
      return wanted;
    },

    goto(frame: number): void {
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
      wanted = target;
      cancelFetch();
      if (inFlight === null) askSeek();
    },

    /**
     * The worker's answer to a seek: the way to the frame and the frames around it, replayed here
     * (the whole batches are fetched once the frame stays put). The view is redrawn whole, and the
     * page frames the run touches are reclassified: marking the pages a replay changed measured
     * dearer than recounting every page frame, as far seeks did then.
     */
    onSeek(m: Extract<Message, { type: "seek" }>): void {
      follow(m);
      // Done with (the slice is unpacked into arrays of its own): the worker writes the next
      // answer into these buffers rather than into memory it has to fault in. Handed back once
      // the frame is on screen: posting them took 0.5 ms of a seek, and 3 ms of the first ones.
      const buffers = pathBuffers(m.path);
      const lost = workersLost;
      setTimeout(() => lost === workersLost && send({ type: "seekBuffers", buffers }, buffers), 0);
      // Asked for elsewhere meanwhile (a drag): only the last position is asked for next.
      if (inFlight === null) askSeek();
    },

    /** A batch sent again (one beside the frame on screen that was not kept). */
    onBatch(m: Extract<Message, { type: "batch" }>): void {
      get().timeline?.put(m.batch);
      for (const f of fetching)
        if (f >= m.batch.first && f < m.batch.first + m.batch.count) fetching.delete(f);
    },
  };
}

/** Frame 0 stands in for a frame the run opens at: a call's while the rerun goes on, else any. */
const standsIn = (s: RunState) => s.opening === "call" || (s.opening !== null && !s.running);
