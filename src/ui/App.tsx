import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useStore } from "zustand";
import { FRAME_LIMIT_SAID } from "../worker/protocol.ts";
import { useAnchorColumn } from "./anchorColumn.ts";
import {
  selectGeneration,
  selectInit,
  selectIsLarge,
  selectOpening,
  selectPhase,
  selectProblem,
  selectTitle,
  useApp,
  useRunStore,
} from "./app.ts";
import { CountersPanel } from "./CountersPanel.tsx";
import { DrawnWhenSeen } from "./DrawnWhenSeen.tsx";
import { editorRequest } from "./editor/editorRequest.ts";
import { Inspector } from "./Inspector.tsx";
import { KernelSwitch, RunKernel } from "./KernelSwitch.tsx";
import { LessonNotes } from "./LessonNotes.tsx";
import { LinkProblem } from "./LinkProblem.tsx";
import { LruPanel } from "./LruPanel.tsx";
import { useFocusAcrossMove } from "./lecture/focusAcrossMove.ts";
import {
  CurrentMigrations,
  CurrentSource,
  LectureTools,
  NotesSender,
} from "./lecture/LectureWiring.tsx";
import { CurrentSwapArrows } from "./lecture/SwapArrows.tsx";
import { usePresenting, useTwoColumns } from "./lecture/usePresenting.ts";
import { Legend, NodePanels } from "./NodePanel.tsx";
import { NavBar } from "./nav/NavBar.tsx";
import { PageTables, PteLegend } from "./PageTables.tsx";
import { ShareButton, SharePanel } from "./SharePanel.tsx";
import { SkipLinks } from "./SkipLinks.tsx";
import { SwapPanel } from "./SwapPanel.tsx";
import { SourceSection } from "./source/SourcePanel.tsx";
import { useStickyHeaderPadding } from "./stickyHeader.ts";
import { TickButton } from "./TickButton.tsx";
import { ScenarioPicker, Stepper } from "./Toolbar.tsx";
import { TracePanel } from "./TracePanel.tsx";

// The form is below the fold on a projector and pulls in its own validation: load it after paint.
const SyscallForm = lazy(() => import("./SyscallForm.tsx"));
// The compare view (a second run, its charts) is loaded when it is opened.
const CompareView = lazy(() => import("./compare/CompareView.tsx"));
// CodeMirror is loaded only when the editor is opened.
const ScenarioEditor = lazy(() => import("./editor/ScenarioEditor.tsx"));

