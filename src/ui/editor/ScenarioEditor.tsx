/**
 * The scenario editor: the loaded scenario as JSON in CodeMirror 6, checked as you type with the
 * CLI's own messages (src/scenario/parse.ts) underlined at the offending field; Run loads it.
 * Import a file (picker or drop) and export the text as a `.json` the CLI reads. Calls made in
 * the `System call` form appear here, unless the text has been edited since.
 *
 * Loaded only when opened (App.tsx imports it lazily): CodeMirror is not on the first paint.
 */
import { json } from "@codemirror/lang-json";
import { type Diagnostic, linter, lintGutter } from "@codemirror/lint";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef, useState } from "react";
import { parseScenario, scenarioData } from "../../scenario/parse.ts";
import { prettyJson as pretty } from "../../scenario/prettyJson.ts";
import { selectScenario, useApp } from "../app.ts";
import { openScenario } from "../urlSync.ts";
import { jsonSyntaxError, locateErrors, placeSyntaxError } from "./locate.ts";
import "./editor.css";

/** The CLI's messages for `text` ([] when it is a valid scenario), a syntax error's with its place. */
function errorsOf(text: string): string[] {
  const r = parseScenario(text);
  if (r.ok) return [];
  // The checker's message, with the place of the mistake (past a byte-order mark, as it reads).
  const read = text.replace(/^\uFEFF/, "");
  return r.errors.map((e) => (NOT_JSON.test(e) ? placeSyntaxError(read, e).message : e));
}
const NOT_JSON = /^\(scenario\): not valid JSON/;

/** Fields of a valid scenario that nothing reads (a typo, usually): listed, but Run stays on. */
function warningsOf(text: string): string[] {
  const r = parseScenario(text);
  return r.ok ? r.warnings : [];
}

/** The CLI's errors at their fields; a valid scenario's fields that nothing reads, as warnings. */
function scenarioLinter(view: EditorView): Diagnostic[] {
  const text = view.state.doc.toString();
  const syntax = jsonSyntaxError(text);
  if (syntax)
    return [{ from: syntax.at, to: syntax.at, severity: "error", message: syntax.message }];
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

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(text);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function replaceDoc(v: EditorView | null, text: string): void {
  v?.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
}

export default function ScenarioEditor({ onClose, open }: { onClose: () => void; open: boolean }) {
  const panel = useRef<HTMLElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  /** The text last put in from the store: while the doc equals it, store changes replace it. */
  const synced = useRef("");
  const [errors, setErrors] = useState<string[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const scenario = useApp(selectScenario);
  const opened = useRef(scenario);

  const setText = (text: string) => replaceDoc(view.current, text);
  /**
   * A message clicked puts the cursor at its field and scrolls there: the field was often out of
   * view (pasted text leaves the view where the paste ended, 80 lines below the mistake).
   */
  const goTo = (message: string) => {
    const v = view.current;
    if (!v) return;
    const text = v.state.doc.toString();
    const at = jsonSyntaxError(text)?.at ?? locateErrors(text, [message])[0]?.from;
    if (at === undefined) return;
    v.dispatch({
      selection: { anchor: at },
      effects: EditorView.scrollIntoView(at, { y: "center" }),
    });
    v.focus();
  };

  useEffect(() => {
    if (!host.current) return;
    const initial = pretty(opened.current);
    synced.current = initial;
    const v = new EditorView({
      parent: host.current,
      doc: initial,
      extensions: [
        // Esc hands the keys back to stepping, as in the trace's search box, even with text
        // selected (a lecturer presses it once, then →). Open completions (basicSetup binds them
        // above everything) close first, and so does the search panel when Esc is pressed in its
        // own box; pressed in the text, Esc leaves the editor with the panel still open. Focus
        // stays in the editor's panel, so Tab goes on from there.
        keymap.of([
          {
            key: "Escape",
            run: () => {
              panel.current?.focus();
              return true;
            },
          },
        ]),
        basicSetup,
        json(),
        EditorView.lineWrapping,
        linter(scenarioLinter, { delay: 300 }),
        lintGutter(),
        EditorView.contentAttributes.of({ "aria-label": "Scenario JSON" }),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          const text = u.state.doc.toString();
          setErrors(errorsOf(text));
          setWarnings(warningsOf(text));
        }),
      ],
    });
    view.current = v;
    return () => v.destroy();
  }, []);

  // Opened, the editor takes the keys: its text was 30 Tab presses from the button that opened it.
  useEffect(() => {
    if (open) view.current?.focus();
  }, [open]);

  // Calls from the System call form (and a newly loaded scenario) appear here, unless the text
  // was edited since it was last synced: the user's edits are never overwritten.
  useEffect(() => {
    const v = view.current;
    if (!v || !scenario) return;
    const doc = v.state.doc.toString();
    const next = pretty(scenario);
    if (doc === next) return;
    // An imported file keeps its own formatting when it is what was loaded.
    let same = false;
    try {
      same = JSON.stringify(JSON.parse(doc)) === JSON.stringify(scenario);
    } catch {
      same = false;
    }
    if (same) {
      synced.current = doc;
      return;
    }
    if (doc !== synced.current) return;
    synced.current = next;
    replaceDoc(v, next);
  }, [scenario]);

  // The text as the checker read it (past a byte-order mark, which JSON.parse refuses).
  const openRaw = (text: string) => {
    const read = scenarioData(text);
    if (read.ok) openScenario(read.data, 0, null);
  };
  const run = () => {
    const text = view.current?.state.doc.toString() ?? "";
    const errors = errorsOf(text);
    if (errors.length > 0) {
      setErrors(errors);
      return;
    }
    synced.current = text;
    openRaw(text);
  };

  const importText = (text: string) => {
    setText(text);
    synced.current = text;
    if (errorsOf(text).length === 0) openRaw(text);
    else setErrors(errorsOf(text));
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 8 << 20) {
      setErrors([`(scenario): ${file.name} is larger than 8 MiB`]);
      return;
    }
    importText(await file.text());
  };

  return (
    <section
      className={`panel editor${dragging ? " dragging" : ""}`}
      aria-label="Scenario editor"
      ref={panel}
      tabIndex={-1}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFile(e.dataTransfer.files[0]);
      }}
    >
      <div className="editor-bar">
        <h2>Scenario editor</h2>
        <button type="button" className="run" onClick={run} disabled={errors.length > 0}>
          Run
        </button>
        <label className="import">
          Import
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => {
              void importFile(e.currentTarget.files?.[0]);
              e.currentTarget.value = "";
            }}
          />
        </label>
        <button type="button" onClick={() => download(view.current?.state.doc.toString() ?? "")}>
          Export
        </button>
        <button type="button" onClick={onClose} aria-label="Close the editor">
          ✕
        </button>
      </div>
      <p className="small">
        The format the CLI reads (see README); drop a <code>.json</code> file here to import it.
        Optional <code>description</code> and per-step <code>note</code> fields become lecture
        notes.
      </p>
      <div className="cm-host" ref={host} />
      <ul className="editor-errors" aria-label="Scenario errors">
        {errors.map((e) => (
          <li key={e}>
            <button type="button" className="to-field" onClick={() => goTo(e)}>
              {e}
            </button>
          </li>
        ))}
        {warnings.map((w) => (
          <li key={w} className="warning">
            <button type="button" className="to-field" onClick={() => goTo(w)}>
              Warning: {w}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
