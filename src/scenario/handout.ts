/**
 * A handout of a run, as Markdown: each system call with its return value and lecture note, then
 * the frames it produced with their narration, so a student can read the lesson away from the app.
 * Pure formatting over plain data: the CLI (`--handout`) and the app's export build the same text.
 */
import { KERNEL_NAMES, type KernelName, kernelOf } from "./format.ts";

export interface HandoutFrame {
  readonly fn: string;
  readonly file: string;
  readonly text: string;
}

export interface HandoutStep {
  /** The call as a scenario step (op, tid, addr, mode, flags, ...). */
  readonly step: Readonly<Record<string, unknown>>;
  readonly ret: string | number;
  readonly note?: string | undefined;
  /** Global number of the step's first frame (frames count from 1). */
  readonly firstFrame: number;
  readonly frames: readonly HandoutFrame[];
}

export interface HandoutRun {
  readonly title: string;
  readonly description?: string | undefined;
  readonly kernel?: string | undefined;
  /**
   * The kernel a lesson's notes were written for, when the run is on the other one (a lesson
   * switched kernels: library.ts notesWrittenFor); the handout warns above them.
   */
  readonly notesFor?: KernelName | null | undefined;
  readonly steps: readonly HandoutStep[];
}

export interface HandoutOptions {
  /** Frames listed per call before the rest are summed up (a touch of 16,384 pages is long). */
  readonly framesPerStep?: number;
}

const hexOr = (v: unknown): string =>
  typeof v === "number" ? `0x${v.toString(16)}` : typeof v === "string" ? v : "?";

const list = (v: unknown): string => (Array.isArray(v) ? v.join(",") : String(v ?? ""));

/** "1 page", "3 pages" (a count from a scenario step, which may be a string). */
export const pagesText = (n: unknown): string => `${n} page${String(n) === "1" ? "" : "s"}`;

const maxnode = (s: Readonly<Record<string, unknown>>) =>
  s.maxnode === undefined ? "" : `, maxnode ${s.maxnode}`;

/** The call the way a C programmer would write it, from a scenario step. */
export function callText(s: Readonly<Record<string, unknown>>): string {
  const range = () =>
    `${hexOr(s.addr)}, ${s.pages !== undefined ? pagesText(s.pages) : `${s.len} bytes`}`;
  // Mode flags travel inside the mode argument, as in C: MPOL_BIND|MPOL_F_NUMA_BALANCING.
  const mode = () =>
    [s.mode, ...(Array.isArray(s.modeFlags) ? s.modeFlags : [])].map(String).join("|");
  switch (s.op) {
    case "mbind": {
      const flags = Array.isArray(s.flags) ? s.flags.join("|") || "0" : String(s.flags ?? 0);
      return `tid ${s.tid}: mbind(${range()}, ${mode()}, {${list(s.nodes)}}${maxnode(s)}, ${flags})`;
    }
    case "set_mempolicy":
      return `tid ${s.tid}: set_mempolicy(${mode()}, {${list(s.nodes)}}${maxnode(s)})`;
    case "tick":
      return `tick: ${s.ms} ms pass`;
    case "touch":
      return `tid ${s.tid}: ${s.access ?? "write"} ${pagesText(s.pages)} at ${hexOr(s.addr)}`;
    case "fork": {
      const c = (s.child ?? {}) as Record<string, unknown>;
      return `tid ${s.tid}: fork() -> pid ${c.pid} (tid ${c.tid} on cpu ${c.cpu})`;
    }
    case "sched_setaffinity":
      return `tid ${s.tid}: sched_setaffinity(cpu ${s.cpu})`;
    case "lru_add_drain":
      return `tid ${s.tid}: lru_add_drain()`;
    case "mmap":
      return `tid ${s.tid}: mmap(${range()}, ${s.backing ?? "anon"}${s.thp ? ", THP" : ""})`;
    default:
      return `tid ${s.tid}: ${s.op}(${range()})`;
  }
}

/** The handout's Markdown text. */
export function handoutMarkdown(run: HandoutRun, opts: HandoutOptions = {}): string {
  const limit = opts.framesPerStep ?? 200;
  // A heading is one line: a title's line breaks would start a paragraph or another heading.
  const out: string[] = [`# ${run.title.replace(/\s*[\r\n]+\s*/g, " ")}`, ""];
  // Before the description, which was written for the lesson's own kernel too.
  if (run.notesFor) {
    const frames = KERNEL_NAMES[kernelOf({ kernel: run.kernel })].words;
    out.push(
      `_This lesson and its notes were written for ${KERNEL_NAMES[run.notesFor].words}; the frames below come from ${frames}, which may do otherwise._`,
      "",
    );
  }
  if (run.description) out.push(run.description, "");
  if (run.kernel) out.push(`_Kernel: ${run.kernel}._`, "");
  run.steps.forEach((s, i) => {
    // Numbered from 0 as the app numbers steps ("Call 2" in the notes, "step 2" in the trace), so
    // a student can find on screen the call the handout names.
    out.push(`## Step ${i}. \`${callText(s.step)}\` returns \`${s.ret}\``, "");
    if (s.note) out.push(...s.note.split("\n").map((l) => `> ${l}`), "");
    if (s.frames.length === 0) out.push("_No frame: nothing changed._", "");
    s.frames.slice(0, limit).forEach((f, j) => {
      out.push(`${s.firstFrame + j}. **${f.fn}** (${f.file}): ${f.text}`);
    });
    if (s.frames.length > limit) {
      out.push("", `_…and ${s.frames.length - limit} more frames of this call._`);
    }
    out.push("");
  });
  return out.join("\n");
}
