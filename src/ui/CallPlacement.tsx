/**
 * What the System call form says about where calls go (issue 7: a call runs where the user is,
 * after the system call the frame on screen belongs to), where the last one went, and the calls
 * made so far.
 */
import { useEffect, useRef } from "react";
import { useApp } from "./app.ts";
import { describeStep } from "./callForm.ts";
import type { Call, RunState } from "./store.ts";

/**
 * Where a call made now will go (as the store's `insertionPoint` places it), in words that change
 * only when the frame crosses into another system call: words naming the frame re-rendered the
 * form's placement, its checkbox included, at every step (React writes an input's type and name
 * again at each render).
 */
function placementText(s: RunState): string {
  const tl = s.timeline;
  if (s.running && s.opening)
    return "The run is still coming: a call can be made once it reaches the frame it opens at.";
  if (s.cur === 0) return "Runs before every step (frame 0 is shown).";
  if (!tl || (s.cur >= s.total && !s.running)) return "Runs after the last step.";
  // While the run loads, the step on screen may not have reported its result (its op) yet.
  const info = tl.stepInfoAt(s.cur);
  const op = info ? ` (${info.op})` : "";
  return `Runs after step ${info?.index ?? tl.stepAt(s.cur)}${op}, the call the frame on screen belongs to.`;
}
/** Whether steps come after that call: the checkbox to drop them is shown then. */
const selectLater = (s: RunState) => s.timeline !== null && (s.cur < s.total || s.running);

/** Where a call made now will go: after the system call the frame on screen belongs to. */
export function Placement(p: { dropLater: boolean; setDropLater: (v: boolean) => void }) {
  const text = useApp(placementText);
  const later = useApp(selectLater);
  return (
    <div className="placement small">
      <p>{text}</p>
      {later && (
        <label>
          <input
            type="checkbox"
            checked={p.dropLater}
            onChange={(e) => p.setDropLater(e.currentTarget.checked)}
          />{" "}
          Drop the steps after it (otherwise they run again after the call)
        </label>
      )}
    </div>
  );
}

/** An answer that comes this soon after the call is brought into view; a later one is not. */
const BRING_ANSWER_MS = 2000;

export function WhereItWent({ call }: { call: Call }) {
  const status = useRef<HTMLParagraphElement>(null);
  const asked = useRef({ id: call.id, at: performance.now() });
  if (asked.current.id !== call.id) asked.current = { id: call.id, at: performance.now() };
  const ran = call.ret !== null;
  const answered = ran ? call.id : null;
  // Once the call has run, its answer is in view (under the sticky header, if the form was low);
  // but not after a long rerun, when the user may have gone to watch the node grids meanwhile.
  useEffect(() => {
    if (answered !== null && performance.now() - asked.current.at < BRING_ANSWER_MS)
      status.current?.scrollIntoView({ block: "nearest" });
  }, [answered]);
  if (!ran) return <p className="small where-it-went">Running the call…</p>;
  return (
    <p className="small where-it-went" role="status" ref={status}>
      {call.appended ? "Added as step " : "Inserted as step "}
      {call.at}
      {call.appended
        ? ", at the end of the run"
        : call.madeAt > 0
          ? `, after the call frame ${call.madeAt} belonged to`
          : ""}
      {call.firstFrame !== null ? `; it starts at frame ${call.firstFrame}` : "; it made no frames"}
      {call.appended
        ? "."
        : call.dropLater
          ? "; the steps after it were dropped."
          : "; the steps after it ran again."}
    </p>
  );
}

/**
 * The calls made in this run, with the step each became and their return values (or "rejected").
 * Not a numbered list: its numbers from 1 read as step numbers, which count from 0 as the
 * scenario's `steps` do ("Inserted as step 0").
 */
export function CallsMade({ calls }: { calls: readonly Call[] }) {
  if (calls.length === 0) return null;
  return (
    <ul className="calls" aria-label="Calls made">
      {calls.map((c) => (
        <li key={c.id}>
          {c.errors.length === 0 && !c.dropped && <span className="small">step {c.at} · </span>}
          <code>{describeStep(c.step)}</code>{" "}
          <b>
            {c.errors.length > 0
              ? "rejected"
              : c.dropped
                ? "dropped by a later call"
                : `${c.op} → ${c.ret ?? "…"}`}
          </b>
        </li>
      ))}
    </ul>
  );
}
