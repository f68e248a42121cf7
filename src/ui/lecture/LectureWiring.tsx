/**
 * The lecture pieces connected to the app's store: the header's tools (presentation, theme,
 * speaker notes, QR code, export), the Source panel and the migration arrows of the current frame.
 * The pieces themselves take plain props; only this file knows the store.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { callText } from "../../scenario/handout.ts";
import { frameMoves } from "../../worker/viewState.ts";
import {
  selectCur,
  selectIsLarge,
  selectRunning,
  selectScenario,
  selectTitle,
  selectTotal,
  useApp,
  useRunStore,
} from "../app.ts";
import type { Caption } from "../export/caption.ts";
import { ExportMenu } from "../export/ExportMenu.tsx";
import { handoutRun } from "../export/handoutRun.ts";
import { callNote, otherKernelWarning } from "../LessonNotes.tsx";
import { useShareUrl } from "../SharePanel.tsx";
import { SourcePanel } from "../source/SourcePanel.tsx";
import type { RunState } from "../store.ts";
import type { FrameMeta } from "../timeline/timeline.ts";
import { callRange } from "./callRange.ts";
import { MigrationArrows } from "./MigrationArrows.tsx";
import { PresentationControls } from "./PresentationControls.tsx";
import { QrCode } from "./QrCode.tsx";
import { SpeakerNotesButton, useNotesSender } from "./SpeakerNotes.tsx";
import type { NotesState } from "./speakerNotes.ts";

// Primitives only: a selector that builds an object each call would re-render forever.
// Three selectors read the frame's meta on every store change: decode its narration once a state.
const metaByState = new WeakMap<RunState, FrameMeta | null>();
const metaOf = (s: RunState): FrameMeta | null => {
  let m = metaByState.get(s);
  if (m === undefined) {
    m = s.cur > 0 ? (s.timeline?.meta(s.cur) ?? null) : null;
    metaByState.set(s, m);
  }
  return m;
};
const selectFn = (s: RunState) => metaOf(s)?.fn ?? "";
const selectText = (s: RunState) => metaOf(s)?.text ?? "";
const selectStep = (s: RunState) => metaOf(s)?.step ?? -1;
const selectTemplate = (s: RunState) => (s.cur > 0 ? (s.timeline?.template(s.cur) ?? null) : null);
const NO_MOVES: readonly number[] = [];
const selectMovesKey = (s: RunState) => {
  const at = s.cur > 0 ? s.timeline?.locate(s.cur) : null;
  return at ? frameMoves(at[0], at[1]).join(",") : "";
};

/** The warning of the last scenario asked about (comparing one with every lesson is not free). */
let warned: { scenario: unknown; warning: string | null } | null = null;
const warningOf = (scenario: unknown) => {
  if (warned?.scenario !== scenario || !warned) {
    warned = { scenario, warning: otherKernelWarning(scenario) };
  }
  return warned.warning;
};

/** The frame's kernel function and its file, as the trace names them. */
const fnOf = (s: RunState) => {
  const m = metaOf(s);
  return m ? `${m.fn} · ${m.file}` : "";
};

/** What the speaker notes window shows for the run's state `s` (null before a scenario is named). */
function notesOf(s: RunState): NotesState | null {
  const title = selectTitle(s);
  if (!title) return null;
  const scenario = s.scenario as { steps?: Record<string, unknown>[]; description?: unknown };
  const stepIndex = selectStep(s);
  const step = stepIndex >= 0 ? scenario?.steps?.[stepIndex] : undefined;
  // Before the first call, or at a lesson's call with no note, what the lesson teaches; at a call
  // made in the form, that it is the user's: as the projector's notes panel shows it.
  const note = callNote(scenario, stepIndex, s.calls);
  const said = note ?? scenario?.description;
  return {
    title,
    frame: s.cur,
    frames: s.total,
    call: step ? callText(step) : "",
    note: [warningOf(s.scenario), typeof said === "string" ? said : ""].filter(Boolean).join(" "),
    narration: selectText(s),
    fn: fnOf(s),
    phase: s.timeline?.phaseLabel(s.cur) ?? "",
    theme: document.documentElement.dataset.theme === "dark" ? "dark" : "light",
  };
}

/**
 * Keeps an open speaker-notes window in step. It reads the store outside React: stepping renders
 * nothing for it, and with no notes window open it does no work at all. The App keeps it mounted
 * in the compare view too, where it follows run A (the run on screen before) and the notes
 * window's keys step the comparison.
 */
