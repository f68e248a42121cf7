import type { RunState, RunStore } from "./store.ts";
import { browserScheduler, type Scheduler, WhenSeen } from "./whenSeen.ts";

/**
 * A copy of a run's store that follows it at once while `seen`, and otherwise takes up its
 * latest state in an idle moment (whenSeen.ts). Actions and `setState` go to the run's store.
 * When it takes up a state after skipping others, that state says nothing of which PTEs the last
 * move changed (`changedPtes: null`, as after a far seek), so a drawing that follows the moves
 * (LargeVma's) draws everything again instead of missing the moves it never saw.
 */
export function followingStore(
  run: RunStore,
  scheduler: Scheduler = browserScheduler,
): {
  store: RunStore;
  drawing: WhenSeen;
  /** Follows the run from now on; returns what stops it. */
  follow(): () => void;
} {
  let shown = run.getState();
  /** Moves of the run since `shown` was taken up. */
  let behind = 0;
  const listeners = new Set<(s: RunState, prev: RunState) => void>();
  const drawing = new WhenSeen(
    () => {
      const live = run.getState();
      const next = behind > 1 ? { ...live, changedPtes: null } : live;
      behind = 0;
      if (next === shown) return;
      const prev = shown;
      shown = next;
      for (const l of listeners) l(next, prev);
    },
    scheduler,
    () => run.getState().seeking(),
    () => run.getState().version,
  );
  const moved = () => {
    behind++;
    drawing.request();
  };
  const store: RunStore = {
    getState: () => shown,
    getInitialState: () => run.getInitialState(),
    setState: run.setState,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const follow = () => {
    // Moves between the panels' render and now: how many is not known, so they are taken up
    // as skipped ones (a whole redraw), never as the last move's changes alone.
    if (run.getState() !== shown) {
      behind = 2;
      drawing.request();
    }
    const off = run.subscribe(moved);
    return () => {
      off();
      drawing.stop();
    };
  };
  return { store, drawing, follow };
}
