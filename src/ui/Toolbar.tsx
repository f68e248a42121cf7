import { BUILTINS, largeMachineScenario } from "../scenario/builtins.ts";
import { selectScenarioId, useApp, useRunStore } from "./app.ts";

export { Stepper } from "./nav/Stepper.tsx";

export const SCENARIOS: { id: string; label: string; json: () => unknown; atEnd?: boolean }[] = [
  ...BUILTINS.map((b) => ({
    id: b.id,
    label: String((b.json as { title?: unknown }).title ?? b.id),
    json: () => b.json,
    atEnd: b.openAtEnd ?? false,
  })),
  {
    id: "large-machine",
    label: "Large machine: 8 nodes × 16,384 frames",
    json: () => largeMachineScenario(),
  },
  {
    // About 1,070,000 frames: the timeline's scale test (load, seek, memory).
    id: "large-machine-1m",
    label: "Large machine, 11 rounds: about a million frames",
    json: () => largeMachineScenario({ rounds: 11 }),
  },
];

/** Names the scenario the panels show: the store's, so quick switches cannot leave them apart. */
export function ScenarioPicker() {
  const run = useRunStore();
  const shown = useApp(selectScenarioId);
  const onChange = (e: React.ChangeEvent<HTMLSelectElement>) => {
    const s = SCENARIOS.find((x) => x.id === e.currentTarget.value);
    if (s) run.getState().load(s.json(), s.atEnd, s.id);
    // Give the keys back to the stepper: a focused select would turn → into "next scenario".
    e.currentTarget.blur();
  };
  return (
    <label className="picker">
      Scenario{" "}
      <select value={shown ?? ""} onChange={onChange}>
        {shown === null && <option value="">(your own scenario)</option>}
        {SCENARIOS.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
