import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { LESSON_GROUPS, lessonOf } from "../scenario/library.ts";
import { selectPickedScenario, useApp } from "./app.ts";
import { PICKER_ID } from "./LinkProblem.tsx";
import { openLesson } from "./urlSync.ts";

export { Stepper } from "./nav/Stepper.tsx";

export function ScenarioPicker() {
  const scenario = useApp(selectPickedScenario);
  // The picker shows the lesson that is loaded (also when a link or back/forward loaded it), or
  // the one being loaded: the first lesson's name stood there while a link's lesson loaded.
  const current = useMemo(() => (scenario ? (lessonOf(scenario)?.id ?? "") : null), [scenario]);
  const browse = usePickerBrowsing();
  return (
    <label className="picker">
      Scenario{" "}
      <select
        id={PICKER_ID}
        value={browse.shown ?? current ?? LESSON_GROUPS[0]?.lessons[0]?.id}
        onChange={browse.onChange}
        onKeyDown={browse.onKeyDown}
        onBlur={browse.flush}
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

/** How long the keyboard may rest on a lesson in the closed picker before it loads. */
const BROWSE_MS = 700;

/**
 * A lesson chosen with the mouse loads at once, and the keys go back to the stepper (a focused
 * select would turn → into "next lesson"). Arrows and typed letters on the closed picker only
 * browse: the lesson they rest on loads after a pause, or at once on Enter or leaving the picker
 * (Esc goes back to the lesson on screen), and the picker keeps the keys until then: typing
 * "Large" no longer loads "Lazy…" and sends "g" to the frame box.
 */
function usePickerBrowsing() {
  const [shown, setShown] = useState<string | null>(null);
  const pending = useRef<{ id: string; timer: number } | null>(null);
  const keyAt = useRef(Number.NEGATIVE_INFINITY);
  const flush = useCallback(() => {
    const p = pending.current;
    if (!p) return;
    pending.current = null;
    window.clearTimeout(p.timer);
    setShown(null);
    openLesson(p.id);
  }, []);
  useEffect(() => () => window.clearTimeout(pending.current?.timer), []);
  const onChange = (e: React.ChangeEvent<HTMLSelectElement>) => {
    const id = e.currentTarget.value;
    // A change within a moment of a key on the picker came from that key.
    if (performance.now() - keyAt.current > 100) {
      window.clearTimeout(pending.current?.timer);
      pending.current = null;
      setShown(null);
      openLesson(id);
      e.currentTarget.blur();
      return;
    }
    window.clearTimeout(pending.current?.timer);
    pending.current = { id, timer: window.setTimeout(flush, BROWSE_MS) };
    setShown(id);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === "Escape" && pending.current) {
      // Esc takes the browsing back: the lesson on screen stays.
      window.clearTimeout(pending.current.timer);
      pending.current = null;
      setShown(null);
    }
    if (e.key === "Enter" || e.key === "Escape") {
      e.preventDefault();
      e.currentTarget.blur(); // flush() runs on blur
      return;
    }
    keyAt.current = performance.now();
  };
  return { shown, onChange, onKeyDown, flush };
}
