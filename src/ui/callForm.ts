/**
 * The system-call form's model: field values in, a raw scenario step (or per-field messages) out.
 * The form checks what it can at once (a hex address, whole numbers, a thread); the worker's
 * parseScenario has the last word, and its messages ("addr: ...") are mapped back to the fields.
 */

import { LIMITS, PAGE_SIZE } from "../scenario/format.ts";
import { pagesText } from "../scenario/handout.ts";
import { FLAG_NAMES, MODE_FLAG_NAMES, MODE_NAMES } from "../scenario/schema.ts";

const PID_MAX_LIMIT = LIMITS.pidMax;

export const OPS = ["mbind", "touch", "set_mempolicy", "fork", "sched_setaffinity"] as const;
export type CallOp = (typeof OPS)[number];
export const MODES = Object.keys(MODE_NAMES);
export const FLAGS = Object.keys(FLAG_NAMES);
export const MODE_FLAGS = Object.keys(MODE_FLAG_NAMES);

export type Field =
  | "tid"
  | "addr"
  | "pages"
  | "mode"
  | "nodes"
  | "flags"
  | "modeFlags"
  | "maxnode"
  | "access"
  | "cpu"
  | "childPid"
  | "childTid"
  | "childCpu";

export interface CallValues {
  op: CallOp;
  tid: string;
  addr: string;
  pages: string;
  mode: string;
  nodes: number[];
  flags: string[];
  modeFlags: string[];
  /** Blank: the scenario's default, a maxnode that reads every node ticked. */
  maxnode: string;
  access: "read" | "write";
  cpu: string;
  childPid: string;
  childTid: string;
  childCpu: string;
}

/** The form's values before any scenario says otherwise: the lab's own call. */
export const CALL_INITIAL: CallValues = {
  op: "mbind",
  tid: "",
  addr: "0x7f0000000000",
  pages: "8",
  mode: "MPOL_PREFERRED",
  nodes: [],
  flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
  modeFlags: [],
  maxnode: "",
  access: "write",
  cpu: "",
  childPid: "200",
  childTid: "200",
  childCpu: "",
};

export type Errors = Partial<Record<Field | "form", string>>;

export const FIELDS_OF: Record<CallOp, readonly Field[]> = {
  mbind: ["tid", "addr", "pages", "mode", "maxnode", "nodes", "modeFlags", "flags"],
  touch: ["tid", "addr", "pages", "access"],
  set_mempolicy: ["tid", "mode", "maxnode", "nodes", "modeFlags"],
  fork: ["tid", "childPid", "childTid", "childCpu"],
  sched_setaffinity: ["tid", "cpu"],
};

const whole = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN);

