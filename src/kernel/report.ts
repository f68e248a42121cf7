/**
 * What the CLI's --json prints and tests compare: the end state in /proc terms.
 *
 * vmstat follows /proc/vmstat names (3.3 plus 3.8's pgmigrate_success / pgmigrate_fail); `nodes`
 * follows /sys/devices/system/node/nodeN/numastat; `pages` lists every page of every VMA of every
 * process, by pid then address.
 */
import type { Kernel } from "./machine.ts";
import { addrOf } from "./pgtable.ts";
import type { StepResult } from "./run.ts";
import { type PageStruct, PG, type Vpn } from "./types.ts";
import type { NodeStat } from "./vmstat_names.ts";
import { numastat, vmstat } from "./vmstat_read.ts";

export interface PageReport {
  pid: number;
  addr: string;
  pte: "none" | "present" | "swap" | "migration";
  node: number | null;
  pfn: number | null;
  swapcache: boolean;
}

/** The numastat file of one node, plus its free frames. */
export type NodeReport = { node: number; free: number } & Omit<
  NodeStat,
  "nr_isolated_anon" | "nr_isolated_file"
>;

export interface Report {
  frames: number;
  steps: StepResult[];
  pages: PageReport[];
  vmstat: Record<string, number>;
  nodes: NodeReport[];
  swap: { slots: number; used: number };
}

function pagesReport(k: Kernel): PageReport[] {
  return [...eachPageReport(k)];
}

/**
 * Every page of every VMA of every process, by pid then address, one at a time: the CLI writes a
 * run of millions of pages out as it goes (as one string, four million pages were over V8's
 * limit on a string's length).
 */
export function* eachPageReport(k: Kernel): Generator<PageReport> {
  const mms = [...k.mms.values()].sort((a, b) => a.pid - b.pid);
  for (const mm of mms) {
    for (const vma of mm.vmas) {
      for (let vpn = vma.start; vpn < vma.end; vpn++) {
        const pte = mm.ptes.get(vpn as Vpn);
        let page: PageStruct | null = null;
        if (pte?.kind === "present" || pte?.kind === "migration") page = k.pages[pte.pfn] ?? null;
        if (pte?.kind === "swap") {
          const pfn = k.swap.cache[pte.slot] ?? -1;
          page = pfn >= 0 ? (k.pages[pfn] ?? null) : null;
        }
        yield {
          pid: mm.pid,
          addr: addrOf(vpn),
          pte: pte?.kind ?? "none",
          node: page ? page.node : null,
          pfn: page ? page.pfn : null,
          swapcache: page ? (page.flags & PG.swapcache) !== 0 : false,
        };
      }
    }
  }
}

export function nodesReport(k: Kernel): NodeReport[] {
  return k.nodes.map((n) => ({ node: n.id, ...numastat(k, n.id) }));
}

export function report(k: Kernel, frames: number, steps: StepResult[]): Report {
  return {
    frames,
    steps,
    pages: pagesReport(k),
    vmstat: vmstat(k),
    nodes: nodesReport(k),
    swap: { slots: k.swap.slots, used: k.swap.used },
  };
}
