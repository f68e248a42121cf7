/**
 * A row of the trace list, and the two boxes drawn under the rows (the past frames' band and the
 * current row's highlight): TracePanel places them, keyed and ordered by slot.
 */
import { memo, type RefObject, useLayoutEffect, useRef } from "react";
import { useRunStore } from "../app.ts";
import type { Timeline } from "../timeline/timeline.ts";
import { holdTabStop } from "./rows.ts";
import { pastAndCurrent } from "./scroll.ts";

/** A row's height, in CSS pixels: two lines (the function, then the sentence). */
export const ROW = 60;

/**
 * One row of the list: re-rendered only when its slot is handed another frame, or its top
 * changes. Which rows are past and which is current is drawn under the rows (`PastAndCurrent`),
 * and the current row's marks are written by `markCurrentRow` (rows.ts): a step re-renders no row.
 */
export const TraceRow = memo(function TraceRow(p: {
  /** The row's element id, its slot's: the list names its rows in frame order by it (aria-owns). */
  id: string;
  f: number;
  top: number;
  digits: number;
  /** The panel's (the same object while the run grows): a store listener per row cost a step. */
  timeline: Timeline | null;
  /** The panel's record of the frame whose row took the keyboard focus. */
  focusedFrame: RefObject<number | undefined>;
  /** Set when this row is removed holding the focus (its slot is not drawn any more). */
  focusLost: RefObject<boolean>;
}) {
  const run = useRunStore();
  const button = useRef<HTMLButtonElement>(null);
  // Run as the row is removed, before its element leaves the page: the browser drops a removed
  // element's focus to the page, without an event; the panel hands it on (keepFocusOnItsFrame).
  useLayoutEffect(() => {
    const lost = p.focusLost;
    return () => {
      if (button.current && button.current === document.activeElement) lost.current = true;
    };
  }, [p.focusLost]);
  const m = p.timeline?.meta(p.f);
  if (!m) return null;
  return (
    <li id={p.id} style={{ top: p.top, height: ROW }}>
      <button
        ref={button}
        type="button"
        // The list is one Tab stop: `markCurrentRow` makes the current row's button it.
        tabIndex={-1}
        data-f={p.f}
        onClick={() => run.getState().goto(p.f)}
        onFocus={(e) => {
          p.focusedFrame.current = p.f;
          const ol = e.currentTarget.closest("ol");
          if (ol) holdTabStop(ol, e.currentTarget);
        }}
      >
        <span className="head">
          <span className="fno" style={{ minWidth: `${p.digits}ch` }}>
            {p.f}
          </span>
          <span className="fn">{m.fn}</span> <span className="file">{m.file}</span>
        </span>
        <span className="text" style={{ paddingLeft: `${p.digits}ch` }}>
          {m.text}
        </span>
      </button>
    </li>
  );
});

/**
 * Under the rows (which are transparent): a band behind every past frame's row and the current
 * row's highlight, moved by transforms: a step moves two boxes, lays nothing out and restyles no
 * row. `rowTop` is the current row's top in the list's real pixels (see `pastAndCurrent`).
 */
export function PastAndCurrent({ rowTop, height }: { rowTop: number | null; height: number }) {
  const { past, here } = pastAndCurrent(rowTop, height, ROW);
  return (
    <>
      <div
        className="trace-past"
        aria-hidden="true"
        style={{ height, transform: `translateY(${past - height}px)` }}
      />
      <div
        className="trace-here"
        aria-hidden="true"
        style={{ height: ROW, transform: `translateY(${here}px)` }}
      />
    </>
  );
}
