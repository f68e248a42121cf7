/**
 * What Linux 6.1 keeps for automatic NUMA balancing that the RFC kernel has no place for: the clock
 * the scanner runs on, each mm's scan position, each page's last_cpupid, and the numa_* events.
 *
 * @see kernel/sched/fair.c (6.1) init_numa_balancing(), task_numa_work(); include/linux/mm_types.h
 *      mm->numa_next_scan, numa_scan_offset, numa_scan_seq; include/linux/mm.h
 *      page_cpupid_xchg_last(); mm/vmstat.c NUMA_PTE_UPDATES, NUMA_HINT_FAULTS,
 *      NUMA_HINT_FAULTS_LOCAL, NUMA_PAGE_MIGRATE ("numa_pages_migrated").
 * The clock is wall time in milliseconds, advanced only by a scenario's tick steps: the kernel
 * scans on each task's run time, and the model assumes every task runs all the time.
 */
import type { NumaBalancingSettings } from "../scenario.ts";
import type { Cpu, NodeId, Pfn, Pid, Tid, Vpn } from "../types.ts";

/** 6.1's defaults: sysctl_numa_balancing_scan_delay (1000 ms), _period_min (1000), _size (256). */
const NUMA_BALANCING_DEFAULTS = {
  numa_balancing_scan_delay_ms: 1000,
  numa_balancing_scan_period_min_ms: 1000,
  numa_balancing_scan_size_mb: 256,
} as const satisfies Required<NumaBalancingSettings>;

/** A page's last_cpupid: who took the last hinting fault on it, from which CPU and node. */
export interface Cpupid {
  readonly cpu: Cpu;
  readonly pid: Tid;
  readonly nid: NodeId;
}

export interface MmNumaScan {
  /** mm->numa_next_scan: no scan before this time (ms). */
  nextScan: number;
  /** mm->numa_scan_offset: where the next scan window starts. */
  offset: Vpn;
  /** mm->numa_scan_seq: full passes over the address space so far. */
  seq: number;
}

export interface NumaEvents {
  numa_pte_updates: number;
  numa_hint_faults: number;
  numa_hint_faults_local: number;
  numa_pages_migrated: number;
}

export interface NumaBalancing {
  readonly settings: Required<NumaBalancingSettings>;
  /** Milliseconds since the scenario began. */
  now: number;
  readonly mm: Map<Pid, MmNumaScan>;
  readonly lastCpupid: Map<Pfn, Cpupid>;
  readonly events: NumaEvents;
}

export function createNumaBalancing(settings: NumaBalancingSettings): NumaBalancing {
  return {
    settings: { ...NUMA_BALANCING_DEFAULTS, ...settings },
    now: 0,
    mm: new Map(),
    lastCpupid: new Map(),
    events: {
      numa_pte_updates: 0,
      numa_hint_faults: 0,
      numa_hint_faults_local: 0,
      numa_pages_migrated: 0,
    },
  };
}
