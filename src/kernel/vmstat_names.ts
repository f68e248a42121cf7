/**
 * The counters of /proc/vmstat and numastat: their names, and where each sits in the flat list the
 * CLI prints and the worker sends (counterNames). Accounting is in vmstat.ts, reading in
 * vmstat_read.ts.
 *
 * @see mm/vmstat.c (vmstat_text), include/linux/mmzone.h enum zone_stat_item,
 *      include/linux/vm_event_item.h.
 */
import type { PageStruct } from "./types.ts";

/** Event counters of /proc/vmstat that the model increments (the rest are computed from state). */
export interface VmEvents {
  pgfault: number;
  pgmajfault: number;
  pgmigrate_success: number;
  pgmigrate_fail: number;
  thp_split: number;
  pswpin: number;
  pswpout: number;
}

/** Per-node counters of /sys/devices/system/node/nodeN/numastat, plus NR_ISOLATED_*. */
export interface NodeStat {
  numa_hit: number;
  numa_miss: number;
  numa_foreign: number;
  interleave_hit: number;
  local_node: number;
  other_node: number;
  nr_isolated_anon: number;
  nr_isolated_file: number;
}

/** 6.1's automatic NUMA balancing events (src/kernel/mainline), under the mainline kernel only. */
export const NUMA_BALANCING_NAMES = [
  "numa_pte_updates",
  "numa_hint_faults",
  "numa_hint_faults_local",
  "numa_pages_migrated",
] as const;

/** What the counters are read from: the parts of machine.ts's Kernel that vmstat needs. */
export interface CountedKernel {
  /** Mainline only: the NUMA balancing events (mainline/state.ts). */
  readonly numa: {
    readonly events: Readonly<Record<(typeof NUMA_BALANCING_NAMES)[number], number>>;
  } | null;
  readonly nodes: readonly unknown[];
  /** mem_map: a pfn with no struct page yet is free and pristine (mem_map.ts). */
  readonly pages: readonly (PageStruct | undefined)[];
  readonly free: readonly (readonly unknown[])[];
  readonly events: VmEvents;
  readonly nodeStat: readonly NodeStat[];
  readonly zoneStat: readonly ZoneCounters[];
  readonly pageShare: Uint32Array;
  /** Told which counter (an index into counterNames) each change touches. */
  readonly log: { counter(index?: number): void };
}

/** The /proc/vmstat lines the model keeps, in the order the Counters panel shows them. */
export const VMSTAT_NAMES = [
  "nr_free_pages",
  "nr_inactive_anon",
  "nr_active_anon",
  "nr_inactive_file",
  "nr_active_file",
  "nr_isolated_anon",
  "nr_isolated_file",
  "nr_anon_pages",
  "nr_anon_transparent_hugepages",
  "nr_mapped",
  "nr_file_pages",
  "nr_swapcache",
  "numa_hit",
  "numa_miss",
  "numa_foreign",
  "numa_interleave",
  "numa_local",
  "numa_other",
  "pgfault",
  "pgmajfault",
  "pgmigrate_success",
  "pgmigrate_fail",
  "thp_split",
] as const;
export type VmstatName = (typeof VMSTAT_NAMES)[number];

/** The lines of /sys/devices/system/node/nodeN/numastat, after the node's free frames. */
export const NODESTAT_NAMES = [
  "free",
  "numa_hit",
  "numa_miss",
  "numa_foreign",
  "interleave_hit",
  "local_node",
  "other_node",
] as const;

export type NodestatName = (typeof NODESTAT_NAMES)[number];

/** Page-derived zone counters (enum zone_stat_item), as indexes of a node's `ZoneCounters`. */
export const Z = {
  inactive_anon: 0,
  active_anon: 1,
  inactive_file: 2,
  active_file: 3,
  anon: 4,
  thp: 5,
  mapped: 6,
  file_pages: 7,
  swapcache: 8,
} as const;
export const NR_ZONE_ITEMS = 9;
export type ZoneCounters = Int32Array;

export function createZoneCounters(): ZoneCounters {
  return new Int32Array(NR_ZONE_ITEMS);
}

/** Where counterNames puts each /proc/vmstat line (they come first, in VMSTAT_NAMES order). */
export const VMSTAT_INDEX = Object.fromEntries(VMSTAT_NAMES.map((name, i) => [name, i])) as Record<
  VmstatName,
  number
>;

/** The /proc/vmstat line of each zone item (Z), as its index in counterNames. */
export const ZONE_LINE: readonly number[] = (
  [
    "nr_inactive_anon",
    "nr_active_anon",
    "nr_inactive_file",
    "nr_active_file",
    "nr_anon_pages",
    "nr_anon_transparent_hugepages",
    "nr_mapped",
    "nr_file_pages",
    "nr_swapcache",
  ] as const
).map((name) => VMSTAT_INDEX[name]);

/** How many counters counterNames lists (the projection appends the model-only ones after). */
export function counterCount(k: {
  readonly numa: object | null;
  readonly nodes: readonly unknown[];
}): number {
  const numaEvents = k.numa ? NUMA_BALANCING_NAMES.length : 0;
  return VMSTAT_NAMES.length + numaEvents + k.nodes.length * NODESTAT_NAMES.length;
}

/** Each numastat line's place within a node's lines. */
export const NODESTAT_LINE = Object.fromEntries(
  NODESTAT_NAMES.map((name, i) => [name, i]),
) as Record<(typeof NODESTAT_NAMES)[number], number>;

/**
 * Where counterNames puts line `line` (a NODESTAT_LINE value) of node `node`'s numastat. The
 * caller names the line (`NODESTAT_LINE.free`): looking it up here by a name that varies was a
 * keyed property access on the path of every allocation.
 */
export function nodestatIndex(k: Pick<CountedKernel, "numa">, node: number, line: number): number {
  const first = VMSTAT_NAMES.length + (k.numa ? NUMA_BALANCING_NAMES.length : 0);
  return first + node * NODESTAT_NAMES.length + line;
}

/** Every counter as one flat list: vmstat, then each node's numastat as "nodeN name". */
export function counterNames(nodes: number, numaBalancing = false): string[] {
  const out: string[] = [...VMSTAT_NAMES, ...(numaBalancing ? NUMA_BALANCING_NAMES : [])];
  for (let n = 0; n < nodes; n++) for (const s of NODESTAT_NAMES) out.push(`node${n} ${s}`);
  return out;
}
