/**
 * The shape of a version-1 scenario file, as valibot schemas. Each message names what is wrong;
 * parse.ts prefixes the field path (`steps[2].flags[1]: unknown flag "MPOL_MF_LAZZY"`).
 * Cross-field rules (tids that exist, limits over the whole file) live in parse.ts.
 */
import * as v from "valibot";
import { MPOL_F_NUMA_BALANCING, MPOL_PREFERRED_MANY } from "../kernel/mainline/uapi.ts";
import { KERNELS } from "../kernel/scenario.ts";
import { MPOL, MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES, MPOL_MF } from "../kernel/uapi.ts";
import { LIMITS } from "./format.ts";

/** Every mode name either kernel knows; MPOL_PREFERRED_MANY (6.1) is -EINVAL under the RFC's 3.3. */
export const MODE_NAMES = { ...MPOL, MPOL_PREFERRED_MANY } as const;
export const FLAG_NAMES = {
  MPOL_MF_STRICT: MPOL_MF.MPOL_MF_STRICT,
  MPOL_MF_MOVE: MPOL_MF.MPOL_MF_MOVE,
  MPOL_MF_MOVE_ALL: MPOL_MF.MPOL_MF_MOVE_ALL,
  MPOL_MF_LAZY: MPOL_MF.MPOL_MF_LAZY,
} as const;
export const MODE_FLAG_NAMES = {
  MPOL_F_STATIC_NODES,
  MPOL_F_RELATIVE_NODES,
  MPOL_F_NUMA_BALANCING,
} as const;

/**
 * A value as an error quotes it (`cut`: one valibot has already written out), cut short: a
 * 900,000-character op name makes a one-line message, not a line a megabyte wide.
 */
const cut = (text: string) =>
  text.length <= 60 ? text : `${text.slice(0, 56)}…" (${text.length - 2} characters)`;
const quoted = (value: unknown) => cut(JSON.stringify(value) ?? String(value));

const int = (what: string, min: number, max: number) =>
  v.pipe(
    v.number(`${what} must be a number`),
    v.integer(`${what} must be a whole number`),
    v.minValue(min, `${what} must be at least ${min}`),
    v.maxValue(max, `${what} must be at most ${max}`),
  );

// v.lazy picks the schema by the input's type, so an error inside (a bad flag name) keeps its path.
// Twelve hex digits at most after any leading zeros ("0x00007f0000010000", as printf's %016lx
// writes it), in either case.
const HEX = /^0[xX][0-9a-fA-F]+$/;
const address = v.lazy((input) =>
  typeof input === "string"
    ? v.pipe(
        v.string(),
        v.regex(HEX, `address must be a hex string like "0x7f0000000000", not ${quoted(input)}`),
        // Only for a hex string: one that is not has been told so already.
        v.check(
          (s) => !HEX.test(s) || /^0[xX]0*[0-9a-fA-F]{1,12}$/.test(s),
          `address ${quoted(input)} is past the user address space (below 0x800000000000)`,
        ),
        v.transform((s) => Number.parseInt(s.slice(2), 16)),
      )
    : int("address", 0, 2 ** 47),
);

const named = <T extends Record<string, number>>(names: T, what: string) =>
  v.lazy((input) =>
    typeof input === "string"
      ? v.pipe(
          v.picklist(
            Object.keys(names) as (keyof T & string)[],
            `unknown ${what} ${quoted(input)}`,
          ),
          v.transform((n) => names[n] as number),
        )
      : v.pipe(
          v.number(`${what} must be a name or a number`),
          v.integer(`${what} must be a whole number`),
        ),
  );

const flagList = <T extends Record<string, number>>(names: T, what: string, max = 2 ** 31 - 1) =>
  v.lazy((input) =>
    Array.isArray(input)
      ? v.pipe(
          v.array(v.picklist(Object.keys(names), (i) => `unknown ${what} ${i.received}`)),
          v.transform((a) => a.reduce((acc, n) => acc | (names[n] as number), 0)),
        )
      : int(`${what}s (an array of names or a number)`, 0, max),
  );

const nodeList = v.pipe(
  v.array(int("node id", 0, 65535), "nodes must be an array of node ids"),
  v.maxLength(1024, "at most 1024 node ids"),
);
const pages = int("pages", 1, LIMITS.pagesPerOp);
const tid = int("tid", 0, LIMITS.pidMax);

/** Lecture notes for one system call, shown beside the narration (optional; not run). */
const note = v.optional(
  v.pipe(
    v.string("note must be a string"),
    v.maxLength(LIMITS.noteLength, `note is at most ${LIMITS.noteLength} characters`),
  ),
);
const range = { tid, addr: address, pages };
const pageOp = <T extends string>(op: T) => v.object({ op: v.literal(op), note, ...range });

const policyFields = {
  tid,
  mode: named(MODE_NAMES, "mode"),
  modeFlags: v.optional(flagList(MODE_FLAG_NAMES, "mode flag"), 0),
  nodes: v.optional(nodeList, []),
  /** An unsigned long in C; past PAGE_SIZE * 8 + 1 get_nodes() refuses any mask, so 2^32 is plenty. */
  maxnode: v.optional(int("maxnode", 0, 2 ** 32 - 1)),
};

