/**
 * The calls list and Undo of each scenario the user made calls on and left, for Back and Forward
 * (urlSync.ts): Back after a call is its Undo, Forward its redo, and Back from another lesson finds
 * the calls made on it. Kept by the scenario's JSON, as they stood when the run was last at rest;
 * the newest few. Kept in the tab's storage too: the history outlives a reload, and so must what
 * Back finds in it.
 */
import * as v from "valibot";
import { CallsSchema, type KeptCalls, type KeptStorage, NO_STORAGE } from "./callsKept.ts";
import type { RunState } from "./store.ts";

type Calls = Pick<RunState, "calls" | "undo">;

const left = new Map<string, Calls>();
const LEFT_KEPT = 16;
let storage: KeptStorage = NO_STORAGE;

/** A page starts: what the tab kept (nothing, in a new tab) is what Back can find. */
export function startLeftCalls(tab: KeptStorage): void {
  storage = tab;
  left.clear();
  for (const [key, kept] of readLeft(tab)) left.set(key, kept);
}

/** The calls made on this scenario, when the user made some and left it. */
export const keptCallsOf = (scenario: unknown): Calls | undefined =>
  left.get(JSON.stringify(scenario));

/** Remember the calls of the scenario on screen, once its run is at rest (not being replaced). */
export function rememberCalls(s: RunState, prev: RunState): void {
  if (s.replacing || s.phase !== "ready" || !s.scenario) return;
  if (s.calls === prev.calls && s.undo === prev.undo && s.scenario === prev.scenario) return;
  if (s.calls.length === 0 && s.undo.length === 0) return;
  const key = JSON.stringify(s.scenario);
  left.delete(key);
  left.set(key, { calls: s.calls, undo: s.undo });
  if (left.size > LEFT_KEPT) left.delete(left.keys().next().value as string);
  writeLeft(storage, [...left]);
}

const LEFT_KEY = "numa-lab.left";
const LeftSchema = v.array(v.tuple([v.string(), CallsSchema]));

/** What the tab kept, oldest first; anything unreadable is dropped whole. */
function readLeft(storage: KeptStorage): [string, KeptCalls][] {
  try {
    const raw = storage.getItem(LEFT_KEY);
    const kept = raw ? v.safeParse(LeftSchema, JSON.parse(raw)) : null;
    return kept?.success ? kept.output : [];
  } catch {
    return [];
  }
}

/**
 * Most characters kept: every call is a new scenario with its whole Undo list (scenarios too), so
 * the record grows fast with the calls made; past this the oldest scenarios are left out, and
 * Back finds the newest, the ones it reaches first.
 */
const LEFT_MAX_CHARS = 1 << 20;

function writeLeft(storage: KeptStorage, entries: readonly (readonly [string, Calls])[]): void {
  let kept = [...entries];
  let text = JSON.stringify(kept);
  while (text.length > LEFT_MAX_CHARS && kept.length > 1) {
    kept = kept.slice(1);
    text = JSON.stringify(kept);
  }
  try {
    if (kept.length === 0 || text.length > LEFT_MAX_CHARS) storage.removeItem(LEFT_KEY);
    else storage.setItem(LEFT_KEY, text);
  } catch {
    // Full or switched off: Back still finds them until the tab reloads.
    try {
      storage.removeItem(LEFT_KEY);
    } catch {
      // Nothing kept.
    }
  }
}
