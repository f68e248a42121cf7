/**
 * Memory accesses of a `touch`, counted local or remote and weighted by the SLIT distance: a
 * teaching measure of what a placement costs, which the compare view charts.
 *
 * Model only. The kernel has no per-access counter: numa_hit / numa_local (mm/vmstat.c
 * zone_statistics(), numastat) count page *allocations*, by where a page was allocated against
 * where it was wanted, not the loads and stores that reach it afterwards. Real accesses are
 * counted by the CPU's performance monitoring unit and sampled by perf (`perf mem record`, or
 * events such as Intel's mem_load_l3_miss_retired.local_dram / .remote_dram); this counter plays
 * that part, exactly, one access per page a touch reaches. So it is kept apart from /proc/vmstat
 * and numastat: the CLI never prints it, and the UI shows it under its own names.
 *
 * An access is counted when it can complete: when the thread's PTE for the page is present (not
 * PROT_NONE) and, for a write, writable. A touch that faults is counted in the frame whose
 * mapping lets it through (the migrated page's node, after a lazy migration), not at the fault.
 */
import type { Thread, Vpn } from "./types.ts";
import { counterCount } from "./vmstat_names.ts";

/** The counters' names as the UI lists them, after the vmstat and numastat ones. */
export const ACCESS_NAMES = [
  "model local_accesses",
  "model remote_accesses",
  "model access_distance",
] as const;

export interface AccessStat {
  local: number;
  remote: number;
  /** Sum of the SLIT distance (10 = local) of every access: its relative cost. */
  distance: number;
  /**
   * The access a touch is making, until a frame shows it mapped (see account_access): its thread
   * (null: none pending), page and kind. Fields, not an object: a touch sets them once a page.
   */
  thread: Thread | null;
  vpn: Vpn;
  write: boolean;
  /**
   * The pending access's PTE may have changed since account_access last found it could not
   * complete (set by start_access and set_pte_at). Whether it can complete depends on that PTE
   * alone, so emit() skips the page-table lookup in the frames of a fault that have not
   * touched it.
   */
  recheck: boolean;
}

export function createAccessStat(): AccessStat {
  return {
    local: 0,
    remote: 0,
    distance: 0,
    thread: null,
    vpn: 0 as Vpn,
    write: false,
    recheck: false,
  };
}

/** A touch is about to access `vpn` (cleared by account_access, or by the touch after its fault). */
export function start_access(
  k: { readonly access: AccessStat },
  t: Thread | null,
  vpn: Vpn,
  write: boolean,
): void {
  const a = k.access;
  a.thread = t;
  a.vpn = vpn;
  a.write = write;
  a.recheck = t !== null;
}

/** The parts of machine.ts's Kernel that the count reads (machine.ts imports this file). */
interface AccessKernel {
  readonly access: AccessStat;
  readonly pages: readonly ({ readonly node: number } | undefined)[];
  readonly nodes: readonly { readonly distances: readonly number[] }[];
  readonly cpuNode: ReadonlyMap<number, number>;
  readonly numa: object | null;
  readonly log: { counter(index?: number): void };
}

/**
 * account_access - count the pending access if it can now complete (model only, no kernel
 * counterpart; see the top of this file). Called by emit() before each frame and by touch()
 * after each page's fault, so an access lands in the first frame that shows its mapping.
 */
export function account_access(k: AccessKernel): void {
  const a = k.access;
  const t = a.thread;
  if (!t || !a.recheck) return;
  const pte = t.mm.ptes.get(a.vpn);
  if (pte?.kind !== "present" || pte.protnone || (a.write && !pte.writable)) {
    a.recheck = false;
    return;
  }
  a.thread = null;
  const from = k.cpuNode.get(t.cpu) ?? 0;
  const to = k.pages[pte.pfn]?.node ?? from;
  if (from === to) a.local++;
  else a.remote++;
  a.distance += k.nodes[from]?.distances[to] ?? 10;
  // Named by index (they follow counterNames), so the worker reads only these three.
  const at = counterCount(k);
  for (let i = 0; i < ACCESS_NAMES.length; i++) k.log.counter(at + i);
}

/** The counters' values, written into `out` from index `at` (no allocation: once a frame). */
export function fillAccessCounters(
  k: { readonly access: AccessStat },
  out: Float64Array,
  at: number,
): void {
  out[at] = k.access.local;
  out[at + 1] = k.access.remote;
  out[at + 2] = k.access.distance;
}
