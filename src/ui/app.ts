/**
 * How panels reach their run: the run's store comes through React context (so two runs can be
 * shown side by side, each with its own store), panels subscribe with the module-level selectors
 * below (stable identities, so a panel re-renders only when what it selects changes), and event
 * handlers call actions on `useRunStore().getState()`.
 */
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from "react";
import { useStore } from "zustand";
import { type Init, type LayoutSnap, PAGE_COLS } from "../worker/viewState.ts";
import type { CellKind } from "./keyedCells.ts";
import { stepsTotal } from "./run/state.ts";
import { type Focus, focusOf } from "./selection.ts";
import { createRunStore, type RunState, type RunStore, type WorkerLike } from "./store.ts";
import { nodeRev, pidRev } from "./touched.ts";

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

/** Cell `key` of a kind (keyedCells.ts): re-renders only when that cell's value changes. */
export function useCell<T>(kind: CellKind<RunState, T>, key: number): T {
  const cells = kind.of(useRunStore());
  const subscribe = useCallback((wake: () => void) => cells.subscribe(key, wake), [cells, key]);
  return useSyncExternalStore(subscribe, () => cells.get(key));
}

/** The largest value of cells `keys` (a stable array), for a row drawn from several lists. */
export function useCellsMax(kind: CellKind<RunState, number>, keys: readonly number[]): number {
  const cells = kind.of(useRunStore());
  const subscribe = useCallback(
    (wake: () => void) => {
      const stops = keys.map((k) => cells.subscribe(k, wake));
      return () => {
        for (const stop of stops) stop();
      };
    },
    [cells, keys],
  );
  return useSyncExternalStore(subscribe, () => keys.reduce((m, k) => Math.max(m, cells.get(k)), 0));
}

/**
 * For selectors that build arrays or objects: the last result is kept while a new one has the
 * same entries, so the panel does not re-render. (zustand's `useShallow` compares arrays by
 * building a Map of each, which cost ~0.1 ms a step over the swap and node panels.)
 */
export function useAppShallow<T>(selector: (s: RunState) => T): T {
  const last = useRef<T | undefined>(undefined);
  return useStore(useRunStore(), (s) => {
    const next = selector(s);
    if (last.current !== undefined && sameEntries(last.current, next)) return last.current;
    last.current = next;
    return next;
  });
}

/** Same array items, or same own keys and values, compared with `Object.is`. */
export function sameEntries(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && Object.is(ra[k], rb[k]));
}

/**
 * Calls `onMove` after each move (each change of `version`), outside React: for what is drawn
 * imperatively (canvases), which must see every move's changes, not only the last one rendered.
 */
export function watchMoves(store: RunStore, onMove: (s: RunState) => void): () => void {
  return store.subscribe((s, prev) => {
    if (s.version !== prev.version) onMove(s);
  });
}

/** The version at which node `node`'s page frames (or their marks) last changed. */
export const selectNodeRev = (node: number) => (s: RunState) => nodeRev(s.touched, node);
/** The version at which process `pid`'s PTEs (or their marks) last changed. */
export const selectPidRev = (pid: number) => (s: RunState) => pidRev(s.touched, pid);

const NO_FOCUS: Focus = { pfn: null, slot: null, ptes: new Set() };
const focusByState = new WeakMap<RunState, Focus>();
const lastFocus = new WeakMap<object, Focus>();
const sameFocus = (a: Focus, b: Focus) =>
  a.pfn === b.pfn &&
  a.slot === b.slot &&
  a.ptes.size === b.ptes.size &&
  [...a.ptes].every((k) => b.ptes.has(k));

/** The page the selection points at (the PTE's page when a PTE is selected), or null. */
export const selectFocusPfn = (s: RunState) => selectFocus(s).pfn;

/**
 * What the selection points at, computed once per state and kept as the same object while it
 * does not change, so panels that draw the selection re-render only when it moves.
 */
export function selectFocus(s: RunState): Focus {
  if (!s.view || (s.selectedPfn === null && s.selectedPte === null)) return NO_FOCUS;
  let f = focusByState.get(s);
  if (f) return f;
  f = focusOf(s);
  const last = lastFocus.get(s.view);
  if (last && sameFocus(last, f)) f = last;
  lastFocus.set(s.view, f);
  focusByState.set(s, f);
  return f;
}

export const selectPhase = (s: RunState) => s.phase;
export const selectReplacing = (s: RunState) => s.replacing;
/** Where the run opens once complete, while frame 0 stands in for it (null otherwise). */
export const selectOpening = (s: RunState) => (s.running ? s.opening : null);
export const selectGeneration = (s: RunState) => s.generation;
export const selectProblem = (s: RunState) => s.problem;
export const selectCur = (s: RunState) => s.cur;
export const selectTotal = (s: RunState) => s.total;
export const selectRunning = (s: RunState) => s.running;
export const selectStepsDone = (s: RunState) => s.stepsDone;
export const selectStepsTotal = stepsTotal;
export const selectView = (s: RunState) => s.view;
export const selectClasses = (s: RunState) => s.classes;
export const selectNodeOf = (s: RunState) => s.nodeOf;
export const selectTimeline = (s: RunState) => s.timeline;
export const selectInit = (s: RunState): Init | null => s.timeline?.init ?? null;
export const selectTitle = (s: RunState) => s.timeline?.init.title ?? "";
/** The raw scenario the worker accepted, with every accepted call in it. */
export const selectScenario = (s: RunState) => s.scenario;
/** What the picker names: the scenario being loaded while it loads, else the one on screen. */
export const selectPickedScenario = (s: RunState) =>
  s.phase === "loading" && s.requested !== null ? s.requested : s.scenario;
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
