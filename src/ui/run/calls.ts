/**
 * How the calls list follows the steps it names (pure: the store and its message handler use it).
 */
import { type Call, type RunState, stepsTotal, type UndoEntry } from "./state.ts";

/**
 * The calls, once the worker has run call `id` as step `at` (its step message): those at or after
 * it move one step on, or, when it dropped the steps after it, are dropped. Applied then, not
 * when the call is made: a refused call moves nothing, and calls made before an earlier one was
 * answered are placed by where it really went. A rejected call holds no step.
 */
export function callsAfterInsert(calls: readonly Call[], id: number, at: number): Call[] {
  const made = calls.find((c) => c.id === id);
  const drop = made?.dropLater === true && !made.appended;
  return calls.map((c) => {
    if (c.id === id) return { ...c, at };
    if (c.errors.length > 0 || c.dropped || c.at < at) return c;
    return drop ? { ...c, dropped: true } : { ...c, at: c.at + 1 };
  });
}

/**
 * The calls list Undo goes back to: as it was before the call taken back (its places and the
 * calls it dropped), with what has been learnt since of each call's result, and the calls refused
 * since (they held no step, and stay listed as refused).
 */
export function callsBefore(entry: UndoEntry, now: readonly Call[]): Call[] {
  if (!entry.calls) return now.filter((c) => c.id !== entry.callId);
  const latest = new Map(now.map((c) => [c.id, c]));
  const before = new Set(entry.calls.map((c) => c.id));
  const refused = now.filter((c) => !before.has(c.id) && c.errors.length > 0);
  return [
    ...entry.calls.map((c) => {
      const n = latest.get(c.id);
      return n ? { ...c, ret: n.ret, firstFrame: n.firstFrame, errors: n.errors } : c;
    }),
    ...refused,
  ];
}

/** Where a call made at frame `cur` goes: after the step that frame belongs to. */
function insertionPoint(s: RunState): number {
  const tl = s.timeline;
  if (!tl || (s.cur >= s.total && !s.running)) return stepsTotal(s);
  const m = s.cur > 0 ? tl.meta(s.cur) : null;
  return m ? m.step + 1 : 0;
}

/**
 * A call made now, numbered `id`, and the Undo entry that takes it back: placed after the step of
 * the frame on screen, or appended when that is the end of a finished run (no rerun).
 */
export function callMade(
  s: RunState,
  id: number,
  step: Record<string, unknown>,
  dropLater: boolean,
): { call: Call; undo: UndoEntry } {
  const at = insertionPoint(s);
  const call: Call = {
    id,
    op: String(step.op),
    step,
    at,
    madeAt: s.cur,
    dropLater,
    appended: at === stepsTotal(s) && !s.running,
    ret: null,
    firstFrame: null,
    errors: [],
  };
  const undo: UndoEntry = {
    scenario: s.scenario,
    frame: s.cur,
    step: s.cur > 0 ? (s.timeline?.meta(s.cur)?.step ?? -1) : -1,
    callId: id,
    calls: s.calls,
  };
  return { call, undo };
}
