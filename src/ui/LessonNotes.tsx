/**
 * Lecture notes beside the narration: the lesson's description (what it teaches) and the note the
 * scenario gives the system call the current frame belongs to (optional fields of the scenario
 * format; see README). Read from the raw scenario the worker accepted, so an edited or imported
 * scenario's notes show too.
 */
import { useMemo } from "react";
import { kernelOf } from "../scenario/format.ts";
import { notesWrittenFor, stepsAddedToLesson } from "../scenario/library.ts";
import { selectScenario, useApp } from "./app.ts";
import { focusCallForm } from "./focusTargets.ts";
import { kernelName } from "./KernelSwitch.tsx";
import type { Call } from "./run/state.ts";
import type { RunState } from "./store.ts";

interface Notes {
  description?: unknown;
  steps?: { op?: unknown; note?: unknown }[];
}

/** The scenario step the current frame belongs to (-1 at frame 0). */
// The step alone: meta() also decodes the frame's narration, on every move.
const selectCurStep = (s: RunState) => (s.cur > 0 ? (s.timeline?.stepAt(s.cur) ?? -1) : -1);
const selectCalls = (s: RunState) => s.calls;

/** The call made (and run) as step `step`, in the System call form or with Let 1 s pass. */
const madeAt = (calls: readonly Call[], step: number) =>
  step < 0 ? undefined : calls.find((c) => c.at === step && !c.dropped && c.errors.length === 0);

/** What the panel says of a call made in the form: the lesson's notes cannot speak of it. */
export const MADE_HERE =
  "Your call, made in the System call form: the lesson's notes do not cover it.";
/** And of a tick from Let 1 s pass, which goes after the run's last step, not where you were. */
export const TICKED_HERE =
  "Your tick, from Let 1 s pass: a second passes after the run's last step (the view went there), and NUMA balancing scans if it is due. The lesson's notes do not cover it.";

/** And of a call a link added to the lesson (its sender made it). */
export const ADDED_BY_LINK =
  "A call added to the lesson, by whoever made the link you opened: the lesson's notes do not cover it.";

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v : null);

/**
 * The note for step `step` of `scenario`: the scenario's own, or, for a call made in the form,
 * that it is the user's; null before the first call or at a lesson's call with none. The notes
 * panel and the speaker notes both say this.
 */
export function callNote(scenario: unknown, step: number, calls: readonly Call[]): string | null {
  if (step < 0) return null;
  const own = text((scenario as Notes | null)?.steps?.[step]?.note);
  if (own) return own;
  const made = madeAt(calls, step);
  if (made) return made.op === "tick" ? TICKED_HERE : MADE_HERE;
  // A call that came with a link to the lesson: its reader made none, but it is no lesson's.
  return stepsAddedToLesson(scenario)?.includes(step) ? ADDED_BY_LINK : null;
}

/**
 * On a desk the System call form sits below the trace and the source, out of sight: a way to it
 * that puts the keyboard there too (the call made, the form brings the grids back into view).
 */
function ToCallForm() {
  return (
    <button type="button" className="to-call" onClick={focusCallForm}>
      Make a system call ↓
    </button>
  );
}

/**
 * When the lesson on screen was switched to the other kernel, what to say above its notes: they
 * describe what the lesson's own kernel does, which the run on screen may not (null otherwise).
 */
export function otherKernelWarning(scenario: unknown): string | null {
  const written = notesWrittenFor(scenario);
  if (!written) return null;
  return `These notes were written for ${kernelName(written)}; the run on screen is ${kernelName(kernelOf(scenario))}, which may do otherwise.`;
}

export function LessonNotes() {
  const scenario = useApp(selectScenario) as Notes | null;
  const step = useApp(selectCurStep);
  const calls = useApp(selectCalls);
  const warning = useMemo(() => otherKernelWarning(scenario), [scenario]);
  const description = text(scenario?.description);
  // A call made in the form is named with a word of its own: the lesson's description, shown
  // in its place, spoke of what the lesson's calls do (tester 11).
  const note = callNote(scenario, step, calls);
  if (!description && !note) return null;
  return (
    <section className="panel notes" aria-label="Lecture notes">
      {/* First, floated to the right of the line below it: the panel does not grow. */}
      <ToCallForm />
      {warning && <p className="other-kernel">{warning}</p>}
      {step < 0 || !note ? (
        description && <p className="about">{description}</p>
      ) : (
        <>
          <p className="note">
            <span className="small">
              Call {step}: <code>{String(scenario?.steps?.[step]?.op ?? "")}</code>
            </span>{" "}
            {note}
          </p>
          {description && (
            <details>
              <summary>About this lesson</summary>
              <p className="about">{description}</p>
            </details>
          )}
        </>
      )}
    </section>
  );
}
