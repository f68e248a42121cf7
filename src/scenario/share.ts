/**
 * Share links, format version 1: everything needed to see what the sender saw, in the URL
 * fragment (never sent to a server). The fragment is URL query syntax:
 *
 *   v=1                      format version (required, first)
 *   b=<lesson id>            a built-in lesson, by id ...
 *   c=<z>                    ... plus the calls made on it: a JSON array of the steps appended
 *                            to it, or of [index, step] pairs for steps inserted among its own
 *                            (each at that index of the steps so far), and
 *   k=<kernel>               ... the kernel it runs, when not the lesson's own ("mainline",
 *                            "rfc-2012": the Kernel switch), or
 *   s=<z>                    a custom scenario, whole (the JSON the CLI reads)
 *   f=<frame>                the frame shown (default 0; the last frame for a lesson that
 *                            opens at its end, such as "your turn" lessons)
 *   pfn=<pfn> | pte=<pid>.<vpn>   the selection (default none)
 *
 * `<z>` is JSON, zlib-compressed and base64url-encoded (compress.ts). The URL holds inputs only,
 * never simulated state: the receiver re-runs the scenario and goes to the frame.
 */
import { CompressError, compressText, decompressText } from "./compress.ts";
import { KERNELS, type KernelName, withKernel } from "./format.ts";
import { lessonById, lessonOf } from "./library.ts";
import { parseScenario } from "./parse.ts";

export const SHARE_VERSION = 1;
/** Longest fragment read at all: checked before anything is decoded. */
export const MAX_FRAGMENT_CHARS = 32_768;
/** Most bytes one compressed field may inflate to. */
export const MAX_INFLATED_BYTES = 1 << 20;
/** Frames named past this are read as this (past any run's end): the number is not kept. */
export const MAX_FRAME = 1_000_000_000;

export type ShareScenario =
  | {
      readonly kind: "builtin";
      readonly id: string;
      readonly calls: readonly unknown[];
      /** The kernel it runs, when not the lesson's own (the Kernel switch). */
      readonly kernel?: KernelName | undefined;
    }
  | { readonly kind: "custom"; readonly json: unknown };

export type ShareSelection =
  | null
  | { readonly pfn: number }
  | { readonly pte: { readonly pid: number; readonly vpn: number } };

export interface ShareLink {
  readonly scenario: ShareScenario;
  readonly frame: number;
  readonly selection: ShareSelection;
}

export type Decoded =
  /**
   * `json`: the scenario to load (the lesson plus its calls, or the custom scenario); `ignored`,
   * when the frame or the selection in the link could not be read and was left out (the scenario
   * still opens, at its start or unselected), says what. `frameNamed`: the link names its frame
   * (`f=`), rather than leaving it to the lesson's default.
   */
  | { ok: true; link: ShareLink; json: unknown; frameNamed: boolean; ignored?: string }
  | { ok: false; error: string };

/** The fragment (without `#`) for a link. */
export function encodeShare(link: ShareLink): string {
  const place = encodePlace(link.frame, link.selection, opensAtEnd(link.scenario));
  return `${encodeScenarioPart(link.scenario)}${place}`;
}

/** A lesson meant to be continued opens at its last frame when its link names no frame. */
export function opensAtEnd(s: ShareScenario): boolean {
  return s.kind === "builtin" && (lessonById(s.id)?.openAtEnd ?? false);
}

/** `v=1&b=...` or `v=1&s=...`: the part that compresses, worth caching while only the frame moves. */
export function encodeScenarioPart(s: ShareScenario): string {
  const p = new URLSearchParams();
  p.set("v", String(SHARE_VERSION));
  if (s.kind === "builtin") {
    p.set("b", s.id);
    if (s.calls.length > 0) p.set("c", compressText(JSON.stringify(s.calls)));
    if (s.kernel) p.set("k", s.kernel);
  } else {
    p.set("s", compressText(JSON.stringify(s.json)));
  }
  return p.toString();
}

/**
 * `&f=...&pfn=...`: where in the run, and what is selected ("" for frame 0, nothing selected).
 * `atEnd`: the scenario opens at its end when no frame is named, so frame 0 is written out too.
 */
export function encodePlace(frame: number, sel: ShareSelection, atEnd = false): string {
  const p = new URLSearchParams();
  if (frame > 0 || atEnd) p.set("f", String(frame));
  if (sel && "pfn" in sel) p.set("pfn", String(sel.pfn));
  else if (sel) p.set("pte", `${sel.pte.pid}.${sel.pte.vpn}`);
  const text = p.toString();
  return text ? `&${text}` : "";
}

/** How a loaded scenario is best shared: a lesson plus its extra calls when it is one. */
export function shareScenarioOf(json: unknown): ShareScenario {
  const m = lessonOf(json);
  if (!m) return { kind: "custom", json };
  return m.kernel
    ? { kind: "builtin", id: m.id, calls: m.calls, kernel: m.kernel }
    : { kind: "builtin", id: m.id, calls: m.calls };
}

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
      return fail(`The scenario in the link is not valid: ${parsed.errors.slice(0, 3).join("; ")}`);
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
  if (s !== null) return { kind: "custom", json: inflateJson(s, "scenario") };
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
    if (
      c.length !== 2 ||
      !Number.isInteger(at) ||
      (at as number) < steps.length ||
      (at as number) > most
    )
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
