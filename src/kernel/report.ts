/**
 * What the CLI's --json prints and tests compare: the end state in /proc terms.
 *
 * vmstat follows /proc/vmstat names (3.3 plus 3.8's pgmigrate_success / pgmigrate_fail); `nodes`
 * follows /sys/devices/system/node/nodeN/numastat; `pages` lists every page of every VMA of every
 * process, by pid then address.
 */
import type { Kernel, NodeStat } from "./machine.ts";
import { freePages } from "./page_alloc.ts";
import { addrOf } from "./pgtable.ts";
import type { StepResult } from "./run.ts";
import { LruWhere, type NodeId, type PageStruct, PG, type Vpn } from "./types.ts";

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

export function pagesReport(k: Kernel): PageReport[] {
  const out: PageReport[] = [];
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
        out.push({
          pid: mm.pid,
          addr: addrOf(vpn),
          pte: pte?.kind ?? "none",
          node: page ? page.node : null,
          pfn: page ? page.pfn : null,
          swapcache: page ? (page.flags & PG.swapcache) !== 0 : false,
        });
      }
    }
  }
  return out;
}

export function vmstat(k: Kernel): Record<string, number> {
  const lists = { inactive_anon: 0, active_anon: 0, inactive_file: 0, active_file: 0 };
  let anon = 0;
  let mapped = 0;
  let file = 0;
  let swapcache = 0;
  let thp = 0;
  for (const p of k.pages) {
    if (p.count === 0) continue;
    if (p.where === LruWhere.inactive_anon) lists.inactive_anon++;
    else if (p.where === LruWhere.active_anon) lists.active_anon++;
    else if (p.where === LruWhere.inactive_file) lists.inactive_file++;
    else if (p.where === LruWhere.active_file) lists.active_file++;
    if (p.mapping?.kind === "file") {
      file++;
      if (p.mapcount > 0) mapped++;
    } else if (p.mapping && p.mapcount > 0) {
      // 3.3 counts a mapped huge page once, in NR_ANON_TRANSPARENT_HUGEPAGES, not in NR_ANON_PAGES.
      if ((p.flags & PG.head) !== 0) thp++;
      else if ((p.flags & PG.tail) === 0) anon++;
    }
    if ((p.flags & PG.swapcache) !== 0) swapcache++;
  }
  const sum = (f: keyof Kernel["nodeStat"][number]) => k.nodeStat.reduce((a, s) => a + s[f], 0);
  return {
    nr_free_pages: k.nodes.reduce((a, n) => a + freePages(k, n.id), 0),
    nr_inactive_anon: lists.inactive_anon,
    nr_active_anon: lists.active_anon,
    nr_inactive_file: lists.inactive_file,
    nr_active_file: lists.active_file,
    nr_isolated_anon: sum("nr_isolated_anon"),
    nr_isolated_file: sum("nr_isolated_file"),
    nr_anon_pages: anon,
    nr_anon_transparent_hugepages: thp,
    nr_mapped: mapped,
    nr_file_pages: file + swapcache,
    nr_swapcache: swapcache,
    numa_hit: sum("numa_hit"),
    numa_miss: sum("numa_miss"),
    numa_foreign: sum("numa_foreign"),
    numa_interleave: sum("interleave_hit"),
    numa_local: sum("local_node"),
    numa_other: sum("other_node"),
    pgfault: k.events.pgfault,
    pgmajfault: k.events.pgmajfault,
    pgmigrate_success: k.events.pgmigrate_success,
    pgmigrate_fail: k.events.pgmigrate_fail,
    thp_split: k.events.thp_split,
    // 6.1's automatic NUMA balancing events, under the mainline kernel only.
    ...(k.numa ? { ...k.numa.events } : {}),
  };
}

export function nodesReport(k: Kernel): NodeReport[] {
  return k.nodes.map((n) => {
    const {
      nr_isolated_anon: _a,
      nr_isolated_file: _f,
      ...numastat
    } = k.nodeStat[n.id] as NodeStat;
    return { node: n.id, free: freePages(k, n.id as NodeId), ...numastat };
  });
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
