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
 * never simulated state: the receiver re-runs the scenario and goes to the frame. Links are written
 * here and read in shareDecode.ts.
 */
import { compressText } from "./compress.ts";
import type { KernelName } from "./format.ts";
import { lessonById, lessonOf } from "./library.ts";

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
  /**
   * `draft`: the link's scenario when it is JSON that fails validation (a typo in a field), for
   * the editor to open so the reader can mend it; absent when there is nothing to mend.
   */
  | { ok: false; error: string; draft?: unknown };

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
