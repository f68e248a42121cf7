/**
 * The kernel trace: the current frame's narration (also announced politely to screen readers),
 * a search box that jumps between matching frames, then every frame so far as a virtualised list:
 * only the rows in view exist in the DOM, on a scale with no layout limit (trace/scroll.ts), so a
 * million-frame run reaches its last row.
 */
import { useId, useLayoutEffect, useRef, useState } from "react";
import {
  selectCur,
  selectOpening,
  selectPlaying,
  selectRunning,
  selectTimeline,
  selectTotal,
  useApp,
  useRunStore,
} from "./app.ts";
import { NarrationText } from "./NarrationText.tsx";
import {
  focusRow,
  keepFocusOnItsFrame,
  markCurrentRow,
  rowFrame,
  rowKeyTarget,
} from "./trace/rows.ts";
import { followTop, framesBySlot, scaleFor, virtualTop, wholeRealTop } from "./trace/scroll.ts";
import { PastAndCurrent, ROW, TraceRow } from "./trace/TraceRow.tsx";
import { TraceSearch } from "./trace/TraceSearch.tsx";
import { useClientSize } from "./useClientSize.ts";

/**
 * Rows drawn past each end of the view (120 px: a frame of a fast fling). Chosen when rows were
 * kept in frame order in the page, where a step that paged the list up moved every row drawn but
 * those it brought in: with 4 such a step cost 2.6-2.8 ms, with 2, 2.2-2.5 (A/B, 3 pages each).
 * Rows now stay put (framesBySlot); fewer rows drawn still means fewer rewritten by a jump.
 */
const OVERSCAN = 2;

/** At the last frame, what the run did in all: the numbers a lecturer sums up with. */
function EndSummary() {
  const timeline = useApp(selectTimeline);
  // Read when the last frame is shown (this mounts then): the run's final numbers.
  const counters = useApp((s) => s.view?.counters);
  if (!counters || !timeline) return null;
  const names = timeline.init.counterNames;
  const value = (n: string) => counters[names.indexOf(n)] ?? 0;
  const used = timeline.init.nodes.map(
    (n) => `node ${n.id}: ${n.frames - value(`node${n.id} free`)}`,
  );
  return (
    <p className="summary">
      End of the run: {value("pgmigrate_success")} pages migrated, {value("pgmigrate_fail")} failed;{" "}
      {value("nr_swapcache")} pages still in the swap cache; frames in use — {used.join(", ")}.
    </p>
  );
}

/** Where a run that is still coming opens (RunState.opening), in the narration's words. */
const OPENS_AT = {
  frame: "the frame you were at",
  step: "the first frame of the call you were in",
  end: "its last frame",
  call: "your call's first frame",
} as const;

