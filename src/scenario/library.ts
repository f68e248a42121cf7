/**
 * The lesson library: every built-in scenario plus the generated large machine, in the groups the
 * `Scenario` picker shows, and the lookups share links need (a lesson by id; which lesson, if any,
 * a loaded scenario starts with).
 */
import { BUILTINS, largeMachineScenario } from "./builtins.ts";

export interface Lesson {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly json: () => unknown;
  /** Open on the last frame (a scenario to continue from). */
  readonly openAtEnd: boolean;
}

let large: unknown = null;
const largeMachine = () => {
  large ??= largeMachineScenario();
  return large;
};

const titleOf = (json: unknown, id: string) => {
  const t = (json as { title?: unknown }).title;
  return typeof t === "string" ? t : id;
};

export const LESSONS: readonly Lesson[] = [
  ...BUILTINS.map((b) => ({
    id: b.id,
    group: b.group,
    title: titleOf(b.json, b.id),
    json: () => b.json,
    openAtEnd: b.openAtEnd ?? false,
  })),
  {
    id: "large-machine",
    group: "Scale",
    title: "Large machine: 8 nodes × 16,384 frames",
    json: largeMachine,
    openAtEnd: false,
  },
];

/** Lesson groups in first-appearance order, for the picker's optgroups. */
export const LESSON_GROUPS: readonly { group: string; lessons: Lesson[] }[] = (() => {
  const out: { group: string; lessons: Lesson[] }[] = [];
  for (const l of LESSONS) {
    let g = out.find((x) => x.group === l.group);
    if (!g) {
      g = { group: l.group, lessons: [] };
      out.push(g);
    }
    g.lessons.push(l);
  }
  return out;
})();

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);

/**
 * matchLesson - the lesson a scenario is, with the calls appended after the lesson's own steps;
 * null when it is no lesson (edited or imported). Compares the JSON the user would save.
 */
export function matchLesson(json: unknown): { id: string; calls: unknown[] } | null {
  if (typeof json !== "object" || json === null) return null;
  const { steps, ...head } = json as { steps?: unknown };
  if (!Array.isArray(steps)) return null;
  const headText = JSON.stringify(head);
  for (const l of LESSONS) {
    const { steps: own, ...lhead } = l.json() as { steps: unknown[] };
    if (own.length > steps.length || JSON.stringify(lhead) !== headText) continue;
    if (own.every((s, i) => JSON.stringify(s) === JSON.stringify(steps[i]))) {
      return { id: l.id, calls: steps.slice(own.length) };
    }
  }
  return null;
}
