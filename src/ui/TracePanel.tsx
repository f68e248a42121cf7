/**
 * The kernel trace: the current frame's narration (also announced politely to screen readers),
 * then every frame so far as a virtualised list: only the rows in view exist in the DOM, since a
 * large run has hundreds of thousands of frames.
 */
import { useEffect, useRef, useState } from "react";
import { actions, selectCur, selectRunning, selectTotal, store, useApp } from "./app.ts";

const ROW = 60;
const OVERSCAN = 4;

/** At the last frame, what the run did in all: the numbers a lecturer sums up with. */
function EndSummary() {
  const { view, trace } = store.getState();
  if (!view || !trace) return null;
  const names = trace.init.counterNames;
  const value = (n: string) => view.counters[names.indexOf(n)] ?? 0;
  const used = trace.init.nodes.map((n) => `node ${n.id}: ${n.frames - value(`node${n.id} free`)}`);
  return (
    <p className="summary">
      End of the run: {value("pgmigrate_success")} pages migrated, {value("pgmigrate_fail")} failed;{" "}
      {value("nr_swapcache")} pages still in the swap cache; frames in use — {used.join(", ")}.
    </p>
  );
}

export function TracePanel() {
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);
  const trace = store.getState().trace;
  const list = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(360);

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Scroll the current frame into view when it leaves the viewport. Works from the scroll and
  // height kept in state: reading scrollTop here would force a layout on every step.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the current frame only
  useEffect(() => {
    const el = list.current;
    if (!el || cur === 0) return;
    const top = (cur - 1) * ROW;
    if (top < scroll || top + ROW > scroll + height) {
      const next = Math.max(0, top - 2 * ROW);
      el.scrollTop = next;
      setScroll(next);
    }
  }, [cur]);

  const meta = cur > 0 ? trace?.meta(cur) : null;
  const first = Math.max(1, Math.floor(scroll / ROW) + 1 - OVERSCAN);
  const last = Math.min(total, Math.ceil((scroll + height) / ROW) + OVERSCAN);
  const digits = String(total).length + 2;
  const rows = [];
  for (let f = first; f <= last; f++) {
    const m = trace?.meta(f);
    if (!m) continue;
    rows.push(
      <li
        key={f}
        className={f === cur ? "current" : f < cur ? "past" : ""}
        style={{ top: (f - 1) * ROW, height: ROW }}
        aria-current={f === cur ? "step" : undefined}
      >
        <button type="button" onClick={() => actions().goto(f)}>
          <span className="head">
            <span className="fno" style={{ minWidth: `${digits}ch` }}>
              {f}
            </span>
            <span className="fn">{m.fn}</span> <span className="file">{m.file}</span>
          </span>
          <span className="text" style={{ paddingLeft: `${digits}ch` }}>
            {m.text}
          </span>
        </button>
      </li>,
    );
  }
  return (
    <section className="panel trace" aria-labelledby="trace-title">
      <h2 id="trace-title">Kernel trace</h2>
      <div className="narration" aria-live="polite">
        {meta ? (
          <>
            <p className="where">
              <span className="fn">{meta.fn}</span> <span className="file">{meta.file}</span>{" "}
              <span className="small">step {meta.step}</span>
            </p>
            <p>{meta.text}</p>
            {cur === total && !running && <EndSummary />}
          </>
        ) : (
          <p>
            Frame 0: the machine before the first system call. Press <kbd>→</kbd> or “Next frame” to
            step through {total} frames.
          </p>
        )}
      </div>
      <div
        className="trace-list"
        ref={list}
        onScroll={(e) => setScroll(e.currentTarget.scrollTop)}
        tabIndex={-1}
      >
        <ol aria-label="Frames" style={{ height: total * ROW }}>
          {rows}
        </ol>
      </div>
    </section>
  );
}
