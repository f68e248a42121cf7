/**
 * What a session does with the scenarios and steps the UI sends, before the model sees them:
 * read a load's input (an object, or JSON text from a file), build the step list an insert makes,
 * and put the errors of a call's step field-first for the form. Kept apart from the session so
 * its plumbing (pacing, batches, seeks) reads on its own.
 */
import type { Scenario } from "../scenario/format.ts";
import { parseScenario, scenarioData } from "../scenario/parse.ts";

/** A scenario as the user would save it: what restart reloads and the init sends back. */
export interface RawScenario {
  steps: unknown[];
  [key: string]: unknown;
}

function isRaw(x: unknown): x is RawScenario {
  return typeof x === "object" && x !== null && Array.isArray((x as { steps?: unknown }).steps);
}

export type ReadScenario =
  | { readonly ok: true; readonly raw: RawScenario; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: string[] };

/** A load's input, parsed and validated; `raw` is a copy the session may add steps to. */
export function readScenario(input: unknown): ReadScenario {
  const read = scenarioData(input);
  if (!read.ok) return read;
  const data = read.data;
  const parsed = parseScenario(data);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  if (!isRaw(data)) return { ok: false, errors: ["steps: must be an array"] };
  return { ok: true, raw: { ...data, steps: [...data.steps] }, scenario: parsed.scenario };
}

/**
 * The steps after inserting `step` before step `at` (clamped to the list): the steps that
 * followed come again after it, or are dropped with `dropLater`.
 */
export function stepsWithInsert(
  steps: readonly unknown[],
  at: number,
  step: unknown,
  dropLater: boolean,
): { where: number; steps: unknown[] } {
  const where = Math.max(0, Math.min(steps.length, Math.floor(at)));
  return {
    where,
    steps: [...steps.slice(0, where), step, ...(dropLater ? [] : steps.slice(where))],
  };
}

/**
 * The scenario `raw` with `steps` instead of its own, validated; the errors of step `at` come back
 * field-first ("addr: ..."), since the form shows them at the field.
 */
export function validateCall(
  raw: RawScenario,
  at: number,
  steps: unknown[],
): { ok: true; scenario: Scenario } | { ok: false; errors: string[] } {
  const parsed = parseScenario({ ...raw, steps });
  if (parsed.ok) return parsed;
  const prefix = `steps[${at}]`;
  return {
    ok: false,
    errors: parsed.errors.map((e) =>
      e.startsWith(`${prefix}.`)
        ? e.slice(prefix.length + 1)
        : e.startsWith(prefix)
          ? `(step)${e.slice(prefix.length)}`
          : e,
    ),
  };
}
