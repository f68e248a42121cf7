/**
 * parseScenario - turn untrusted JSON (a file, a pasted text, a share URL) into a Scenario, or a
 * list of errors that each name the field: `steps[2].flags[1]: unknown flag "MPOL_MF_LAZZY"`.
 * Nothing runs until a scenario has passed; limits are checked here so that a hostile input cannot
 * make the model allocate without bound.
 */
import * as v from "valibot";
import type { NumaBalancingSettings } from "../kernel/scenario.ts";
import { crossCheck } from "./crossCheck.ts";
import type { Scenario, Step } from "./format.ts";
import { kindOf, type RawScenario, type RawStep, scenarioSchema } from "./schema.ts";
import { unknownFields } from "./unknownFields.ts";

/**
 * `warnings`: fields the format does not read, by path (unknownFields.ts): the scenario runs
 * without them, and the CLI and the editor say so.
 */
export type ParseResult =
  | { ok: true; scenario: Scenario; warnings: string[] }
  | { ok: false; errors: string[] };

const PAGE = 4096;

function pathOf(path: readonly { key: unknown }[] | undefined): string {
  let out = "";
  for (const p of path ?? []) {
    out += typeof p.key === "number" ? `[${p.key}]` : `${out ? "." : ""}${String(p.key)}`;
  }
  return out || "(scenario)";
}

/**
 * The schema's message, except where valibot's own words would show: a missing field (worded as
 * an invalid key), and an object or array given something else ("Invalid type: Expected Object
 * but received 5").
 */
function messageOf(issue: v.BaseIssue<unknown>): string {
  if (issue.type === "object" && issue.received === "undefined" && issue.input === undefined)
    return "required, but missing";
  if (issue.kind === "schema" && issue.type === "object")
    return `must be an object ({ ... }), not ${kindOf(issue.input)}`;
  if (issue.kind === "schema" && issue.type === "array")
    return `must be an array ([ ... ]), not ${kindOf(issue.input)}`;
  return issue.message;
}

/**
 * Each issue as `path: message`, once. Valibot takes an array for an object and reports each of
 * its fields missing (`machine: []` said `machine.nodes: required, but missing`): that is said of
 * the array itself.
 */
function issueLines(issues: readonly v.BaseIssue<unknown>[]): string[] {
  // A Set: a file of 100,000 bad steps has as many issues.
  const lines = new Set<string>();
  for (const issue of issues) {
    const path = issue.path ?? [];
    const last = path[path.length - 1];
    const inArray = last?.type === "object" && Array.isArray(last.input);
    const line = inArray
      ? `${pathOf(path.slice(0, -1))}: must be an object ({ ... }), not an array`
      : `${pathOf(path)}: ${messageOf(issue)}`;
    lines.add(line);
  }
  return [...lines];
}

/** The first `n` errors, and how many more there are. */
function firstOf(errors: readonly string[], n = 8): string[] {
  return errors.length <= n
    ? [...errors]
    : [...errors.slice(0, n), `… and ${errors.length - n} more`];
}

/** A scenario given as JSON text (a file's contents) read into its object; others as given. */
export function scenarioData(
  input: unknown,
): { ok: true; data: unknown } | { ok: false; errors: string[] } {
  if (typeof input !== "string") return { ok: true, data: input };
  let data: unknown;
  try {
    // A byte-order mark, as some editors save UTF-8: the app's Import reads past it, so does this.
    data = JSON.parse(input.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, errors: [`(scenario): not valid JSON: ${(e as Error).message}`] };
  }
  // JSON text whose value is a string is no scenario: read again, it was taken for JSON text
  // (a scenario saved as one string ran, and a file holding "x" was said not to be JSON).
  if (typeof data === "string")
    return { ok: false, errors: ["(scenario): must be a JSON object ({ ... }), not a string"] };
  return { ok: true, data };
}

/**
 * The format nests five levels at most (`machine.nodes[0].distances[1]`). Anything much deeper is
 * refused, not ignored: an unknown field 2,000 levels deep passed as "ignored", then overflowed
 * the stack when the browser copied the scenario to its worker.
 */
const MAX_DEPTH = 16;

/** The path of the first value nested deeper than `max`, or null (no recursion: any depth). */
function tooDeep(data: unknown, max: number): string | null {
  const stack: { x: unknown; path: string; depth: number }[] = [{ x: data, path: "", depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { x, path, depth } = top;
    if (typeof x !== "object" || x === null) continue;
    if (depth >= max) return path || "(scenario)";
    const entries: [string | number, unknown][] = Array.isArray(x)
      ? [...x.entries()]
      : Object.entries(x);
    for (const [k, y] of entries) {
      const at = typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      stack.push({ x: y, path: at, depth: depth + 1 });
    }
  }
  return null;
}

export function parseScenario(input: unknown): ParseResult {
  const read = scenarioData(input);
  if (!read.ok) return read;
  const data = read.data;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return {
      ok: false,
      errors: [`(scenario): must be a JSON object ({ ... }), not ${kindOf(data)}`],
    };
  const deep = tooDeep(data, MAX_DEPTH);
  if (deep !== null)
    return { ok: false, errors: [`${deep}: nested more than ${MAX_DEPTH} levels deep`] };
  const parsed = v.safeParse(scenarioSchema, data);
  if (!parsed.success) {
    return { ok: false, errors: firstOf(issueLines(parsed.issues)) };
  }
  const errors = crossCheck(parsed.output);
  if (errors.length) return { ok: false, errors: firstOf(errors) };
  const warnings = unknownFields(data, parsed.output).map(
    (at) => `${at}: not a field of the scenario format; ignored`,
  );
  return { ok: true, scenario: normalise(parsed.output), warnings };
}

function normalise(s: RawScenario): Scenario {
  const n = s.machine.nodes.length;
  const distances =
    s.machine.distances ??
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 10 : 20)));
  return {
    version: 1,
    kernel: s.kernel,
    title: s.title,
    machine: {
      nodes: s.machine.nodes,
      distances,
      swapSlots: s.machine.swapSlots,
      thpPages: s.machine.thpPages,
      ...numaSettings(s.machine),
    },
    processes: s.processes,
    steps: s.steps.map(normaliseStep),
  };
}

/** Notes are for the lecture, not the model: they are dropped here. */
function normaliseStep({ note: _note, ...step }: RawStep): Step {
  switch (step.op) {
    case "mmap":
      return { ...step, file: step.file ?? null };
    case "mbind": {
      const { pages, len, maxnode, ...rest } = step;
      return {
        ...rest,
        ...(maxnode !== undefined && { maxnode }),
        len: len ?? (pages ?? 0) * PAGE,
      };
    }
    case "set_mempolicy": {
      const { maxnode, ...rest } = step;
      return { ...rest, ...(maxnode !== undefined && { maxnode }) };
    }
    default:
      return step;
  }
}

/** The NUMA balancing sysctls the file sets (the kernel fills in 6.1's defaults for the rest). */
function numaSettings(m: RawScenario["machine"]): NumaBalancingSettings {
  return {
    ...(m.numa_balancing_scan_delay_ms !== undefined && {
      numa_balancing_scan_delay_ms: m.numa_balancing_scan_delay_ms,
    }),
    ...(m.numa_balancing_scan_period_min_ms !== undefined && {
      numa_balancing_scan_period_min_ms: m.numa_balancing_scan_period_min_ms,
    }),
    ...(m.numa_balancing_scan_size_mb !== undefined && {
      numa_balancing_scan_size_mb: m.numa_balancing_scan_size_mb,
    }),
  };
}
