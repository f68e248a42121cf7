/**
 * What the model runs: a scenario, version 1, after validation (src/scenario/parse.ts) with every
 * default filled in, addresses as numbers and names turned into the kernel's numbers.
 * It lives here so the model depends on nothing outside src/kernel.
 */

export interface ScenarioMachine {
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
      readonly flags: number;
    }
  | {
      readonly op: "set_mempolicy";
      readonly tid: number;
      readonly mode: number;
      readonly modeFlags: number;
      readonly nodes: readonly number[];
    }
  | {
      readonly op: "fork";
      readonly tid: number;
      readonly child: { readonly pid: number; readonly tid: number; readonly cpu: number };
    }
  | { readonly op: "sched_setaffinity"; readonly tid: number; readonly cpu: number }
  | { readonly op: "lru_add_drain"; readonly tid: number }
  | (RangeOp & { readonly op: PageOp });

export type StepOp = Step["op"];

export interface Scenario {
  readonly version: 1;
  readonly title: string;
  readonly machine: ScenarioMachine;
  readonly processes: readonly ScenarioProcess[];
  readonly steps: readonly Step[];
}