export function buildStep(v: CallValues): { step: Record<string, unknown> } | { errors: Errors } {
  const errors: Errors = {};
  const fields = FIELDS_OF[v.op];
  const step: Record<string, unknown> = { op: v.op };
  const tid = whole(v.tid);
  if (Number.isNaN(tid)) errors.tid = "Choose the thread that makes the call.";
  step.tid = tid;
  if (fields.includes("addr")) {
    const a = v.addr.trim();
    // "0X…" and leading zeros are taken, and written as the scenario format keeps addresses
    // (lower-case "0x", at most 12 hex digits); so is a bare 0, C's NULL, which students try.
    const hex = (/^0x([0-9a-f]+)$/i.exec(a)?.[1] ?? (/^0+$/.test(a) ? "0" : undefined))
      ?.replace(/^0+(?=.)/, "")
      .toLowerCase();
    const limit = `0x${LIMITS.addressLimit.toString(16)}`;
    if (/^-\s*(0x)?[0-9a-f]+$/i.test(a)) errors.addr = "An address is never negative.";
    else if (hex === undefined)
      errors.addr = "The address must be hexadecimal, such as 0x7f0000000000.";
    else if (hex.length > 12 || Number.parseInt(hex, 16) >= LIMITS.addressLimit)
      errors.addr = `The address must lie below ${limit}, where user addresses end.`;
    step.addr = hex === undefined ? a : `0x${hex}`;
  }
  if (fields.includes("pages")) {
    const n = whole(v.pages);
    if (Number.isNaN(n) || n < 1) errors.pages = "Pages must be a whole number, at least 1.";
    else if (n > LIMITS.pagesPerOp)
      errors.pages = `At most ${LIMITS.pagesPerOp.toLocaleString("en")} pages.`;
    else if (!errors.addr && typeof step.addr === "string") {
      // The range's end, said at the field that sets it (the scenario checker names pages too).
      const end = Number.parseInt(step.addr.slice(2), 16) + n * PAGE_SIZE;
      if (end > LIMITS.addressLimit)
        errors.pages = `The range ends past the last user address (below 0x${LIMITS.addressLimit.toString(16)}): fewer pages, or a lower address.`;
    }
    step.pages = n;
  }
  if (fields.includes("mode")) {
    step.mode = v.mode;
    step.nodes = [...v.nodes].sort((a, b) => a - b);
    step.modeFlags = v.modeFlags;
  }
  if (fields.includes("maxnode") && v.maxnode.trim() !== "") {
    const n = whole(v.maxnode);
    if (Number.isNaN(n) || n > 2 ** 32 - 1)
      errors.maxnode =
        "maxnode is a whole number from 0 to 4294967295 (leave it blank to read every node ticked).";
    step.maxnode = n;
  }
  if (fields.includes("flags")) step.flags = v.flags;
  if (fields.includes("access")) step.access = v.access;
  if (fields.includes("cpu")) {
    step.cpu = whole(v.cpu);
    if (Number.isNaN(step.cpu)) errors.cpu = "Choose a CPU.";
  }
  if (fields.includes("childPid")) {
    const child = { pid: whole(v.childPid), tid: whole(v.childTid), cpu: whole(v.childCpu) };
    // PID_MAX_LIMIT (4194304), the schema's bound: said here in the form's words, not as the
    // schema's field path ("child.pid must be at most ...").
    if (Number.isNaN(child.pid) || child.pid < 1 || child.pid > PID_MAX_LIMIT)
      errors.childPid = `A pid is a whole number from 1 to ${PID_MAX_LIMIT} (PID_MAX_LIMIT).`;
    if (Number.isNaN(child.tid) || child.tid < 1 || child.tid > PID_MAX_LIMIT)
      errors.childTid = `A tid is a whole number from 1 to ${PID_MAX_LIMIT} (PID_MAX_LIMIT).`;
    if (Number.isNaN(child.cpu)) errors.childCpu = "Choose the child's CPU.";
    step.child = child;
  }
  return Object.keys(errors).length > 0 ? { errors } : { step };
}

const WORKER_FIELDS: [RegExp, Field][] = [
  [/^tid\b/, "tid"],
  [/^addr\b/, "addr"],
  [/^(pages|len)\b/, "pages"],
  [/^mode\b/, "mode"],
  [/^nodes\b/, "nodes"],
  [/^flags\b/, "flags"],
  [/^modeFlags\b/, "modeFlags"],
  [/^maxnode\b/, "maxnode"],
  [/^access\b/, "access"],
  [/^cpu\b/, "cpu"],
  [/^child\.pid\b/, "childPid"],
  [/^child\.tid\b/, "childTid"],
  [/^child\.cpu\b/, "childCpu"],
];