export function TracePanel() {
  const run = useRunStore();
  const cur = useApp(selectCur);
  const opening = useApp(selectOpening);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const playing = useApp(selectPlaying);
  const timeline = useApp(selectTimeline);
  const list = useRef<HTMLDivElement>(null);
  const frames = useRef<HTMLOListElement>(null);
  const [scroll, setScroll] = useState(0);
  /** The list's scrollTop as last set or seen: compared instead of read (a read forces layout). */
  const applied = useRef(0);
  const height = useClientSize(list, "clientHeight", 360);
  const [followed, setFollowed] = useState(-1);
  /** The frame whose row took the keyboard focus last. */
  const focusedFrame = useRef<number | undefined>(undefined);
  const rowIds = useId();
  /** A row was removed holding the focus (TraceRow): hand it on at this render's layout effect. */
  const focusLost = useRef(false);
  /**
   * The frame ↑ / ↓ moved the focus to (`f`), while its row is not drawn yet (the list scrolls),
   * and the frame on screen then (`at`).
   */
  const wantFocus = useRef<{ f: number; at: number } | null>(null);
  // Every render: the rows may have been handed other frames.
  useLayoutEffect(() => {
    // The current row first: the focus may go to it. A row that takes the focus becomes the
    // Tab stop (its onFocus).
    markCurrentRow(frames.current, cur, scroll);
    const el = list.current;
    // The row ↑ / ↓ asked for when it was not drawn: the list's scrolling to it renders this,
    // and draws it. A render before that for something else (the run's batches arriving) keeps
    // it asked for: forgetting it there lost the key presses (the focus stayed three rows
    // short). A step, or the focus leaving the list, forgets it.
    const want = wantFocus.current;
    const holds = el && (focusLost.current || el.contains(document.activeElement));
    if (want === null || want.at !== cur || !holds) wantFocus.current = null;
    // A row removed holding the focus dropped it to the page: the row asked for still takes it.
    else if (focusRow(el, want.f)) {
      wantFocus.current = null;
      focusLost.current = false;
    }
    keepFocusOnItsFrame(el, focusedFrame.current, focusLost.current);
    focusLost.current = false;
  });
  const scale = scaleFor(total, ROW, height);
  // A scaled list's ratio grows with the run while it loads: the same scrollTop would show later
  // and later rows. Keep the rows in view where they were (the same virtual top) instead.
  const [scaleShown, setScaleShown] = useState(scale);
  let shown = scroll;
  if (scaleShown.ratio !== scale.ratio) {
    setScaleShown(scale);
    shown = wholeRealTop(scale, virtualTop(scaleShown, scroll));
    if (shown !== scroll) setScroll(shown);
  }

  // Follow the current frame: when it leaves the rows in view, scroll there in this same render
  // (state derived from `cur`, not an effect's second render).
  if (followed !== cur) {
    setFollowed(cur);
    const to = followTop(cur, followed, virtualTop(scale, shown), height, ROW, total);
    if (to !== null) setScroll(wholeRealTop(scale, to));
  }
  useLayoutEffect(() => {
    const el = list.current;
    if (!el || scroll === applied.current) return;
    const apply = () => {
      el.scrollTop = scroll;
      applied.current = scroll;
    };
    // Playing, the step itself runs in an animation frame, and one asked for now would come a
    // frame late: the rows placed for the new scroll would be painted at the old one, blank.
    if (run.getState().playing) {
      apply();
      return;
    }
    // Else in the next animation frame, which runs before that frame paints: set here, in the
    // commit, the scroll forced a layout of the whole page halfway through it, and the frame laid
    // out again after the commit's last changes (about 2 ms more on every step that scrolls the
    // list, and on every far seek). Then the page is laid out once, with the list scrolled.
    const frame = requestAnimationFrame(apply);
    return () => cancelAnimationFrame(frame);
  }, [scroll, run]);

  /** ↑ / ↓ on a row: the focus to the next row, the list paged to it as a step pages it. */
  const onRowKey = (e: KeyboardEvent) => {
    const el = list.current;
    const to = rowKeyTarget(e, wantFocus.current?.f ?? rowFrame(e.target), total);
    if (!el || to === null) return;
    const from = e.key === "ArrowDown" ? to - 1 : to + 1;
    const top = followTop(to, from, virtualTop(scale, el.scrollTop), height, ROW, total);
    if (top !== null) el.scrollTop = wholeRealTop(scale, top);
    // Not drawn yet: the list's scrolling draws it, and the render that does focuses it.
    wantFocus.current = focusRow(el, to) ? null : { f: to, at: run.getState().cur };
  };

  const meta = cur > 0 ? timeline?.meta(cur) : null;
  const vTop = virtualTop(scale, scroll);
  // A row's top, in real pixels from the list's top, placed relative to the viewport's real
  // offset: exact at any scale.
  const topOf = (f: number) => scroll + (f - 1) * ROW - vTop;
  const first = Math.max(1, Math.floor(vTop / ROW) + 1 - OVERSCAN);
  const last = Math.min(total, Math.ceil((vTop + height) / ROW) + OVERSCAN);
  const digits = String(total).length + 2;
  const rows = [];
  // Keyed by slot: frame modulo the most rows the list can show (consecutive frames never share
  // one), and in slot order in the page (framesBySlot): a far seek rewrites the rows' words
  // instead of building them anew, and a step that pages the list rewrites the rows it brings in
  // and moves none. The list names its rows in frame order (aria-owns), the order a screen reader
  // reads them in. A row holding keyboard focus would then become another frame's row:
  // `keepFocusOnItsFrame` sees to it.
  const slots = Math.ceil(height / ROW) + 2 * OVERSCAN + 1;
  const idOf = (f: number) => `${rowIds}-${f % slots}`;
  const inFrameOrder = [];
  for (let f = first; f <= last; f++) inFrameOrder.push(idOf(f));
  for (const f of framesBySlot(first, last, slots)) {
    rows.push(
      <TraceRow
        key={f % slots}
        id={idOf(f)}
        f={f}
        top={topOf(f)}
        digits={digits}
        timeline={timeline}
        focusedFrame={focusedFrame}
        focusLost={focusLost}
      />,
    );
  }
  return (
    <section className="panel trace" aria-labelledby="trace-title">
      <h2 id="trace-title">Kernel trace</h2>
      <div className="narration" aria-live={playing ? "off" : "polite"}>
        {meta ? (
          <>
            <p className="where">
              <span className="fn">{meta.fn}</span> <span className="file">{meta.file}</span>{" "}
              <span className="small">step {meta.step}</span>
            </p>
            <p>
              <NarrationText text={meta.text} />
            </p>
            {cur === total && !running && <EndSummary />}
          </>
        ) : opening ? (
          <p>
            Running the scenario: {total} frame{total === 1 ? "" : "s"} so far. It opens at{" "}
            {OPENS_AT[opening]} once{" "}
            {opening === "call" ? "the run reaches it" : "the run is complete"}.
          </p>
        ) : (
          <p>
            Frame 0: the machine before the first system call. Press <kbd>→</kbd> or “Next frame” to
            step through {total === 1 ? "its one frame" : `${total} frames`}
            {running ? " (so far)" : ""}.
          </p>
        )}
      </div>
      <TraceSearch />
      <div
        className="trace-list"
        ref={list}
        onScroll={(e) => {
          // The echo of the list's own scrolling to follow the frame is not news: setting the
          // same state again still cost React a render and a commit, at every third step.
          const top = e.currentTarget.scrollTop;
          if (top === applied.current) return;
          applied.current = top;
          setScroll(top);
        }}
        tabIndex={-1}
      >
        <PastAndCurrent rowTop={cur > 0 ? topOf(cur) : null} height={scale.height} />
        <ol
          aria-label="Frames"
          aria-owns={inFrameOrder.join(" ")}
          ref={frames}
          style={{ height: scale.height }}
          onKeyDown={(e) => onRowKey(e.nativeEvent)}
        >
          {rows}
        </ol>
      </div>
    </section>
  );
}
