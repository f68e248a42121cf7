/**
 * Reading a share link (format version 1, described in share.ts): every part checked before it is
 * used, and anything wrong named in a sentence whose first words say what kind of wrong it is.
 * A frame or a selection that cannot be read is left out and said so; the scenario still opens.
 */
import { CompressError, decompressText } from "./compress.ts";
import { KERNELS, withKernel } from "./format.ts";
import { lessonById } from "./library.ts";
import { parseScenario } from "./parse.ts";
import { kindOf } from "./schema.ts";
import {
  type Decoded,
  MAX_FRAGMENT_CHARS,
  MAX_FRAME,
  MAX_INFLATED_BYTES,
  opensAtEnd,
  SHARE_VERSION,
  type ShareScenario,
  type ShareSelection,
} from "./share.ts";

const fail = (error: string): Decoded => ({ ok: false, error });

/** What is wrong with a link, by kind; the kind leads the sentence the alert shows. */
class LinkError extends Error {
  constructor(
    kind: "malformed" | "truncated" | "damaged" | "oversized" | "invalid",
    /** The sentence without its lead ("the frame "f=-5" is not a frame number"). */
    readonly detail: string,
  ) {
    const lead = {
      malformed: "The link is malformed",
      truncated: "The link is truncated",
      damaged: "The link is damaged or tampered with",
      oversized: "The link is too large",
      invalid: "The link is not valid",
    }[kind];
    super(`${lead}: ${detail}.`);
  }
}
const WHOLE = /^(0|[1-9][0-9]{0,9})$/;

function inflateJson(text: string, what: string): unknown {
  let raw: string;
  try {
    raw = decompressText(text, MAX_INFLATED_BYTES);
  } catch (e) {
    if (e instanceof CompressError) throw new LinkError(e.kind, `the ${what} in it ${e.message}`);
    throw e;
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new LinkError("damaged", `the ${what} in it is not valid JSON`);
  }
}

/**
 * decodeShare - read a fragment (with or without `#`). Never throws: every way a link can be
 * wrong (malformed, truncated, tampered, from a newer version, too large) gives a sentence.
 * An empty fragment is not an error for the caller to show: `{ ok: false, error: "" }`.
 */
export function decodeShare(fragment: string): Decoded {
  const text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (text === "") return fail("");
  if (text.length > MAX_FRAGMENT_CHARS) {
    return fail(
      `The link is too large: ${text.length.toLocaleString("en")} characters (the limit is ${MAX_FRAGMENT_CHARS.toLocaleString("en")}).`,
    );
  }
  const p = new URLSearchParams(text);
  // A key that says what the scenario is, given twice, is read one way by one reader and
  // another by the next: the link is refused. A place given twice loses only itself (readFrame).
  const twice = SCENARIO_KEYS.find((k) => p.getAll(k).length > 1);
  if (twice !== undefined)
    return fail(`The link is malformed: it gives "${twice}=" more than once.`);
  const v = p.get("v");
  if (v === null) return fail("The link is malformed: it has no format version (v=).");
  // Any run of digits is a version number, however long: a long one is a newer format.
  if (!/^(0|[1-9][0-9]*)$/.test(v))
    return fail(`The link is malformed: its format version "v=${v}" is not a number.`);
  if (Number(v) > SHARE_VERSION) {
    return fail(
      `The link was made by a newer version of the lab (link format ${v}; this one reads format ${SHARE_VERSION}).`,
    );
  }
  if (Number(v) !== SHARE_VERSION)
    return fail(`The link is malformed: format version ${v} does not exist.`);
  try {
    const scenario = readScenario(p);
    const lesson = scenario.kind === "builtin" ? scenario : null;
    const json = !lesson
      ? (scenario as { json: unknown }).json
      : lesson.kernel
        ? withKernel(withCalls(lessonById(lesson.id)?.json(), lesson.calls), lesson.kernel)
        : withCalls(lessonById(lesson.id)?.json(), lesson.calls);
    const parsed = parseScenario(json);
    if (!parsed.ok) {
      const error = `The scenario in the link is not valid: ${parsed.errors.slice(0, 3).join("; ")}`;
      // An object the editor can show: what was meant is there, bar a field or two.
      const mendable = typeof json === "object" && json !== null && !Array.isArray(json);
      return mendable ? { ok: false, error, draft: json } : fail(error);
    }
    // A bad frame or selection loses only itself: the scenario in the link is good.
    const ignored: string[] = [];
    const keep = <T>(read: () => T, otherwise: T): T => {
      try {
        return read();
      } catch (e) {
        if (!(e instanceof LinkError)) throw e;
        ignored.push(e.detail);
        return otherwise;
      }
    };
    const named = keep(() => readFrame(p), null);
    const frame = named ?? (opensAtEnd(scenario) ? MAX_FRAME : 0);
    const selection = keep(() => readSelection(p), null);
    // One thing is selected at a time: a pte= beside a pfn= is not taken, and the reader is told
    // (whether or not the pfn= could be read).
    if (p.has("pfn") && p.has("pte") && (!selection || "pfn" in selection))
      ignored.push(
        `the selected page-table entry "pte=${p.get("pte")}" (the link also selects a page, "pfn=${p.get("pfn")}", which comes first: one selection at a time)`,
      );
    const link = { scenario, frame, selection };
    const frameNamed = named !== null;
    return ignored.length === 0
      ? { ok: true, link, json, frameNamed }
      : { ok: true, link, json, frameNamed, ignored: ignored.join("; ") };
  } catch (e) {
    if (e instanceof LinkError) return fail(e.message);
    throw e;
  }
}

