import { useMemo } from "react";
import { LESSON_GROUPS, matchLesson } from "../scenario/library.ts";
import { selectPickedScenario, useApp } from "./app.ts";
import { PICKER_ID } from "./LinkProblem.tsx";
import { openLesson } from "./urlSync.ts";

export { Stepper } from "./nav/Stepper.tsx";

export function ScenarioPicker() {
  const scenario = useApp(selectPickedScenario);
  // The picker shows the lesson that is loaded (also when a link or back/forward loaded it), or
  // the one being loaded: the first lesson's name stood there while a link's lesson loaded.
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
