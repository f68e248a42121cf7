/**
 * The trace search box: Enter / ▼ jumps to the next frame that matches, Shift+Enter / ▲ to the
 * previous one, and once a search has jumped on a complete run, "3 of 17" says where among its
 * matches the frame is (trace/search.ts).
 */
import { memo, useEffect, useState } from "react";
import { selectRunning, selectTimeline, selectTotal, useApp, useRunStore } from "../app.ts";
import type { Timeline } from "../timeline/timeline.ts";
import { findMatch, matchScan, nextIn, rankOf } from "./search.ts";

/** What the last jump found: a frame (and whether it wrapped past an end), or nothing. */
type Found = { f: number; wrapped: "" | " (from the start)" | " (from the end)" } | "none" | null;
/** Every match of a query over a run of a given length (trace/search.ts `matchScan`). */
interface Counted {
  timeline: Timeline;
  total: number;
  needle: string;
  list: Int32Array;
}
/** Frames scanned per task while counting: a few milliseconds, so keys and paints go on between. */
const SCAN_CHUNK = 2_000;
/** Milliseconds of scanning per task: a number search costs up to 3 µs a frame. */
const SCAN_MS = 8;

/** Memoised: it keeps its own query, and stepping does not change it. */
export const TraceSearch = memo(function TraceSearch() {
  const run = useRunStore();
  const timeline = useApp(selectTimeline);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found>(null);
  const [counted, setCounted] = useState<Counted | null>(null);
  const needle = query.trim().toLowerCase();
  const list =
    counted?.timeline === timeline && counted.total === total && counted.needle === needle
      ? counted.list
      : null;
  // Once a search has jumped, its matches are counted (for "3 of 17") on a complete run, a slice
  // per task; the list then serves the next jumps too.
  // "no match" is already the count: nothing to scan again.
  const counting =
    found !== null && found !== "none" && needle !== "" && timeline !== null && !running && !list;
  useEffect(() => {
    if (!counting || !timeline) return;
    const scan = matchScan(timeline, needle);
    let timer = 0;
    const slice = () => {
      const until = performance.now() + SCAN_MS;
      let all = scan.step(SCAN_CHUNK);
      while (!all && performance.now() < until) all = scan.step(SCAN_CHUNK);
      if (all) setCounted({ timeline, total, needle, list: all });
      else timer = window.setTimeout(slice, 0);
    };
    timer = window.setTimeout(slice, 0);
    return () => window.clearTimeout(timer);
  }, [counting, timeline, total, needle]);

  const jump = (dir: 1 | -1) => {
    const s = run.getState();
    if (!s.timeline || !needle) return;
    const f = list ? nextIn(list, s.cur, dir) : findMatch(s.timeline, s.cur, needle, dir);
    if (f === null) {
      setFound("none");
      return;
    }
    // Past the last match the search starts again at the other end: say so.
    const wrapped = dir === 1 ? f <= s.cur : f >= s.cur;
    setFound({ f, wrapped: wrapped ? (dir === 1 ? " (from the start)" : " (from the end)") : "" });
    if (s.playing) s.pause();
    s.goto(f);
  };
  const rank = list && found !== null && found !== "none" ? rankOf(list, found.f) : 0;
  const status =
    found === null
      ? ""
      : found === "none"
        ? "no match"
        : `frame ${found.f}${rank > 0 ? ` · ${rank} of ${list?.length}` : ""}${found.wrapped}`;
  return (
    <form
      className="trace-search"
      aria-label="Trace search"
      onSubmit={(e) => {
        e.preventDefault();
        jump(1);
      }}
    >
      <input
        id="trace-search"
        type="search"
        aria-label="Search the trace"
        placeholder="Search: function, pfn, address, words"
        value={query}
        onChange={(e) => {
          setQuery(e.currentTarget.value);
          setFound(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && e.shiftKey) {
            e.preventDefault();
            jump(-1);
          }
          // Esc empties the box and hands the keys back to stepping.
          if (e.key === "Escape") {
            setQuery("");
            setFound(null);
            e.currentTarget.blur();
          }
        }}
      />
      <button type="button" onClick={() => jump(-1)} aria-label="Previous match">
        ▲
      </button>
      <button type="submit" aria-label="Next match">
        ▼
      </button>
      <output className="small" aria-live="polite">
        {status}
      </output>
    </form>
  );
});
