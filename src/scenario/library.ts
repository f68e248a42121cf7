/**
 * The lesson library: every built-in scenario plus the generated large machine, in the groups the
 * `Scenario` picker shows, and the lookups share links need (a lesson by id; which lesson, if any,
 * a loaded scenario starts with).
 */
import { BUILTINS, largeMachineScenario } from "./builtins.ts";
import { type KernelName, kernelOf, withKernel } from "./format.ts";

export interface Lesson {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  readonly json: () => unknown;
  /** Open on the last frame (a scenario to continue from). */
  readonly openAtEnd: boolean;
  /** Generated at scale: a run of a hundred thousand frames or more, seconds to compute. */
  readonly large?: boolean;
}

/** A generated scenario, made the first time it is asked for. */
function once(make: () => unknown): () => unknown {
  let made: unknown = null;
  return () => {
    made ??= make();
    return made;
  };
}
const largeMachine = once(() => largeMachineScenario());
const millionFrames = once(() => largeMachineScenario({ rounds: 11 }));

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
  // Before the large machine: a scenario is matched to the first lesson whose steps it holds
  // (matchLesson), and the million-frame run holds the large machine's, and more.
  {
    id: "million-frames",
    group: "Scale",
    title: "Large machine, 11 rounds: a run of about 1.1 million frames",
    json: millionFrames,
    openAtEnd: false,
    large: true,
  },
  {
    id: "large-machine",
    group: "Scale",
    title: "Large machine: 8 nodes × 16,384 frames",
    json: largeMachine,
    openAtEnd: false,
    large: true,
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
 * matchLesson - the lesson a scenario is, with the calls made on it; null when it is no lesson
 * (edited or imported). Compares the JSON the user would save: the lesson's head, and its own
 * steps in order among the scenario's. `calls`, as a share link's `c=` holds them: the steps added
 * after the lesson's own; or, when some were inserted among them (a call made at an earlier
 * frame), each added step as `[its index in the scenario's steps, step]`, by index.
 */
export function matchLesson(json: unknown): { id: string; calls: unknown[] } | null {
  if (typeof json !== "object" || json === null) return null;
  for (const l of LESSONS) {
    const calls = callsOn(l.json(), json);
    if (calls) return { id: l.id, calls };
  }
  return null;
}

/** The calls that make `json` of the lesson scenario `own`, or null if it is not `own` plus calls. */
function callsOn(own: unknown, json: unknown): unknown[] | null {
  const added = addedSteps(own as Record<string, unknown>, json as Record<string, unknown>);
  if (!added) return null;
  const steps = (json as { steps: unknown[] }).steps;
  const appended = added.every((at, k) => at === steps.length - added.length + k);
  return added.map((at) => (appended ? steps[at] : [at, steps[at]]));
}

/**
 * As `matchLesson`, and also a lesson switched to the other kernel: then `kernel` names the one
 * it runs, and a share link carries the lesson, its calls and `k=` (a few dozen characters),
 * not the whole scenario (1,300). The scenario picker names that lesson too.
 */
export function lessonOf(
  json: unknown,
): { id: string; calls: unknown[]; kernel?: KernelName | undefined } | null {
  const same = matchLesson(json);
  if (same || typeof json !== "object" || json === null) return same;
  const now = kernelOf(json);
  for (const l of LESSONS) {
    const own = l.json();
    if (kernelOf(own) === now) continue;
    // Switched as the Kernel switch does (withKernel), so the keys come in the same order.
    const calls = callsOn(withKernel(own, now), json);
    if (calls) return { id: l.id, calls, kernel: now };
  }
  return null;
}

/** A scenario read as a lesson: the lesson's own JSON, and the indices of the steps added to it. */
interface AsLesson {
  readonly lesson: unknown;
  readonly added: readonly number[];
}
const asLessonCache = new WeakMap<object, AsLesson | null>();

/**
 * `json` as a lesson under either kernel, with calls added (a link's `c=`, or calls made here),
 * or null when it is no lesson. Kept per scenario object: the notes ask at every call.
 */
function asLesson(json: unknown): AsLesson | null {
  if (typeof json !== "object" || json === null) return null;
  const kept = asLessonCache.get(json);
  if (kept !== undefined) return kept;
  const { kernel: _, ...rest } = json as { kernel?: unknown };
  let found: AsLesson | null = null;
  for (const l of LESSONS) {
    const lesson = l.json();
    const { kernel: __, ...own } = lesson as { kernel?: unknown };
    const added = addedSteps(own, rest);
    if (added) {
      found = { lesson, added };
      break;
    }
  }
  asLessonCache.set(json, found);
  return found;
}

/**
 * The kernel a lesson's notes were written for, when `json` is that lesson (calls may follow its
 * own steps) switched to the other kernel; null when the notes are the scenario's own kernel's,
 * or it is no lesson. A lesson's notes say what its kernel does, which the other may not.
 */
export function notesWrittenFor(json: unknown): KernelName | null {
  const as = asLesson(json);
  if (!as) return null;
  return kernelOf(as.lesson) === kernelOf(json) ? null : kernelOf(as.lesson);
}

/** The steps of `json` that are no lesson's own, when `json` is a lesson; null when it is none. */
export function stepsAddedToLesson(json: unknown): readonly number[] | null {
  return asLesson(json)?.added ?? null;
}

/**
 * The indices of `json`'s steps that `own` (a lesson) does not have, when `json` is `own` with
 * steps added: the same head (key order too) and `own`'s steps in order among its own. Matched
 * first come, first served: any match rebuilds the same steps from the lesson and the rest.
 */
function addedSteps(own: Record<string, unknown>, json: Record<string, unknown>): number[] | null {
  const { steps: ownSteps, ...ownHead } = own as { steps?: unknown[] };
  const { steps, ...head } = json as { steps?: unknown };
  if (!Array.isArray(steps) || !Array.isArray(ownSteps) || ownSteps.length > steps.length)
    return null;
  if (JSON.stringify(ownHead) !== JSON.stringify(head)) return null;
  const added: number[] = [];
  let next = 0;
  steps.forEach((step, i) => {
    if (next < ownSteps.length && JSON.stringify(step) === JSON.stringify(ownSteps[next])) next++;
    else added.push(i);
  });
  return next === ownSteps.length ? added : null;
}
