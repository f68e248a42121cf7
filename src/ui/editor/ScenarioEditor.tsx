/**
 * The scenario editor: the loaded scenario as JSON in CodeMirror 6, checked as you type with the
 * CLI's own messages (src/scenario/parse.ts) underlined at the offending field; Run loads it.
 * Import a file (picker or drop) and export the text as a `.json` the CLI reads. Calls made in
 * the `System call` form appear here, unless the text has been edited since.
 *
 * Loaded only when opened (App.tsx imports it lazily): CodeMirror is not on the first paint.
 */
import { json } from "@codemirror/lang-json";
import { linter, lintGutter } from "@codemirror/lint";
import { EditorView, keymap } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { scenarioData } from "../../scenario/parse.ts";
import { prettyJson as pretty } from "../../scenario/prettyJson.ts";
import { selectScenario, useApp } from "../app.ts";
import { openScenario } from "../urlSync.ts";
import { editorRequest } from "./editorRequest.ts";
import {
  checkSummary,
  download,
  errorsOf,
  goToMessage,
  replaceDoc,
  sameScenario,
  scenarioLinter,
  showFirstError,
  warningsOf,
} from "./editorText.ts";
import "./editor.css";

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
  /** The text differs from the run on screen (an edit not run yet, or a link's draft). */
  const [differs, setDiffers] = useState(false);
  /** Errors were shown since the editor opened: their going is then said too. */
  const hadErrors = useRef(false);
  if (errors.length > 0) hadErrors.current = true;
  const shown = useRef(scenario);
  shown.current = scenario;
  const request = useStore(editorRequest, (s) => s.seq);
  /** The last request taken: one asked before the editor was first loaded is its first text. */
  const taken = useRef(0);

  const setText = (text: string) => replaceDoc(view.current, text);
  const goTo = (message: string) => {
    if (view.current) goToMessage(view.current, message);
  };

  useEffect(() => {
    if (!host.current) return;
    synced.current = pretty(opened.current);
    const asked = editorRequest.getState();
    taken.current = asked.seq;
    const initial = asked.text ?? synced.current;
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
          setDiffers(!sameScenario(text, shown.current));
        }),
      ],
    });
    view.current = v;
    if (initial !== synced.current) {
      setErrors(errorsOf(initial));
      setDiffers(!sameScenario(initial, shown.current));
      showFirstError(v, initial);
    }
    return () => v.destroy();
  }, []);

  // A text asked for once the editor is loaded (another link's draft) replaces what it shows.
  useEffect(() => {
    const { text } = editorRequest.getState();
    if (request === taken.current || text === null) return;
    taken.current = request;
    replaceDoc(view.current, text);
    if (view.current) showFirstError(view.current, text);
  }, [request]);

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
    const same = sameScenario(doc, scenario);
    setDiffers(!same);
    const next = pretty(scenario);
    if (doc === next) return;
    // An imported file keeps its own formatting when it is what was loaded.
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
      {differs && scenario !== null && (
        <p className="draft-note">
          Not run yet: this text is not the scenario on screen (Run loads it).{" "}
          <button
            type="button"
            onClick={() => {
              const text = pretty(scenario);
              synced.current = text;
              setText(text);
            }}
          >
            Show the scenario on screen instead
          </button>
        </p>
      )}
      <div className="cm-host" ref={host} />
      <p className="visually-hidden" role="status">
        {checkSummary(errors, warnings, hadErrors)}
      </p>
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
