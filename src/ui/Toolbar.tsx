import { useEffect, useMemo } from "react";
import { LESSON_GROUPS, matchLesson } from "../scenario/library.ts";
import {
  actions,
  selectCur,
  selectRunning,
  selectScenario,
  selectTotal,
  store,
  useApp,
} from "./app.ts";
import { PICKER_ID } from "./LinkProblem.tsx";
import { openLesson } from "./urlSync.ts";

/** Frame of the start of the step before/after the current frame (for the step buttons). */
function stepEdge(dir: 1 | -1): number {
  const { trace, cur } = store.getState();
  if (!trace) return cur;
  const step = (f: number) => trace.meta(f)?.step ?? -1;
  const here = cur > 0 ? step(cur) : -1;
  let f = cur;
  if (dir > 0) {
    while (f < trace.total && step(f + 1) === here) f++;
    return Math.min(trace.total, f + 1);
  }
  while (f > 1 && step(f - 1) === here) f--;
  return Math.max(0, f - 1);
}

export function Stepper() {
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  const running = useApp(selectRunning);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t?.closest("input, select, textarea, [contenteditable]")) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const s = store.getState();
      let to: number | null = null;
      if (e.key === "ArrowRight") to = e.shiftKey ? stepEdge(1) : s.cur + 1;
      else if (e.key === "ArrowLeft") to = e.shiftKey ? stepEdge(-1) : s.cur - 1;
      else if (e.key === "Home") to = 0;
      else if (e.key === "End") to = s.total;
      if (to === null) return;
      e.preventDefault();
      s.goto(to);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const go = (f: number) => actions().goto(f);
  return (
    <fieldset className="stepper" aria-label="Stepping">
      <button
        type="button"
        onClick={() => go(0)}
        disabled={cur === 0}
        aria-label="First frame"
        title="First frame (Home)"
      >
        |◀
      </button>
      <button
        type="button"
        onClick={() => go(stepEdge(-1))}
        disabled={cur === 0}
        aria-label="Previous step"
        title="Previous system call (Shift+←)"
      >
        ◀◀
      </button>
      <button type="button" className="big" onClick={() => go(cur - 1)} disabled={cur === 0}>
        <span aria-hidden="true">◀ </span>Previous frame
      </button>
      <output
        className="status"
        aria-label="Frame position"
        style={{ minWidth: `${2 * String(total).length + 9}ch` }}
      >
        {`Frame ${cur} / ${total}`}
      </output>
      {running && (
        <span className="running" title="The model is still producing frames">
          running…
        </span>
      )}
      <button type="button" className="big" onClick={() => go(cur + 1)} disabled={cur >= total}>
        Next frame<span aria-hidden="true"> ▶</span>
      </button>
      <button
        type="button"
        onClick={() => go(stepEdge(1))}
        disabled={cur >= total}
        aria-label="Next step"
        title="Next system call (Shift+→)"
      >
        ▶▶
      </button>
      <button
        type="button"
        onClick={() => go(total)}
        disabled={cur >= total}
        aria-label="Last frame"
        title="Last frame (End)"
      >
        ▶|
      </button>
      <input
        type="range"
        aria-label="Frame"
        min={0}
        max={total}
        value={cur}
        onChange={(e) => go(Number(e.currentTarget.value))}
      />
    </fieldset>
  );
}

export function ScenarioPicker() {
  const scenario = useApp(selectScenario);
  // The picker shows the lesson that is loaded (also when a link or back/forward loaded it).
  const current = useMemo(() => (scenario ? (matchLesson(scenario)?.id ?? "") : null), [scenario]);
  const onChange = (e: React.ChangeEvent<HTMLSelectElement>) => {
    openLesson(e.currentTarget.value);
    // Give the keys back to the stepper: a focused select would turn → into "next scenario".
    e.currentTarget.blur();
  };
  return (
    <label className="picker">
      Scenario{" "}
      <select
        id={PICKER_ID}
        value={current ?? LESSON_GROUPS[0]?.lessons[0]?.id}
        onChange={onChange}
      >
        {current === "" && <option value="">Your own scenario</option>}
        {LESSON_GROUPS.map((g) => (
          <optgroup key={g.group} label={g.group}>
            {g.lessons.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
