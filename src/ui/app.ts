/**
 * How panels reach their run: the run's store comes through React context (so two runs can be
 * shown side by side, each with its own store), panels subscribe with the module-level selectors
 * below (stable identities, so a panel re-renders only when what it selects changes), and event
 * handlers call actions on `useRunStore().getState()`.
 */
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { type Init, type LayoutSnap, PAGE_COLS } from "../worker/protocol.ts";
import { createRunStore, type RunState, type RunStore, type WorkerLike } from "./store.ts";

/**
 * A run store with its own simulation worker. `onSpawn` sees each worker it starts, so an owner
 * that outlives the store's use (the compare view's second run) can stop the last one.
 */
export function createRun(onSpawn?: (w: WorkerLike) => void): RunStore {
  return createRunStore(() => {
    const w = new Worker(new URL("../worker/sim.worker.ts", import.meta.url), {
      type: "module",
    }) as unknown as WorkerLike;
    onSpawn?.(w);
    return w;
  });
}

export const RunContext = createContext<RunStore | null>(null);

/** The store of the run this panel shows (for actions in event handlers and effects). */
export function useRunStore(): RunStore {
  const store = useContext(RunContext);
  if (!store) throw new Error("a panel was rendered outside <RunContext.Provider>");
  return store;
}

export function useApp<T>(selector: (s: RunState) => T): T {
  return useStore(useRunStore(), selector);
}

/** For selectors that build arrays or objects: compared shallowly. */
export function useAppShallow<T>(selector: (s: RunState) => T): T {
  return useStore(useRunStore(), useShallow(selector));
}

/**
 * The view at the current frame and what the last move changed. The typed arrays are mutated in
 * place, so `version` is part of the selection: it is what makes a panel re-render after a move.
 */
export const selectFrame = (s: RunState) => ({
  version: s.version,
  view: s.view,
  nodeOf: s.nodeOf,
  classes: s.classes,
  timeline: s.timeline,
  changed: s.changed,
  changedPtes: s.changedPtes,
  marked: s.marked,
  markedPtes: s.markedPtes,
});
export const useFrame = () => useAppShallow(selectFrame);

export const selectPhase = (s: RunState) => s.phase;
export const selectGeneration = (s: RunState) => s.generation;
export const selectProblem = (s: RunState) => s.problem;
export const selectCur = (s: RunState) => s.cur;
export const selectTotal = (s: RunState) => s.total;
export const selectRunning = (s: RunState) => s.running;
export const selectStepsDone = (s: RunState) => s.stepsDone;
export const selectStepsTotal = (s: RunState) =>
  (s.scenario as { steps?: unknown[] } | null)?.steps?.length ?? 0;
export const selectVersion = (s: RunState) => s.version;
export const selectView = (s: RunState) => s.view;
export const selectNodeOf = (s: RunState) => s.nodeOf;
export const selectTimeline = (s: RunState) => s.timeline;
export const selectInit = (s: RunState): Init | null => s.timeline?.init ?? null;
export const selectTitle = (s: RunState) => s.timeline?.init.title ?? "";
/** The raw scenario the worker accepted, with every accepted call in it. */
export const selectScenario = (s: RunState) => s.scenario;
export const selectScenarioId = (s: RunState) => s.scenarioId;
export const selectSelectedPfn = (s: RunState) => s.selectedPfn;
export const selectSelectedPte = (s: RunState) => s.selectedPte;
export const selectCalls = (s: RunState) => s.calls;
export const selectUndo = (s: RunState) => s.undo;
export const selectPlaying = (s: RunState) => s.playing;
export const selectFps = (s: RunState) => s.fps;
export const selectLayout = (s: RunState): LayoutSnap | null =>
  s.timeline && s.view ? (s.timeline.layouts[s.view.layout] ?? null) : null;
/** Past this many frames the node grids are drawn on canvases, one pixel per frame. */
const LARGE_FRAMES = 4096;
export const selectIsLarge = (s: RunState) =>
  s.view ? s.view.pages.length / PAGE_COLS > LARGE_FRAMES : false;