export function NotesSender() {
  useNotesSender(useRunStore(), notesOf);
  return null;
}

/**
 * The QR code of the link to what is on screen, drawn again as the frame or the lesson changes
 * (students scanning it late land where the lecture is); Esc closes it.
 */
function QrBox({ onClose }: { onClose: () => void }) {
  const { url } = useShareUrl();
  const title = useApp(selectTitle);
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  // Opened, the keyboard is in the box (Enter or Esc closes it); closed, it goes back to the
  // QR code button (LectureTools), not to the top of the page.
  const closeBtn = useRef<HTMLButtonElement>(null);
  useEffect(() => closeBtn.current?.focus(), []);
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    document.addEventListener("keydown", close);
    return () => document.removeEventListener("keydown", close);
  }, [onClose]);
  return (
    <div
      className="qr-box"
      role="dialog"
      aria-label="QR code of this page"
      aria-describedby={title ? "qr-caption" : undefined}
    >
      <QrCode url={url} size={280} />
      {/* What a phone will open, for the class to check against the screen (tester 11). */}
      {title && (
        <p className="qr-caption" id="qr-caption">
          Opens “{title}” at frame {cur} of {total}
        </p>
      )}
      <button type="button" ref={closeBtn} onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/** The header's lecture tools; they read the frame when used, so stepping does not render them. */
export function LectureTools() {
  const title = useApp(selectTitle);
  // Only whether the run is still coming (the handout waits for it): not rendered at each step.
  const running = useApp(selectRunning);
  const [qr, setQr] = useState(false);
  const qrBtn = useRef<HTMLButtonElement>(null);
  const closeQr = useCallback(() => {
    const inBox = document.activeElement?.closest(".qr-box") !== null;
    setQr(false);
    if (inBox) qrBtn.current?.focus();
  }, []);
  const run = useRunStore();
  const handout = useCallback(() => {
    const s = run.getState();
    const steps = s.timeline?.steps ?? [];
    return handoutRun(
      s.scenario,
      s.total,
      (f) => s.timeline?.meta(f) ?? null,
      (i) => steps.find((x) => x.index === i)?.ret,
    );
  }, [run]);

  // What a figure says above the picture: the lesson, the frame and its narration.
  const caption = useCallback((): Caption | null => {
    const s = run.getState();
    const meta = s.cur > 0 ? s.timeline?.meta(s.cur) : null;
    return {
      head: `${title} · frame ${s.cur} of ${s.total}${meta ? ` · ${meta.fn}` : ""}`,
      text: meta?.text ?? "Frame 0: the machine before the first system call.",
    };
  }, [run, title]);

  return (
    <div className="lecture-tools">
      <PresentationControls />
      <SpeakerNotesButton />
      <button type="button" ref={qrBtn} aria-expanded={qr} onClick={() => setQr(!qr)}>
        QR code
      </button>
      {qr && <QrBox onClose={closeQr} />}
      <ExportMenu
        // The picture: the main column, or with the page table drawn beside four node grids in
        // presentation (App.tsx), the whole view less the rest of the side column.
        target={() =>
          document.querySelector<HTMLElement>(".grid.tables-beside") ??
          document.querySelector<HTMLElement>(".col-main")
        }
        current={() => run.getState().cur}
        range={() => callRange(run.getState())}
        showFrame={(n) => run.getState().goto(n, { keepWaiting: true })}
        handout={handout}
        caption={caption}
        name={title}
        exclude=".lru, .swap, .inspector, .swap-arrows, .skip-links, .col-side > :not(.stack)"
        loading={running}
      />
    </div>
  );
}

/** The Source panel's head or listing (or both), for the frame on screen. */
export function CurrentSource({ part }: { part?: "head" | "listing" }) {
  const fn = useApp(selectFn);
  const text = useApp(selectText);
  const template = useApp(selectTemplate);
  const scenario = useApp(selectScenario) as { kernel?: unknown } | null;
  return (
    <SourcePanel
      fn={fn}
      narration={text}
      template={template}
      kernel={typeof scenario?.kernel === "string" ? scenario.kernel : null}
      part={part}
    />
  );
}

/** The frame's moves, or none on a large machine's canvas grids (no cell to point at), where they
 * are not even read at a step. */
const selectMovesShown = (s: RunState) => (selectIsLarge(s) ? "" : selectMovesKey(s));

export function CurrentMigrations() {
  const key = useApp(selectMovesShown);
  const moves = useMemo(() => (key ? key.split(",").map(Number) : NO_MOVES), [key]);
  return <MigrationArrows moves={moves} />;
}