export const stepSchema = v.variant(
  "op",
  [
    v.object({
      op: v.literal("mmap"),
      note,
      ...range,
      backing: v.optional(
        v.picklist(["anon", "file"], (i) => `backing must be "anon" or "file", not ${i.received}`),
        "anon",
      ),
      file: v.optional(
        v.object({
          path: v.pipe(
            v.string("file.path must be a string"),
            v.minLength(1, "file.path must not be empty"),
            v.maxLength(200, "file.path is at most 200 characters"),
          ),
          migratepage: v.optional(v.boolean("file.migratepage must be true or false"), true),
        }),
      ),
      thp: v.optional(v.boolean("thp must be true or false"), false),
    }),
    v.object({ op: v.literal("munmap"), note, ...range }),
    v.object({
      op: v.literal("touch"),
      note,
      ...range,
      // A touch that says nothing is a write: the first touch that pulls a page local (RFC 07/26).
      access: v.optional(
        v.picklist(["read", "write"], (i) => `access must be "read" or "write", not ${i.received}`),
        "write",
      ),
    }),
    v.object({
      op: v.literal("mbind"),
      note,
      ...policyFields,
      addr: address,
      pages: v.optional(pages),
      len: v.optional(int("len", 0, 2 ** 47)),
      // mbind takes its flags as an unsigned int: any of its 32 bits can be tried.
      flags: v.optional(flagList(FLAG_NAMES, "flag", 2 ** 32 - 1), 0),
    }),
    v.object({ op: v.literal("set_mempolicy"), note, ...policyFields }),
    v.object({
      op: v.literal("fork"),
      note,
      tid,
      child: v.object({
        pid: int("child.pid", 1, LIMITS.pidMax),
        tid,
        cpu: int("child.cpu", 0, LIMITS.cpus - 1),
      }),
    }),
    v.object({
      op: v.literal("sched_setaffinity"),
      note,
      tid,
      cpu: int("cpu", 0, LIMITS.cpus - 1),
    }),
    v.object({ op: v.literal("lru_add_drain"), note, tid }),
    v.object({ op: v.literal("tick"), note, ms: int("ms", 1, LIMITS.tickMs) }),
    pageOp("ksm_merge"),
    pageOp("writeback"),
    pageOp("end_writeback"),
    pageOp("lock_page"),
    pageOp("unlock_page"),
    pageOp("get_page"),
    pageOp("put_page"),
  ],
  // Valibot reports a step that is no object at the step (no path), and a missing or unknown op
  // at its `op`.
  (i) => {
    if (!i.path?.length) return `a step is an object ({ "op": ... }), not ${kindOf(i.input)}`;
    return i.received === "undefined" ? "required, but missing" : `unknown op ${cut(i.received)}`;
  },
);

/** "an array", "a string", "null": what a value is, for a message. */
export function kindOf(x: unknown): string {
  if (Array.isArray(x)) return "an array";
  if (x === null) return "null";
  return `a ${typeof x}`;
}

export const scenarioSchema = v.object({
  version: v.literal(1, (i) => `version must be 1, not ${i.received}`),
  kernel: v.optional(
    v.picklist(
      KERNELS,
      (i) => `kernel must be ${KERNELS.map((n) => `"${n}"`).join(" or ")}, not ${cut(i.received)}`,
    ),
    "rfc-2012",
  ),
  title: v.optional(
    v.pipe(
      v.string("title must be a string"),
      v.maxLength(LIMITS.titleLength, `title is at most ${LIMITS.titleLength} characters`),
    ),
    "Untitled scenario",
  ),
  /** What the lesson teaches: a paragraph shown with the narration (optional). */
  description: v.optional(
    v.pipe(
      v.string("description must be a string"),
      v.maxLength(
        LIMITS.descriptionLength,
        `description is at most ${LIMITS.descriptionLength} characters`,
      ),
    ),
  ),
  machine: v.object({
    nodes: v.pipe(
      v.array(
        v.object({
          cpus: v.array(int("cpu", 0, LIMITS.cpus - 1), "cpus must be an array of cpu ids"),
          frames: int("frames", 1, LIMITS.totalFrames),
        }),
        "nodes must be an array",
      ),
      v.minLength(1, "a machine needs at least one node"),
      v.maxLength(LIMITS.nodes, `at most ${LIMITS.nodes} nodes (the limit)`),
    ),
    distances: v.optional(v.array(v.array(int("distance", 10, 254)), "distances must be a matrix")),
    swapSlots: v.optional(int("swapSlots", 0, LIMITS.swapSlots), 0),
    thpPages: v.optional(int("thpPages", 2, LIMITS.thpPages), 8),
    numa_balancing_scan_delay_ms: v.optional(int("numa_balancing_scan_delay_ms", 0, LIMITS.tickMs)),
    numa_balancing_scan_period_min_ms: v.optional(
      int("numa_balancing_scan_period_min_ms", 10, LIMITS.tickMs),
    ),
    numa_balancing_scan_size_mb: v.optional(int("numa_balancing_scan_size_mb", 1, 65_536)),
  }),
  processes: v.pipe(
    v.array(
      v.object({
        pid: int("pid", 1, LIMITS.pidMax),
        comm: v.optional(
          v.pipe(
            v.string("comm must be a string"),
            v.maxLength(15, "comm is at most 15 characters (TASK_COMM_LEN)"),
          ),
          "task",
        ),
        capSysNice: v.optional(v.boolean("capSysNice must be true or false"), false),
        threads: v.pipe(
          v.array(v.object({ tid, cpu: int("cpu", 0, LIMITS.cpus - 1) })),
          v.minLength(1, "a process needs at least one thread"),
          v.maxLength(
            LIMITS.threadsPerProcess,
            `at most ${LIMITS.threadsPerProcess} threads (the limit)`,
          ),
        ),
      }),
      "processes must be an array",
    ),
    v.maxLength(LIMITS.processes, `at most ${LIMITS.processes} processes (the limit)`),
  ),
  steps: v.pipe(
    v.array(stepSchema, "steps must be an array"),
    v.maxLength(LIMITS.steps, `at most ${LIMITS.steps} steps (the limit)`),
  ),
});

export type RawScenario = v.InferOutput<typeof scenarioSchema>;
export type RawStep = v.InferOutput<typeof stepSchema>;
