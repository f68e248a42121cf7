/**
 * What the model runs: a scenario, version 1, after validation (src/scenario/parse.ts) with every
 * default filled in, addresses as numbers and names turned into the kernel's numbers.
 * It lives here so the model depends on nothing outside src/kernel.
 */

/** Which kernel the model follows: Linux 3.3 + the MPOL_MF_LAZY RFC (2012), or Linux 6.1 LTS. */
export const KERNELS = ["rfc-2012", "mainline"] as const;
export type KernelName = (typeof KERNELS)[number];
export const DEFAULT_KERNEL: KernelName = "rfc-2012";

/**
 * Automatic NUMA balancing settings (mainline only), named after 6.1's knobs (in debugfs, under
 * /sys/kernel/debug/sched/numa_balancing/). Absent means 6.1's default (src/kernel/mainline/state.ts).
 */
export interface NumaBalancingSettings {
  readonly numa_balancing_scan_delay_ms?: number;
  readonly numa_balancing_scan_period_min_ms?: number;
  readonly numa_balancing_scan_size_mb?: number;
}

export interface ScenarioMachine extends NumaBalancingSettings {
  readonly nodes: readonly { readonly cpus: readonly number[]; readonly frames: number }[];
  readonly distances: readonly (readonly number[])[];
  readonly swapSlots: number;
  readonly thpPages: number;
}

export interface ScenarioThread {
  readonly tid: number;
  readonly cpu: number;
}

export interface ScenarioProcess {
  readonly pid: number;
  readonly comm: string;
  readonly capSysNice: boolean;
  readonly threads: readonly ScenarioThread[];
}

/** Operations that put pages into the states migrate_pages_unmap_only() tests. */
export const PAGE_OPS = [
  "ksm_merge",
  "writeback",
  "end_writeback",
  "lock_page",
  "unlock_page",
  "get_page",
  "put_page",
] as const;
export type PageOp = (typeof PAGE_OPS)[number];

/** A range of pages starting at a byte address. */
interface RangeOp {
  readonly tid: number;
  readonly addr: number;
  readonly pages: number;
}

export type Step =
  | (RangeOp & {
      readonly op: "mmap";
      readonly backing: "anon" | "file";
      readonly file: { readonly path: string; readonly migratepage: boolean } | null;
      readonly thp: boolean;
    })
  | (RangeOp & { readonly op: "munmap" })
  | (RangeOp & { readonly op: "touch"; readonly access: "read" | "write" })
  | {
      readonly op: "mbind";
      readonly tid: number;
      readonly addr: number;
      /** Length in bytes (from `len`, or `pages` * 4096). */
      readonly len: number;
      readonly mode: number;
      readonly modeFlags: number;
      readonly nodes: readonly number[];
      /** The syscall's maxnode; absent, one that reads every node listed. */
      readonly maxnode?: number;
      readonly flags: number;
    }
  | {
      readonly op: "set_mempolicy";
      readonly tid: number;
      readonly mode: number;
      readonly modeFlags: number;
      readonly nodes: readonly number[];
      readonly maxnode?: number;
    }
  | {
      readonly op: "fork";
      readonly tid: number;
      readonly child: { readonly pid: number; readonly tid: number; readonly cpu: number };
    }
  | { readonly op: "sched_setaffinity"; readonly tid: number; readonly cpu: number }
  | { readonly op: "lru_add_drain"; readonly tid: number }
  /** Let `ms` milliseconds pass (mainline: automatic NUMA balancing scans on schedule). */
  | { readonly op: "tick"; readonly ms: number }
  | (RangeOp & { readonly op: PageOp });

export type StepOp = Step["op"];

export interface Scenario {
  readonly version: 1;
  /** Absent means DEFAULT_KERNEL. */
  readonly kernel?: KernelName;
  readonly title: string;
  readonly machine: ScenarioMachine;
  readonly processes: readonly ScenarioProcess[];
  readonly steps: readonly Step[];
}
