/**
 * The app's store instance, the hook the components use, and module-level selectors (stable
 * function identities, so components re-render only when what they select changes).
 */
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { type Init, type LayoutSnap, PAGE_COLS } from "../worker/protocol.ts";
import { type AppState, createAppStore, type WorkerLike } from "./store.ts";

export const store = createAppStore(
  () =>
    new Worker(new URL("../worker/sim.worker.ts", import.meta.url), {
      type: "module",
    }) as unknown as WorkerLike,
);

export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(store, selector);
}

/** For selectors that build arrays or objects: compared shallowly. */
export function useAppShallow<T>(selector: (s: AppState) => T): T {
  return useStore(store, useShallow(selector));
}

export const actions = () => store.getState();

export const selectPhase = (s: AppState) => s.phase;
export const selectGeneration = (s: AppState) => s.generation;
export const selectProblem = (s: AppState) => s.problem;
export const selectCur = (s: AppState) => s.cur;
export const selectTotal = (s: AppState) => s.total;
export const selectRunning = (s: AppState) => s.running;
export const selectVersion = (s: AppState) => s.version;
export const selectInit = (s: AppState): Init | null => s.trace?.init ?? null;
export const selectTitle = (s: AppState) => s.trace?.init.title ?? "";
export const selectSelectedPfn = (s: AppState) => s.selectedPfn;
export const selectSelectedPte = (s: AppState) => s.selectedPte;
export const selectCalls = (s: AppState) => s.calls;
/** The raw scenario the worker accepted, with every accepted call appended. */
export const selectScenario = (s: AppState) => s.scenario;
export const selectLayout = (s: AppState): LayoutSnap | null =>
  s.trace && s.view ? (s.trace.layouts[s.view.layout] ?? null) : null;
/** Past this many frames the node grids are drawn on canvases, one pixel per frame. */
const LARGE_FRAMES = 4096;
export const selectIsLarge = (s: AppState) =>
  s.view ? s.view.pages.length / PAGE_COLS > LARGE_FRAMES : false;
