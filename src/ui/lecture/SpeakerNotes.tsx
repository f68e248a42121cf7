/**
 * The two ends of the speaker notes: the projector's page sends where the lecture is
 * (`useNotesSender`), and a second window opened with `?notes` shows it (`SpeakerNotesWindow`),
 * so the projector shows only the picture.
 */

import { useEffect, useState } from "react";
import { NarrationText } from "../NarrationText.tsx";
import { characterKeyOff } from "../nav/characterKeys.ts";
import { applyMode } from "./presentation.ts";
import "./speakerNotes.css";
import {
  askMessage,
  byeMessage,
  goneMessage,
  helloMessage,
  keyMessage,
  NOTES_KEYS,
  type NotesLink,
  type NotesState,
  openNotesLink,
  sameLecture,
  stateMessage,
} from "./speakerNotes.ts";

/**
 * The address of the notes window: this page with `?notes=` and the id of the lecture window
 * opening it (the fragment, a scenario, dropped).
 */
export function notesWindowUrl(href: string, lecture: string): string {
  const url = new URL(href);
  url.hash = "";
  url.search = `?notes=${encodeURIComponent(lecture)}`;
  return url.toString();
}

const LECTURE_ID_KEY = "numa-lab.lecture-id";
let unsavedId: string | null = null;

/**
 * This tab's id as a lecture window, kept in the tab's session storage: a reload keeps it, so the
 * notes window it opened follows it back; another tab has its own.
 */
export function lectureId(): string {
  try {
    const kept = sessionStorage.getItem(LECTURE_ID_KEY);
    if (kept) return kept;
    const made = crypto.randomUUID();
    sessionStorage.setItem(LECTURE_ID_KEY, made);
    return made;
  } catch {
    // No session storage: an id for as long as the page lives.
    unsavedId ??= `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    return unsavedId;
  }
}

/**
 * Keep any open notes window in step with the run in `store`, as `notesOf` describes it; answer a
 * window that just opened. Nothing is computed or posted until a notes window has said hello:
 * stepping with no notes window costs nothing.
 */
export function useNotesSender<S>(
  store: { getState(): S; subscribe(listener: (s: S) => void): () => void },
  notesOf: (s: S) => NotesState | null,
): void {
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const me = lectureId();
    // Notes windows open now (each says hello as it opens and bye as it closes).
    let open = 0;
    let last: NotesState | null = null;
    const send = (l: NotesLink) => {
      // Called among the store's listeners: a failure here must not keep the panels' from running.
      try {
        const now = notesOf(store.getState());
        if (!now || (last && sameNotes(last, now))) return;
        last = now;
        l.post(stateMessage(now, me));
      } catch {
        // The notes window misses one update; the next change sends the whole state again.
        last = null;
      }
    };
    const l = openNotesLink((m) => {
      // A notes window of another tab's lecture.
      if (!sameLecture(m.lecture, me)) return;
      // A key from the notes window acts as if pressed here (useKeys listens on the window).
      if (m.type === "key") {
        window.dispatchEvent(new KeyboardEvent("keydown", { key: m.key, shiftKey: m.shift }));
        return;
      }
      if (m.type === "bye") {
        open = Math.max(0, open - 1);
        return;
      }
      // Another lecture window went (a duplicate tab closed): the notes now say the lecture has
      // gone, but this one has not; say where it is.
      if (m.type === "gone") {
        if (open > 0) {
          last = null;
          send(l);
        }
        return;
      }
      if (m.type !== "hello") return;
      open++;
      last = null;
      send(l);
    });
    const off = store.subscribe(() => open > 0 && send(l));
    // The theme is the page's, not the store's: a switch of it is news for the notes too.
    const themed = new MutationObserver(() => open > 0 && send(l));
    themed.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    // Notes windows opened before this page (re)started answer this with hello.
    l.post(askMessage(me));
    // Closed or reloading: the notes say their frame is the last one the lecture showed.
    const gone = () => open > 0 && l.post(goneMessage(me));
    window.addEventListener("pagehide", gone);
    return () => {
      off();
      themed.disconnect();
      window.removeEventListener("pagehide", gone);
      l.close();
    };
  }, [store, notesOf]);
}

const sameNotes = (a: NotesState, b: NotesState) =>
  a.title === b.title &&
  a.frame === b.frame &&
  a.frames === b.frames &&
  a.call === b.call &&
  a.note === b.note &&
  a.narration === b.narration &&
  a.fn === b.fn &&
  a.phase === b.phase &&
  a.theme === b.theme;

/** The button that opens the notes window. */
export function SpeakerNotesButton() {
  return (
    <button
      type="button"
      className="notes-btn"
      title="Open the lecture notes in a second window, for the lecturer's screen"
      onClick={() =>
        window.open(notesWindowUrl(location.href, lectureId()), "numa-lab-notes", "popup")
      }
    >
      Speaker notes
    </button>
  );
}

/** The whole page of the notes window. */
export function SpeakerNotesWindow() {
  const [state, setState] = useState<NotesState | null>(null);
  /** The lecture window went (closed, or reloading) since its last state. */
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    // The lecture window that opened this one ("": opened by hand, any lecture window).
    const mine = new URLSearchParams(location.search).get("notes") ?? "";
    const l = openNotesLink((m) => {
      if (!sameLecture(m.lecture, mine)) return;
      if (m.type === "state") {
        setState(m.state);
        setGone(false);
        applyMode(document.documentElement, { presenting: false, theme: m.state.theme });
      }
      if (m.type === "gone") setGone(true);
      // The projector's page started again (reloaded): say this window is here.
      if (m.type === "ask") l.post(helloMessage(mine));
    });
    l.post(helloMessage(mine));
    // The lecturer's clicker sends its keys to this window when it has focus: pass them on.
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !NOTES_KEYS.has(e.key) || characterKeyOff(e))
        return;
      e.preventDefault();
      l.post(keyMessage(e.key, e.shiftKey, mine));
    };
    window.addEventListener("keydown", onKey);
    const bye = () => l.post(byeMessage(mine));
    window.addEventListener("pagehide", bye);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("pagehide", bye);
      l.close();
    };
  }, []);
  return <SpeakerNotesView state={state} gone={gone} />;
}

export function SpeakerNotesView({
  state,
  gone = false,
}: {
  state: NotesState | null;
  gone?: boolean;
}) {
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
      {gone && (
        <p className="speaker-gone" role="alert">
          The lecture window has closed (or is reloading): this is the last frame it showed, and
          keys pressed here reach nothing until it is back.
        </p>
      )}
      <p className="speaker-frame">
        Frame {state.frame} / {state.frames}
        {state.phase && <span className="speaker-phase"> · {state.phase}</span>}
      </p>
      {state.fn && (
        <p className="speaker-fn">
          <code>{state.fn}</code>
        </p>
      )}
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
