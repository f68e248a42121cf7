/**
 * "Calls made" and Undo survive a reload of the tab. The calls themselves are already in the
 * address (each one is a step of the scenario it shares), but the list that says which steps the
 * user added, with their return values, and the scenarios Undo goes back to lived only in the
 * store: a lecturer who pressed F5 kept the run and lost the means to take a call back.
 *
 * They are kept in the tab's sessionStorage beside the scenario they belong to, and given back
 * only to the first run the page opens, and only if that run's scenario is the very one they were
 * made on (the address may have moved on, or been edited, before the reload; a scenario too large
 * for a link never reaches the address, so its calls are not given back). A link opened in a new
 * tab or on another machine has no calls made: its reader made none (a duplicated tab copies
 * its session storage, and with it the calls).
 */
import * as v from "valibot";
import type { RunState, RunStore } from "./store.ts";

const KEY = "numa-lab.calls";

/**
 * What is kept: the scenario (as JSON text) and the store's calls and Undo. Read back through
 * this schema: a record of another shape (an older version of the app, a hand edit) is dropped,
 * never handed to the form, which would fail to draw it.
 */
const Step = v.record(v.string(), v.unknown());
const CallSchema = v.object({
  id: v.number(),
  op: v.string(),
  step: Step,
  at: v.number(),
  madeAt: v.number(),
  dropLater: v.boolean(),
  appended: v.boolean(),
  ret: v.nullable(v.union([v.string(), v.number()])),
  firstFrame: v.nullable(v.number()),
  errors: v.array(v.string()),
  dropped: v.optional(v.boolean()),
});
/** A scenario's calls list and Undo, as the store holds them. */
export const CallsSchema = v.object({
  calls: v.array(CallSchema),
  undo: v.array(
    v.object({
      scenario: v.unknown(),
      frame: v.number(),
      callId: v.number(),
      calls: v.optional(v.array(CallSchema)),
      step: v.optional(v.number()),
      renumbered: v.optional(v.boolean()),
    }),
  ),
});
export type KeptCalls = v.InferOutput<typeof CallsSchema>;
const KeptSchema = v.object({ scenario: v.string(), ...CallsSchema.entries });
type Kept = v.InferOutput<typeof KeptSchema>;

/** The storage this needs (sessionStorage in the app; a Map-backed stand-in in tests). */
export type KeptStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Nothing kept (tests, and the speaker-notes window). */
export const NO_STORAGE: KeptStorage = { getItem: () => null, setItem() {}, removeItem() {} };

/** The tab's sessionStorage, or nothing kept where the browser refuses it (a sandboxed frame). */
export function tabStorage(): KeptStorage {
  try {
    return window.sessionStorage;
  } catch {
    return NO_STORAGE;
  }
}

function read(storage: KeptStorage): Kept | null {
  try {
    const raw = storage.getItem(KEY);
    const kept = raw ? v.safeParse(KeptSchema, JSON.parse(raw)) : null;
    return kept?.success ? kept.output : null;
  } catch {
    return null;
  }
}

function write(storage: KeptStorage, s: RunState): void {
  try {
    if (s.calls.length === 0 && s.undo.length === 0) storage.removeItem(KEY);
    else
      storage.setItem(
        KEY,
        JSON.stringify({ scenario: JSON.stringify(s.scenario), calls: s.calls, undo: s.undo }),
      );
  } catch {
    // Storage full or switched off: the calls still work, they just will not outlive the tab;
    // and an older record must not outlive them either.
    try {
      storage.removeItem(KEY);
    } catch {
      // Nothing kept, nothing to give back.
    }
  }
}

/**
 * Whether the calls on record now agree with the scenario on record. Not while a call has not
 * been answered (its step is not in the scenario yet, or its return value is not known), nor
 * right after a call or an Undo is asked for, before the worker's answer brings the scenario
 * that has (or no longer has) the call: a reload then keeps the record from before, which
 * matches the address it opens.
 */
function settled(s: RunState, prev: RunState): boolean {
  if (s.calls.some((c) => c.ret === null && c.errors.length === 0)) return false;
  return s.scenario !== prev.scenario || s.calls.length === prev.calls.length;
}

/** Keep `store`'s calls and Undo in `storage`, and give them back after a reload. */
export function keepCallsAcrossReloads(store: RunStore, storage: KeptStorage): void {
  let pending = read(storage);
  store.subscribe((s, prev) => {
    if (pending && s.phase === "ready" && s.scenario !== null && s.scenario !== prev.scenario) {
      const kept = pending;
      pending = null;
      if (s.calls.length === 0 && JSON.stringify(s.scenario) === kept.scenario) {
        s.adoptCalls(kept.calls, kept.undo);
        return;
      }
    }
    if (s.phase === "crashed") pending = null;
    const changed = s.calls !== prev.calls || s.undo !== prev.undo || s.scenario !== prev.scenario;
    if (changed && s.scenario !== null && settled(s, prev)) write(storage, s);
  });
}
