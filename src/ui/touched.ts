/**
 * What each move touched, in the terms panels draw: per NUMA node and per process, the version at
 * which its page frames or PTEs (or the marks on them) last changed, and the LRU lists kept up to
 * date. A store middleware derives them whenever `version` moves, from the pfns and PTEs the move
 * changed, so a panel selects its own revision and re-renders only when its data changed.
 */
import type { View } from "../worker/viewState.ts";
import { LruLists } from "./lruLists.ts";

export interface Touched {
  /** Per node id: the version its page frames last changed at. */
  readonly nodes: readonly number[];
  /** Per pid: the version its PTEs last changed at. */
  readonly pids: ReadonlyMap<number, number>;
  /** The version of the last move that changed everything (a new run, a far seek). */
  readonly all: number;
}

/** The state the derivation reads (the run store's, without importing it). */
interface Moves {
  version: number;
  view: View | null;
  nodeOf: Uint8Array;
  /** pfns the last move changed (null: everything). */
  changed: number[] | null;
  /** Flat [pid, vpn, ...] the last move changed (null: everything). */
  changedPtes: number[] | null;
  marked: ReadonlySet<number>;
  markedPtes: ReadonlySet<string>;
  /** The run's page frames some frame changes: outside them, every frame is as frame 0. */
  timeline: { touched: { list(): ArrayLike<number> } } | null;
}

export interface Derived {
  touched: Touched;
  /** The LRU lists of the current view (null before a run). */
  lru: LruLists | null;
}

export const NOTHING_TOUCHED: Touched = { nodes: [], pids: new Map(), all: 0 };

export const nodeRev = (t: Touched, node: number) => Math.max(t.nodes[node] ?? 0, t.all);
export const pidRev = (t: Touched, pid: number) => Math.max(t.pids.get(pid) ?? 0, t.all);

function touch(prev: Moves & Derived, next: Moves, fresh: boolean): Touched {
  const v = next.version;
  if (fresh || next.changed === null || next.changedPtes === null)
    return { nodes: [], pids: new Map(), all: v };
  const nodes = [...prev.touched.nodes];
  const byNode = (pfn: number) => {
    nodes[next.nodeOf[pfn] ?? 0] = v;
  };
  for (const pfn of next.changed) byNode(pfn);
  // A mark moving from one frame's pages to the next's redraws both.
  if (prev.marked !== next.marked) {
    for (const pfn of prev.marked) byNode(pfn);
    for (const pfn of next.marked) byNode(pfn);
  }
  let pids = prev.touched.pids;
  const byPid = (pid: number) => {
    if (pids === prev.touched.pids) pids = new Map(pids);
    (pids as Map<number, number>).set(pid, v);
  };
  for (let i = 0; i < next.changedPtes.length; i += 2) byPid(next.changedPtes[i] as number);
  if (prev.markedPtes !== next.markedPtes) {
    for (const k of prev.markedPtes) byPid(Number.parseInt(k, 10));
    for (const k of next.markedPtes) byPid(Number.parseInt(k, 10));
  }
  return { nodes, pids, all: prev.touched.all };
}

/**
 * The store's `set`, wrapped: each `set` that moves `version` also sets `touched` and updates
 * `lru`. The store's own code never writes either.
 */
export function withDerived<T extends Moves & Derived>(
  set: (partial: Partial<T>) => void,
  get: () => T,
): (partial: Partial<T>) => void {
  return (partial) => {
    const prev = get();
    if (partial.version === undefined || partial.version === prev.version) {
      set(partial);
      return;
    }
    const next = { ...prev, ...partial };
    const fresh = partial.view !== undefined && partial.view !== prev.view;
    let lru = fresh ? null : prev.lru;
    if (next.view) {
      if (!lru) {
        lru = new LruLists(next.nodeOf);
        lru.recomputeAll(next.view.pages, next.version);
      } else if (next.changed) lru.update(next.view.pages, next.changed, next.version);
      else if (next.timeline)
        lru.recount(next.view.pages, next.timeline.touched.list(), next.version);
      else lru.recomputeAll(next.view.pages, next.version);
    }
    set({ ...partial, touched: touch(prev, next, fresh), lru });
  };
}
