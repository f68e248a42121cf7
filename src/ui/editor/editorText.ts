/**
 * The scenario editor's text: checked with the CLI's own messages (src/scenario/parse.ts), placed
 * at their fields for CodeMirror's linter, compared with the scenario on screen, and saved as a
 * file. Apart from the component (ScenarioEditor.tsx) so each reads on its own.
 */
import type { Diagnostic } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import { parseScenario } from "../../scenario/parse.ts";
import { jsonSyntaxError, locateErrors, placeSyntaxError } from "./locate.ts";

/** The CLI's messages for `text` ([] when it is a valid scenario), a syntax error's with its place. */
export function errorsOf(text: string): string[] {
  const r = parseScenario(text);
  if (r.ok) return [];
  // The checker's message, with the place of the mistake (past a byte-order mark, as it reads).
  const read = text.replace(/^\uFEFF/, "");
  return r.errors.map((e) => (NOT_JSON.test(e) ? placeSyntaxError(read, e).message : e));
}
const NOT_JSON = /^\(scenario\): not valid JSON/;

/** Fields of a valid scenario that nothing reads (a typo, usually): listed, but Run stays on. */
export function warningsOf(text: string): string[] {
  const r = parseScenario(text);
  return r.ok ? r.warnings : [];
}

/** The CLI's errors at their fields; a valid scenario's fields that nothing reads, as warnings. */
export function scenarioLinter(view: EditorView): Diagnostic[] {
  const text = view.state.doc.toString();
  const syntax = jsonSyntaxError(text);
  if (syntax) {
    // The character it stopped at, underlined as a field's error is (a bare point marker was
    // easy to miss); at the very end, the last one.
    const from = Math.max(0, Math.min(syntax.at, text.length - 1));
    const to = Math.min(text.length, from + 1);
    return [{ from, to, severity: "error", message: syntax.message }];
  }
  const r = parseScenario(text);
  const at = (messages: string[], severity: "error" | "warning"): Diagnostic[] =>
    locateErrors(text, messages).map((e) => ({
      from: e.from,
      to: e.to,
      severity,
      message: e.message,
    }));
  return r.ok ? at(r.warnings, "warning") : at(r.errors, "error");
}

function fileName(text: string): string {
  let title = "scenario";
  try {
    const t = (JSON.parse(text) as { title?: unknown }).title;
    if (typeof t === "string" && t.trim()) title = t;
  } catch {
    // Not JSON: exported as it is, under a plain name.
  }
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${slug.slice(0, 60) || "scenario"}.json`;
}

export function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(text);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function replaceDoc(v: EditorView | null, text: string): void {
  v?.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
}

/**
 * A message clicked puts the cursor at its field and scrolls there: the field was often out of
 * view (pasted text leaves the view where the paste ended, 80 lines below the mistake).
 */
export function goToMessage(v: EditorView, message: string): void {
  const text = v.state.doc.toString();
  const at = jsonSyntaxError(text)?.at ?? locateErrors(text, [message])[0]?.from;
  if (at === undefined) return;
  v.dispatch({
    selection: { anchor: at },
    effects: EditorView.scrollIntoView(at, { y: "center" }),
  });
  v.focus();
}

/** A text sent here to be mended opens at its first mistake, which may be far down. */
export function showFirstError(v: EditorView, text: string): void {
  const first = errorsOf(text)[0];
  if (first) goToMessage(v, first);
}

/** The text reads as `scenario` (whatever its formatting). */
export function sameScenario(text: string, scenario: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(scenario);
  } catch {
    return false;
  }
}

/**
 * The check's result in one sentence for a screen reader (the list of messages is not live: each
 * keystroke would read it all): the count and the first error; "" until there is something to say.
 */
export function checkSummary(
  errors: readonly string[],
  warnings: readonly string[],
  hadErrors: { readonly current: boolean },
): string {
  const n = errors.length;
  if (n > 0) return `${n} ${n === 1 ? "error" : "errors"}, Run is off: ${errors[0]}`;
  if (warnings.length > 0)
    return `No errors; ${warnings.length} ${warnings.length === 1 ? "warning" : "warnings"}.`;
  return hadErrors.current ? "No errors: Run is on." : "";
}
