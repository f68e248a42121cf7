/**
 * What was wrong with the link in the address (src/scenario/share.ts says it in a sentence), and a
 * way on: the lesson library, or, for a scenario that only failed validation, the editor with the
 * link's scenario in it, errors marked. The first lesson is already loaded behind it, so the page
 * is never blank.
 */
import { useStore } from "zustand";
import { openInEditor } from "./editor/editorRequest.ts";
import { linkProblem } from "./linkSelection.ts";

export const PICKER_ID = "scenario-picker";

export function LinkProblem() {
  const error = useStore(linkProblem, (s) => s.error);
  const fellBack = useStore(linkProblem, (s) => s.fellBack);
  const partial = useStore(linkProblem, (s) => s.partial);
  const draft = useStore(linkProblem, (s) => s.draft ?? null);
  if (!error) return null;
  if (partial)
    return (
      <div className="problem" role="alert">
        <p>
          <b>Part of this link was left out:</b> {error}. The rest of it is open.
        </p>
        <button type="button" onClick={() => linkProblem.setState({ error: "" })}>
          Dismiss
        </button>
      </div>
    );
  const toLibrary = () => {
    const picker = document.getElementById(PICKER_ID) as HTMLSelectElement | null;
    picker?.focus();
    try {
      picker?.showPicker();
    } catch {
      // showPicker needs a user gesture and is not everywhere: the focus is enough.
    }
  };
  return (
    <div className="problem" role="alert">
      <p>
        <b>This link cannot be opened.</b> {sentence(error)}{" "}
        {fellBack ? "The first lesson is shown instead." : "The scenario on screen is kept."}
      </p>
      {draft !== null && (
        <>
          <button
            type="button"
            onClick={() => {
              openInEditor(draft);
              linkProblem.setState({ error: "" });
            }}
          >
            Fix it in the editor
          </button>{" "}
        </>
      )}
      <button type="button" onClick={toLibrary}>
        Choose a lesson from the library
      </button>{" "}
      <button type="button" onClick={() => linkProblem.setState({ error: "" })}>
        Dismiss
      </button>
    </div>
  );
}

/** A message as a sentence: the validator's field errors end without a full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);
