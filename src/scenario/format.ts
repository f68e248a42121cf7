/**
 * Scenario format, version 1: the model's input types (defined beside the model, in
 * src/kernel/scenario.ts) and the limits every file, paste or URL is held to.
 */
export type {
  KernelName,
  PageOp,
  Scenario,
  ScenarioMachine,
  ScenarioProcess,
  ScenarioThread,
  Step,
  StepOp,
} from "../kernel/scenario.ts";
export { KERNELS, PAGE_OPS } from "../kernel/scenario.ts";
/** A scenario's addresses and lengths are in bytes, its pages this size. */
export { PAGE_SIZE } from "../kernel/types.ts";

import { KERNELS, type KernelName } from "../kernel/scenario.ts";

/**
 * How each kernel is named: `name` on the switch and in the compare view's run labels, `short`
 * where room is scarce (the presentation header), `words` inside a sentence (the handout), `hint`
 * what it does, in one line.
 */
export const KERNEL_NAMES: Readonly<
  Record<KernelName, { name: string; short: string; words: string; hint: string }>
> = {
  "rfc-2012": {
    name: "RFC 2012 (3.3 + MPOL_MF_LAZY)",
    short: "RFC 2012",
    words: "the RFC kernel (3.3 with MPOL_MF_LAZY)",
    hint: "Linux 3.3 with the MPOL_MF_LAZY patch series: a lazy mbind unmaps, the next touch migrates",
  },
  mainline: {
    name: "Linux 6.1 (mainline)",
    short: "Linux 6.1",
    words: "Linux 6.1",
    hint: "Linux 6.1 LTS: MPOL_MF_LAZY is -EINVAL; automatic NUMA balancing moves pages on hinting faults as time passes",
  },
};

/** The kernel a raw scenario asks for (absent, or not a kernel's name, means the RFC's). */
export function kernelOf(scenario: unknown): KernelName {
  const k = (scenario as { kernel?: unknown } | null)?.kernel;
  return KERNELS.find((n) => n === k) ?? "rfc-2012";
}

/**
 * `scenario` under `kernel`. The RFC's kernel is the default: its field is left out, so a lesson
 * stays a lesson (share links name it instead of carrying its JSON).
 */
export function withKernel(scenario: unknown, kernel: KernelName): unknown {
  if (!scenario || typeof scenario !== "object") return scenario;
  const { kernel: _, ...rest } = scenario as { kernel?: unknown };
  if (kernel === "rfc-2012") return rest;
  // Right after "version", where the 6.1 lessons have it: lessons are matched by their JSON,
  // key order included, so a 6.1 lesson switched to the RFC and back is that lesson again.
  const out: Record<string, unknown> = {};
  if ("version" in rest) out.version = rest.version;
  out.kernel = kernel;
  return Object.assign(out, rest);
}

/** Documented limits, so that a hostile file or URL cannot exhaust memory. */
export const LIMITS = {
  nodes: 64,
  cpus: 1024,
  totalFrames: 1_048_576,
  swapSlots: 1_048_576,
  steps: 100_000,
  processes: 1024,
  threadsPerProcess: 256,
  pagesPerOp: 1_048_576,
  /**
   * Page-table entries forks copy, in all (each fork: the pages its parent has mapped). About
   * 180 bytes each in the model: 14 forks of a million-page process took 3 GB.
   */
  forkedPtes: 1_048_576,
  /** include/linux/threads.h PID_MAX_LIMIT on 64-bit: the largest pid or tid. */
  pidMax: 4_194_304,
  thpPages: 512,
  /** User addresses stay below 2^47 (x86-64 TASK_SIZE). */
  addressLimit: 2 ** 47,
  titleLength: 200,
  descriptionLength: 2000,
  noteLength: 1000,
  /** One tick step lets at most 10 minutes pass. */
  tickMs: 600_000,
} as const;