function readScenario(p: URLSearchParams): ShareScenario {
  const b = p.get("b");
  const s = p.get("s");
  if (b !== null && s !== null)
    throw new LinkError("malformed", "it names a lesson (b=) and a scenario (s=)");
  if (b !== null) {
    if (!lessonById(b))
      throw new LinkError("invalid", `it names a lesson "${b}" that this lab does not have`);
    const c = p.get("c");
    const calls = c === null ? [] : inflateJson(c, "list of calls");
    if (!Array.isArray(calls))
      throw new LinkError("malformed", "the list of calls in it is not a list");
    const k = p.get("k");
    if (k === null) return { kind: "builtin", id: b, calls };
    const kernel = KERNELS.find((n) => n === k);
    if (!kernel)
      throw new LinkError("invalid", `it names a kernel "${k}" that this lab does not have`);
    return { kind: "builtin", id: b, calls, kernel };
  }
  if (s !== null) {
    const json = inflateJson(s, "scenario");
    // Valid JSON, but a string or a number: the scenario reader would take a string for JSON
    // text and say it is not valid JSON.
    if (typeof json !== "object" || json === null)
      throw new LinkError("invalid", `the scenario in it is ${kindOf(json)}, not a JSON object`);
    return { kind: "custom", json };
  }
  throw new LinkError("malformed", "it has no scenario in it (b= or s=)");
}

/** The keys that say which scenario a link holds (format, lesson or scenario, calls, kernel). */
const SCENARIO_KEYS = ["v", "b", "s", "c", "k"] as const;

/** `key`'s one value, or null; given twice, it is left out (a LinkError the caller keeps). */
function once(p: URLSearchParams, key: string, what: string): string | null {
  const all = p.getAll(key);
  if (all.length > 1)
    throw new LinkError(
      "malformed",
      `the ${what} is given ${all.length} times (${key}=${all.join(`, ${key}=`)})`,
    );
  return all[0] ?? null;
}

/** The frame named by `f=`, or null when the link names none. */
function readFrame(p: URLSearchParams): number | null {
  const f = once(p, "f", "frame");
  if (f === null) return null;
  if (!/^(0|[1-9][0-9]*)$/.test(f)) {
    throw new LinkError("malformed", `the frame "f=${f}" is not a frame number`);
  }
  // A frame past any run's end opens at the last frame, as a frame past this run's end does.
  return Math.min(Number(f), MAX_FRAME);
}

function readSelection(p: URLSearchParams): ShareSelection {
  const pfn = once(p, "pfn", "selected page");
  if (pfn !== null) {
    if (!WHOLE.test(pfn))
      throw new LinkError("malformed", `the selected page "pfn=${pfn}" is not a page frame number`);
    return { pfn: Number(pfn) };
  }
  const pte = once(p, "pte", "selected page-table entry");
  if (pte === null) return null;
  const m = /^([0-9]{1,7})\.([0-9]{1,15})$/.exec(pte);
  if (!m)
    throw new LinkError("malformed", `the selected page-table entry "pte=${pte}" is not pid.vpn`);
  return { pte: { pid: Number(m[1]), vpn: Number(m[2]) } };
}

/**
 * The lesson's steps with the calls of a `c=` list: a step is appended after everything so far;
 * an `[index, step]` pair is inserted at that index, the indices in order (as matchLesson writes
 * them), so the steps are merged in one pass however many calls a link holds.
 */
function withCalls(lesson: unknown, calls: readonly unknown[]): unknown {
  if (calls.length === 0) return lesson;
  const l = lesson as { steps: unknown[] };
  const own = l.steps;
  const steps: unknown[] = [];
  let next = 0;
  for (const c of calls) {
    if (!Array.isArray(c)) {
      while (next < own.length) steps.push(own[next++]);
      steps.push(c);
      continue;
    }
    const [at, step] = c as unknown[];
    const most = steps.length + own.length - next;
    if (c.length !== 2)
      throw new LinkError(
        "malformed",
        `a call in it is a list of ${c.length} item${c.length === 1 ? "" : "s"}, not [where, step]`,
      );
    if (!Number.isInteger(at) || (at as number) < steps.length || (at as number) > most)
      throw new LinkError(
        "malformed",
        `a call in it is inserted at ${JSON.stringify(at)}, not at a step after the one before it (${steps.length} to ${most})`,
      );
    while (steps.length < (at as number)) steps.push(own[next++]);
    steps.push(step);
  }
  while (next < own.length) steps.push(own[next++]);
  return { ...l, steps };
}