function Problem() {
  const run = useRunStore();
  const phase = useApp(selectPhase);
  const problem = useApp(selectProblem);
  if (problem.length === 0) return null;
  // The run's frame limit: nothing failed, and a restart would stop at the same frame.
  if (problem[0]?.startsWith(FRAME_LIMIT_SAID))
    return (
      <div className="problem" role="alert">
        <p>
          <b>The run was cut short:</b> {problem[0]}
        </p>
      </div>
    );
  return (
    <div className="problem" role="alert">
      <p>
        <b>
          {phase === "crashed" ? "The simulation stopped." : "The scenario could not be loaded."}
        </b>{" "}
        Your scenario and the calls you made are kept; Restart runs them again.
      </p>
      <ul>
        {problem.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <button type="button" className="restart-btn" onClick={() => run.getState().restart()}>
        Restart
      </button>
    </div>
  );
}

export function App() {
  const init = useApp(selectInit);
  const title = useApp(selectTitle);
  const phase = useApp(selectPhase);
  const large = useApp(selectIsLarge);
  const generation = useApp(selectGeneration);
  const opening = useApp(selectOpening);
  // Four node grids of frames fill a projector's height (1280x720 or 1920x1080), and so do the
  // large machine's two rows of four: in presentation the page table goes beside them, above the
  // narration, where it stays on screen (a phone has one column).
  const presenting = usePresenting();
  const twoColumns = useTwoColumns();
  const tablesBeside = presenting && twoColumns && (init?.nodes.length ?? 0) >= 4;
  useFocusAcrossMove(tablesBeside);
  const [editing, setEditing] = useState(false);
  /** The editor is kept once opened (hidden when closed), so an edit not run yet survives. */
  const [editorOpened, setEditorOpened] = useState(false);
  // A text sent to the editor (a link's scenario to mend) opens it.
  const editorAsked = useStore(editorRequest, (s) => s.seq);
  useEffect(() => {
    if (editorAsked === 0) return;
    setEditing(true);
    setEditorOpened(true);
  }, [editorAsked]);
  const [header, setHeader] = useState<HTMLElement | null>(null);
  useStickyHeaderPadding(header);
  const [grid, setGrid] = useState<HTMLElement | null>(null);
  useAnchorColumn(grid);
  const [comparing, setComparing] = useState(false);
  // Back (or Forward) opens another entry of the tab's history: the page it names, not the
  // comparison of the run it replaces, which had stayed open over another lesson.
  useEffect(() => {
    if (!comparing) return;
    const leave = () => setComparing(false);
    window.addEventListener("popstate", leave);
    return () => window.removeEventListener("popstate", leave);
  }, [comparing]);
  // Closing the compare view or the editor gives the keyboard back to the button that opened it.
  const compareBtn = useRef<HTMLButtonElement>(null);
  const editBtn = useRef<HTMLButtonElement>(null);
  const refocus = useRef<HTMLButtonElement | "compare" | null>(null);
  useEffect(() => {
    const to = refocus.current === "compare" ? compareBtn.current : refocus.current;
    if (!to) return;
    refocus.current = null;
    to.focus({ preventScroll: true });
  });
  // The notes sender comes first in both views, so opening Compare keeps it (and the open notes
  // window) where it is.
  if (comparing)
    return (
      <>
        <NotesSender />
        <Suspense fallback={<p className="loading">Loading the compare view…</p>}>
          <CompareView
            onClose={() => {
              refocus.current = "compare";
              setComparing(false);
            }}
          />
        </Suspense>
      </>
    );
  return (
    <>
      <NotesSender />
      <div className="app">
        <header className="top" ref={setHeader}>
          <div className="title">
            <h1>MPOL_MF_LAZY: lazy NUMA migration</h1>
            <p className="subtitle" title={title || undefined}>
              {title || "Loading…"}
            </p>
            <RunKernel />
          </div>
          <div className="scenario-tools">
            <ScenarioPicker />
            <button
              ref={editBtn}
              type="button"
              className="edit-btn"
              aria-expanded={editing}
              onClick={() => {
                setEditing(!editing);
                setEditorOpened(true);
              }}
              title="Open the scenario as JSON: edit, import, export"
            >
              Edit scenario
            </button>
            <ShareButton />
          </div>
          {/* Beside the scenario's tools (it appends a step): on the kernel switch's row it pushed
            the lecture tools onto a third row at 1280 px. */}
          <TickButton />
          <KernelSwitch />
          <LectureTools />
          <button
            ref={compareBtn}
            type="button"
            className="compare-btn"
            onClick={() => setComparing(true)}
            disabled={!init}
            title="Two runs side by side: this scenario and a variant (LAZY toggled, another policy, the other kernel)"
          >
            Compare
          </button>
          <Stepper />
          {init && <NavBar />}
        </header>
        <SharePanel />
        <LinkProblem />
        <Problem />
        {/* Kept once opened, hidden when closed: closing must not throw away an edit not run yet. */}
        {editorOpened && (
          <div hidden={!editing}>
            <Suspense fallback={<p className="loading">Loading the editor…</p>}>
              <ScenarioEditor
                open={editing}
                onClose={() => {
                  refocus.current = editBtn.current;
                  setEditing(false);
                }}
              />
            </Suspense>
          </div>
        )}
        {phase === "loading" && !init && <p className="loading">Running the scenario…</p>}
        {init && (
          <main
            ref={setGrid}
            className={`grid${large ? " large" : ""}${tablesBeside ? " tables-beside" : ""}${opening ? " opening" : ""}`}
            aria-busy={opening !== null}
            data-arrows-reach
          >
            <SkipLinks />
            <div className="col-main">
              <div className="legends">
                <Legend />
                <PteLegend />
              </div>
              <div className="nodes">
                <NodePanels nodes={init.nodes} />
              </div>
              {/* Below the fold on the large machine: drawn when seen or idle (DrawnWhenSeen). */}
              <DrawnWhenSeen className="pair">
                {!tablesBeside && (
                  <div className="stack">
                    <PageTables />
                  </div>
                )}
                <Inspector />
              </DrawnWhenSeen>
              <DrawnWhenSeen className="pair">
                <LruPanel />
                <SwapPanel />
              </DrawnWhenSeen>
              <CurrentMigrations />
              <CurrentSwapArrows />
            </div>
            <div className="col-side">
              {tablesBeside && (
                <div className="stack">
                  <PageTables />
                </div>
              )}
              {/* Under the page table the narration needs the room the note takes above it: the
                  note goes after it (lecture.css), by order, so it is not made anew (its "About
                  this lesson" stays open). */}
              <LessonNotes />
              <TracePanel key={generation} />
              {/* Far below the fold on a 1280x720 projector: drawn when seen or idle. At 1920x1080
                the head is in view and the listing just under the fold: the listing draws once
                it is in view (margin 0, not 200 px), or when idle. Rebuilt in every far seek, it
                was about a fifth of the seek's rendering though nobody saw it. */}
              <SourceSection>
                <DrawnWhenSeen className="source-top">
                  <CurrentSource part="head" />
                </DrawnWhenSeen>
                <DrawnWhenSeen className="source-listing" margin={0}>
                  <CurrentSource part="listing" />
                </DrawnWhenSeen>
              </SourceSection>
              <Suspense fallback={<p className="loading">Loading the system-call form…</p>}>
                <SyscallForm />
              </Suspense>
              <CountersPanel />
            </div>
          </main>
        )}
      </div>
    </>
  );
}
