/**
 * What the System call form says about where calls go (issue 7: a call runs where the user is,
 * after the system call the frame on screen belongs to), where the last one went, and the calls
 * made so far.
 */
import { useApp } from "./app.ts";
import { describeStep } from "./callForm.ts";
import type { Call, RunState } from "./store.ts";

/**
 * Where a call made now will go, in words that change only when the frame crosses into another
 * system call: words naming the frame re-rendered the form's placement, its checkbox included,
 * at every step (React writes an input's attributes again at each render).
 */
function placementText(s: RunState): string {
  const info = s.cur > 0 ? s.timeline?.stepInfoAt(s.cur) : null;
  if (info)
    return `Runs after step ${info.index} (${info.op}), the call the frame on screen belongs to.`;
  return s.cur === 0 ? "Runs before every step (frame 0 is shown)." : "Runs after the last step.";
}
const selectLater = (s: RunState) => s.timeline !== null && s.cur < s.timeline.total;

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

export function WhereItWent({ call }: { call: Call }) {
  if (call.ret === null) return <p className="small where-it-went">Running the call…</p>;
  return (
    <p className="small where-it-went" role="status">
      Inserted as step {call.at}
      {call.madeAt > 0 ? `, after the call frame ${call.madeAt} belonged to` : ""}
      {call.firstFrame !== null ? `; it starts at frame ${call.firstFrame}` : "; it made no frames"}
      {call.dropLater ? "; the steps after it were dropped." : "; the steps after it ran again."}
    </p>
  );
}

/** The calls made in this run, with their return values (or "rejected"). */
export function CallsMade({ calls }: { calls: readonly Call[] }) {
  if (calls.length === 0) return null;
  return (
    <ol className="calls" aria-label="Calls made">
      {calls.map((c) => (
        <li key={c.id}>
          <code>{describeStep(c.step)}</code>{" "}
          <b>{c.errors.length > 0 ? "rejected" : `${c.op} → ${c.ret ?? "…"}`}</b>
        </li>
      ))}
    </ol>
  );
}
