/**
 * The two ends of the speaker notes: the projector's page sends where the lecture is
 * (`useNotesSender`), and a second window opened with `?notes` shows it (`SpeakerNotesWindow`),
 * so the projector shows only the picture.
 */
import { useEffect, useRef, useState } from "react";
import { NarrationText } from "../NarrationText.tsx";
import {
  helloMessage,
  keyMessage,
  NOTES_KEYS,
  type NotesLink,
  type NotesState,
  openNotesLink,
  stateMessage,
} from "./speakerNotes.ts";

/** The address of the notes window: this page with `?notes` (the fragment, a scenario, dropped). */
export function notesWindowUrl(href: string): string {
  const url = new URL(href);
  url.hash = "";
  url.search = "?notes";
  return url.toString();
}

/**
 * Keep any open notes window in step with `state`; answer a window that just opened. Nothing is
 * posted until a notes window has said hello: stepping with no notes window costs no message.
 */
export function useNotesSender(state: NotesState | null): void {
  const latest = useRef(state);
  latest.current = state;
  const link = useRef<NotesLink | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const l = openNotesLink((m) => {
      // A key from the notes window acts as if pressed here (useKeys listens on the window).
      if (m.type === "key") {
        window.dispatchEvent(new KeyboardEvent("keydown", { key: m.key, shiftKey: m.shift }));
        return;
      }
      if (m.type !== "hello") return;
      link.current = l;
      if (latest.current) l.post(stateMessage(latest.current));
    });
    return () => {
      l.close();
      link.current = null;
    };
  }, []);
  useEffect(() => {
    if (state) link.current?.post(stateMessage(state));
  }, [state]);
}

/** The button that opens the notes window. */
export function SpeakerNotesButton() {
  return (
    <button
      type="button"
      className="notes-btn"
      title="Open the lecture notes in a second window, for the lecturer's screen"
      onClick={() => window.open(notesWindowUrl(location.href), "numa-lab-notes", "popup")}
    >
      Speaker notes
    </button>
  );
}

/** The whole page of the notes window. */
export function SpeakerNotesWindow() {
  const [state, setState] = useState<NotesState | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const l = openNotesLink((m) => {
      if (m.type === "state") setState(m.state);
    });
    l.post(helloMessage());
    // The lecturer's clicker sends its keys to this window when it has focus: pass them on.
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !NOTES_KEYS.has(e.key)) return;
      e.preventDefault();
      l.post(keyMessage(e.key, e.shiftKey));
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      l.close();
    };
  }, []);
  return <SpeakerNotesView state={state} />;
}

export function SpeakerNotesView({ state }: { state: NotesState | null }) {
  if (!state)
    return (
      <main className="speaker-notes">
        <h1>Speaker notes</h1>
        <p>Waiting for the lecture window (open the app in another window and step a frame).</p>
      </main>
    );
  return (
    <main className="speaker-notes">
      <h1>{state.title}</h1>
      <p className="speaker-frame">
        Frame {state.frame} / {state.frames}
      </p>
      <p className="small">
        Keys pressed here (→ ← PageDown PageUp Space [ ] Home End) step the lecture window.
      </p>
      {state.call && (
        <h2>
          <code>{state.call}</code>
        </h2>
      )}
      <section aria-label="Lecture note">
        {state.note ? (
          <p className="speaker-note">{state.note}</p>
        ) : (
          <p>{state.call ? "No note for this call." : "No note before the first call."}</p>
        )}
      </section>
      <section aria-label="Narration">
        <p className="speaker-narration">
          <NarrationText text={state.narration} />
        </p>
      </section>
    </main>
  );
}