/** The worker's validation errors ("addr: address must be ...") as messages at the fields. */
export function errorsFromWorker(list: readonly string[]): Errors {
  const out: Errors = {};
  for (const e of list) {
    const hit = WORKER_FIELDS.find(([re]) => re.test(e));
    const field = hit ? hit[1] : "form";
    const text = hit ? e.slice(e.indexOf(":") + 1).trim() : e;
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}

export function describeStep(step: Record<string, unknown>): string {
  if (step.op === "tick") return `tick: ${step.ms} ms pass`;
  const args: string[] = [];
  if (step.addr !== undefined) args.push(String(step.addr));
  if (step.pages !== undefined) args.push(pagesText(step.pages));
  if (step.mode !== undefined) args.push(String(step.mode));
  if (Array.isArray(step.nodes)) args.push(`{${step.nodes.join(",")}}`);
  if (step.maxnode !== undefined) args.push(`maxnode ${step.maxnode}`);
  if (Array.isArray(step.flags) && step.flags.length) args.push(step.flags.join("|"));
  if (step.access !== undefined) args.push(String(step.access));
  if (step.cpu !== undefined) args.push(`cpu ${step.cpu}`);
  return `tid ${step.tid}: ${step.op}(${args.join(", ")})`;
}

/**
 * A fork's child pid and tid that no process or thread of the scenario has (its own forks
 * included): 200, or one past the highest in use. The fork lesson's child is pid 200 already.
 */
function freshChild(scenario: unknown): { childPid: string; childTid: string } {
  const sc = scenario as {
    processes?: { pid?: unknown; threads?: { tid?: unknown }[] }[];
    steps?: { op?: unknown; child?: { pid?: unknown; tid?: unknown } }[];
  } | null;
  const pids: number[] = [];
  const tids: number[] = [];
  for (const p of sc?.processes ?? []) {
    pids.push(Number(p.pid));
    for (const t of p.threads ?? []) tids.push(Number(t.tid));
  }
  for (const st of sc?.steps ?? []) {
    if (st.op !== "fork") continue;
    pids.push(Number(st.child?.pid));
    tids.push(Number(st.child?.tid));
  }
  const next = (used: number[]) =>
    String(used.includes(200) ? Math.max(...used.filter(Number.isFinite)) + 1 : 200);
  return { childPid: next(pids), childTid: next(tids) };
}

/**
 * Starting values that fit the scenario just loaded: the range and policy of its last mbind, else
 * its first mapping with a lazy local mbind (what the lab is about). So "do that again" from the
 * form repeats what the scenario did, not a different call. A fork's
 * child gets a pid and tid nobody has.
 */
export function callDefaultsFor(scenario: unknown, base: CallValues): CallValues {
  return { ...placeDefaults(scenario, base), ...freshChild(scenario) };
}

/** The call's range and policy from the scenario's last mbind, else its first mmap. */
function placeDefaults(scenario: unknown, base: CallValues): CallValues {
  const steps = ((scenario as { steps?: unknown[] } | null)?.steps ?? []) as Record<
    string,
    unknown
  >[];
  const mbind = [...steps].reverse().find((s) => s.op === "mbind");
  const mmap = steps.find((s) => s.op === "mmap");
  const from = mbind ?? mmap;
  if (!from) return base;
  const addr =
    typeof from.addr === "number" ? `0x${from.addr.toString(16)}` : String(from.addr ?? base.addr);
  const pages =
    typeof from.pages === "number"
      ? from.pages
      : typeof from.len === "number"
        ? Math.ceil(from.len / PAGE_SIZE)
        : Number(base.pages);
  if (!mbind) return { ...base, op: "mbind", addr, pages: String(pages) };
  const names = (v: unknown, table: Record<string, number>) =>
    Array.isArray(v)
      ? v.map(String)
      : typeof v === "number"
        ? Object.keys(table).filter((n) => (v & (table[n] ?? 0)) !== 0)
        : [];
  return {
    ...base,
    op: "mbind",
    addr,
    pages: String(pages),
    mode: typeof mbind.mode === "string" ? mbind.mode : (MODES[Number(mbind.mode)] ?? base.mode),
    nodes: Array.isArray(mbind.nodes) ? mbind.nodes.map(Number) : [],
    flags: names(mbind.flags, FLAG_NAMES),
    modeFlags: names(mbind.modeFlags, MODE_FLAG_NAMES),
    maxnode: typeof mbind.maxnode === "number" ? String(mbind.maxnode) : "",
  };
}
