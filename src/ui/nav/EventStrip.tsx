/**
 * Under the Timeline slider: one row per event kind (system calls, faults, migrations, unmaps,
 * error returns), drawn with a D3 linear scale from frames to pixels. Events are binned to pixel
 * columns first (stripColumns.ts, by binary search), so a million-frame run draws at most one mark
 * per column per row.
 */
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { memo, useEffect, useRef } from "react";
import { selectRunning, selectTimeline, selectTotal, useApp, useRunStore } from "../app.ts";
import { EVENT_KINDS, EVENT_LABEL, type EventKind } from "../timeline/timeline.ts";
import { useClientSize } from "../useClientSize.ts";
import { eventColumns } from "./stripColumns.ts";

const ROW = 7;
/** Each row's colour, from the theme (header.css; lighter ones on the dark theme, lecture.css). */
const color = (kind: EventKind) => `var(--ev-${kind})`;

/** Memoised: it draws the run's events, not the frame, so the slider moving does not redraw it. */
export const EventStrip = memo(function EventStrip() {
  const run = useRunStore();
  const timeline = useApp(selectTimeline);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const svg = useRef<SVGSVGElement>(null);
  const width = useClientSize(svg, "clientWidth", 0);

  // While the run streams in, redraw when it has grown by about 3 %, not on every batch (the marks
  // stay within 3 % of the slider's scale meanwhile).
  const grain = Math.max(1024, 2 ** Math.floor(Math.log2(Math.max(1, total) / 32)));
  const shown = running ? Math.floor(total / grain) * grain : total;
  useEffect(() => {
    const el = svg.current;
    if (!el || !timeline || width === 0) return;
    const x = scaleLinear()
      .domain([0, Math.max(1, shown)])
      .range([0, width - 1]);
    const rows = EVENT_KINDS.map((kind, row) => ({
      kind,
      row,
      cols: eventColumns(timeline.eventFrames(kind), shown, x),
    }));
    // One path a row (a 1.5-pixel bar per marked column): redrawing sets five attributes, where a
    // rect per column set thousands and restyled the page on every redraw of a streaming run.
    select(el)
      .selectAll<SVGPathElement, (typeof rows)[number]>("path")
      .data(rows, (d) => d.kind)
      .join("path")
      .style("fill", (d) => color(d.kind))
      .attr("d", (d) => d.cols.map((c) => `M${c} ${d.row * ROW}h1.5v${ROW - 2}h-1.5z`).join(""));
  }, [timeline, shown, width]);

  // A click goes to the event of that row nearest the click, and makes that kind the one , and .
  // step through. (A mouse shortcut: the slider and the event buttons are the accessible way.)
  const goToNearest = (e: React.MouseEvent<SVGSVGElement>) => {
    const s = run.getState();
    const r = e.currentTarget.getBoundingClientRect();
    const kind = EVENT_KINDS[Math.floor((e.clientY - r.top) / ROW)];
    if (!s.timeline || !kind || width === 0) return;
    const at = scaleLinear()
      .domain([0, width - 1])
      .range([0, Math.max(1, shown)])(e.clientX - r.left);
    const before = s.timeline.prevEvent(kind, Math.floor(at) + 1);
    const after = s.timeline.nextEvent(kind, Math.floor(at));
    const near =
      before === null
        ? after
        : after === null
          ? before
          : at - before <= after - at
            ? before
            : after;
    s.setEventKind(kind);
    if (near === null) return;
    if (s.playing) s.pause();
    s.goto(near);
  };

  return (
    <div className="event-strip">
      <svg ref={svg} height={EVENT_KINDS.length * ROW} aria-hidden="true" onClick={goToNearest}>
        <title>Click a mark to go to that event</title>
      </svg>
    </div>
  );
});

/** What the strip's rows are, top to bottom. */
export function StripKey() {
  return (
    <ul className="strip-key" aria-label="Event strip rows, top to bottom">
      {EVENT_KINDS.map((k) => (
        <li key={k}>
          <span className="swatch" style={{ background: color(k) }} aria-hidden="true" />
          {EVENT_LABEL[k]}
        </li>
      ))}
    </ul>
  );
}
