/**
 * /proc/vmstat and numastat: every counter the model shows, named once, kept in the kernel.
 *
 * @see mm/vmstat.c (vmstat_text, zone_statistics), include/linux/mmzone.h enum zone_stat_item,
 *      include/linux/vmstat.h, include/linux/vm_event_item.h.
 * The kernel bumps a zone counter at each place a page changes state (add_page_to_lru_list,
 * page_add_anon_rmap, __add_to_swap_cache, ...). The model does the same thing once per frame:
 * each page the frame changed is accounted again, its old share taken off and its new share put
 * on, so the counters cannot drift from the pages. The CLI report and the worker read them here.
 * Events (pgfault, pgmigrate_*) and numastat are bumped where they happen (machine.ts holds them).
 */
import { LruWhere, type PageStruct, PG } from "./types.ts";

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
interface CountedKernel {
  /** Mainline only: the NUMA balancing events (mainline/state.ts). */
  readonly numa: {
    readonly events: Readonly<Record<(typeof NUMA_BALANCING_NAMES)[number], number>>;
  } | null;
  readonly nodes: readonly unknown[];
  readonly pages: readonly PageStruct[];
  readonly free: readonly (readonly unknown[])[];
  readonly events: VmEvents;
  readonly nodeStat: readonly NodeStat[];
  readonly zoneStat: readonly ZoneCounters[];
  readonly pageShare: Uint16Array;
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

/** Page-derived zone counters (enum zone_stat_item), as indexes of a node's `ZoneCounters`. */
const Z = {
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
const NR_ZONE_ITEMS = 9;
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
const ZONE_LINE: readonly number[] = (
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

/** Where counterNames puts line `name` of node `node`'s numastat. */
export function nodestatIndex(
  k: Pick<CountedKernel, "numa">,
  node: number,
  name: (typeof NODESTAT_NAMES)[number],
): number {
  const first = VMSTAT_NAMES.length + (k.numa ? NUMA_BALANCING_NAMES.length : 0);
  return first + node * NODESTAT_NAMES.length + NODESTAT_LINE[name];
}

/** Each numastat line's place within a node's lines. */
const NODESTAT_LINE = Object.fromEntries(NODESTAT_NAMES.map((name, i) => [name, i])) as Record<
  (typeof NODESTAT_NAMES)[number],
  number
>;

/** count_vm_events - add to a /proc/vmstat event (include/linux/vmstat.h). */
export function count_vm_events(
  k: CountedKernel,
  item: keyof VmEvents & VmstatName,
  delta = 1,
): void {
  k.events[item] += delta;
  k.log.counter(VMSTAT_INDEX[item]);
}

/** The /proc/vmstat line that sums each per-node item over the nodes. */
const NODE_ITEM_LINE: Record<keyof NodeStat, VmstatName> = {
  numa_hit: "numa_hit",
  numa_miss: "numa_miss",
  numa_foreign: "numa_foreign",
  interleave_hit: "numa_interleave",
  local_node: "numa_local",
  other_node: "numa_other",
  nr_isolated_anon: "nr_isolated_anon",
  nr_isolated_file: "nr_isolated_file",
};

/**
 * mod_node_state - add to one node's numastat or NR_ISOLATED_* item (mm/vmstat.c
 * __mod_zone_page_state / __inc_zone_state; one zone per node here).
 */
export function mod_node_state(
  k: CountedKernel & { readonly nodeStat: NodeStat[] },
  node: number,
  item: keyof NodeStat,
  delta = 1,
): void {
  const stat = k.nodeStat[node];
  if (!stat) return;
  stat[item] += delta;
  k.log.counter(VMSTAT_INDEX[NODE_ITEM_LINE[item]]);
  if (item !== "nr_isolated_anon" && item !== "nr_isolated_file") {
    k.log.counter(nodestatIndex(k, node, item));
  }
}

/** A node's free list grew or shrank: nr_free_pages and the node's numastat `free` changed. */
export function free_pages_changed(k: CountedKernel, node: number): void {
  k.log.counter(VMSTAT_INDEX.nr_free_pages);
  k.log.counter(nodestatIndex(k, node, "free"));
}

/**
 * What one page adds to its zone's counters, as a bit per item. A free page adds nothing; a
 * mapped huge page counts once, in NR_ANON_TRANSPARENT_HUGEPAGES (its head), as in 3.3.
 */
export function pageShare(p: PageStruct): number {
  if (p.count === 0) return 0;
  let share = 0;
  if (p.where >= LruWhere.inactive_anon && p.where <= LruWhere.active_file) {
    share |= 1 << (p.where - LruWhere.inactive_anon);
  }
  const file = p.mapping?.kind === "file";
  if (file) {
    share |= 1 << Z.file_pages;
    if (p.mapcount > 0) share |= 1 << Z.mapped;
  } else if (p.mapping && p.mapcount > 0) {
    if ((p.flags & PG.head) !== 0) share |= 1 << Z.thp;
    else if ((p.flags & PG.tail) === 0) share |= 1 << Z.anon;
  }
  if ((p.flags & PG.swapcache) !== 0) share |= (1 << Z.swapcache) | (1 << Z.file_pages);
  return share;
}

/**
 * Account the pages a frame changed: take each one's old share off its zone and put the new one
 * on. O(pages changed), which is what lets the counters follow every frame.
 */
export function account_pages(k: CountedKernel, pfns: readonly number[]): void {
  // Indexed, not for-of: most frames pass the shared frozen empty list, and iterating that
  // allocates an iterator in every frame.
  for (let i = 0; i < pfns.length; i++) {
    const pfn = pfns[i] as number;
    const p = k.pages[pfn] as PageStruct;
    const now = pageShare(p);
    const was = k.pageShare[pfn] as number;
    if (now === was) continue;
    k.pageShare[pfn] = now;
    const zone = k.zoneStat[p.node] as ZoneCounters;
    for (let diff = now ^ was, z = 0; diff !== 0; diff >>>= 1, z++) {
      if ((diff & 1) === 0) continue;
      zone[z] = (zone[z] as number) + ((now >>> z) & 1 ? 1 : -1);
      k.log.counter(ZONE_LINE[z]);
    }
  }
}

/** The same counters counted from scratch, for the invariant checker. */
export function recount_zone_counters(k: CountedKernel): ZoneCounters[] {
  const zones = k.nodes.map(() => createZoneCounters());
  for (const p of k.pages) {
    const share = pageShare(p);
    const zone = zones[p.node] as ZoneCounters;
    for (let i = 0; i < NR_ZONE_ITEMS; i++)
      if ((share >>> i) & 1) zone[i] = (zone[i] as number) + 1;
  }
  return zones;
}

const zone = (k: CountedKernel, i: number): number => {
  let n = 0;
  for (const z of k.zoneStat) n += z[i] as number;
  return n;
};
const numa = (k: CountedKernel, f: keyof CountedKernel["nodeStat"][number]): number => {
  let n = 0;
  for (const s of k.nodeStat) n += s[f];
  return n;
};

/** How each /proc/vmstat line is read: zone counters and numastat summed over nodes, events. */
const VMSTAT_READ: Record<VmstatName, (k: CountedKernel) => number> = {
  nr_free_pages: (k) => k.free.reduce((a, f) => a + f.length, 0),
  nr_inactive_anon: (k) => zone(k, Z.inactive_anon),
  nr_active_anon: (k) => zone(k, Z.active_anon),
  nr_inactive_file: (k) => zone(k, Z.inactive_file),
  nr_active_file: (k) => zone(k, Z.active_file),
  nr_isolated_anon: (k) => numa(k, "nr_isolated_anon"),
  nr_isolated_file: (k) => numa(k, "nr_isolated_file"),
  nr_anon_pages: (k) => zone(k, Z.anon),
  nr_anon_transparent_hugepages: (k) => zone(k, Z.thp),
  nr_mapped: (k) => zone(k, Z.mapped),
  nr_file_pages: (k) => zone(k, Z.file_pages),
  nr_swapcache: (k) => zone(k, Z.swapcache),
  numa_hit: (k) => numa(k, "numa_hit"),
  numa_miss: (k) => numa(k, "numa_miss"),
  numa_foreign: (k) => numa(k, "numa_foreign"),
  numa_interleave: (k) => numa(k, "interleave_hit"),
  numa_local: (k) => numa(k, "local_node"),
  numa_other: (k) => numa(k, "other_node"),
  pgfault: (k) => k.events.pgfault,
  pgmajfault: (k) => k.events.pgmajfault,
  pgmigrate_success: (k) => k.events.pgmigrate_success,
  pgmigrate_fail: (k) => k.events.pgmigrate_fail,
  thp_split: (k) => k.events.thp_split,
};

/** /proc/vmstat as the model keeps it (with the numa_* balancing events under mainline). */
export function vmstat(k: CountedKernel): Record<VmstatName, number> & Record<string, number> {
  const out = {} as Record<VmstatName, number> & Record<string, number>;
  for (const name of VMSTAT_NAMES) out[name] = VMSTAT_READ[name](k);
  if (k.numa) for (const name of NUMA_BALANCING_NAMES) out[name] = k.numa.events[name];
  return out;
}

type NodestatName = (typeof NODESTAT_NAMES)[number];

/** How each numastat line of one node is read (free frames first). */
const NODESTAT_READ: Record<NodestatName, (k: CountedKernel, node: number) => number> = {
  free: (k, n) => k.free[n]?.length ?? 0,
  numa_hit: (k, n) => k.nodeStat[n]?.numa_hit ?? 0,
  numa_miss: (k, n) => k.nodeStat[n]?.numa_miss ?? 0,
  numa_foreign: (k, n) => k.nodeStat[n]?.numa_foreign ?? 0,
  interleave_hit: (k, n) => k.nodeStat[n]?.interleave_hit ?? 0,
  local_node: (k, n) => k.nodeStat[n]?.local_node ?? 0,
  other_node: (k, n) => k.nodeStat[n]?.other_node ?? 0,
};

/** One node's numastat file, with its free frames first. */
export function numastat(k: CountedKernel, node: number): Record<NodestatName, number> {
  const out = {} as Record<NodestatName, number>;
  for (const name of NODESTAT_NAMES) out[name] = NODESTAT_READ[name](k, node);
  return out;
}

/** Every counter as one flat list: vmstat, then each node's numastat as "nodeN name". */
export function counterNames(nodes: number, numaBalancing = false): string[] {
  const out: string[] = [...VMSTAT_NAMES, ...(numaBalancing ? NUMA_BALANCING_NAMES : [])];
  for (let n = 0; n < nodes; n++) for (const s of NODESTAT_NAMES) out.push(`node${n} ${s}`);
  return out;
}

/** The value of counter `i` of `counterNames` (for the few that a frame names). */
export function counterValue(k: CountedKernel, i: number): number {
  if (i < VMSTAT_NAMES.length) return VMSTAT_READ[VMSTAT_NAMES[i] as VmstatName](k);
  let j = i - VMSTAT_NAMES.length;
  if (k.numa) {
    if (j < NUMA_BALANCING_NAMES.length) {
      return k.numa.events[NUMA_BALANCING_NAMES[j] as (typeof NUMA_BALANCING_NAMES)[number]];
    }
    j -= NUMA_BALANCING_NAMES.length;
  }
  const node = Math.floor(j / NODESTAT_NAMES.length);
  const name = NODESTAT_NAMES[j % NODESTAT_NAMES.length] as NodestatName;
  return NODESTAT_READ[name](k, node);
}

/**
 * The values of `counterNames`, written into `out`. The worker calls it for every frame, so it
 * is written long-hand: one pass over the nodes sums what /proc/vmstat shows, in locals, where
 * going through VMSTAT_READ costs a closure call and a walk over the nodes per line (several times
 * slower). The projection's contract test holds the two to the same values.
 */
export function fillCounters(k: CountedKernel, out: Float64Array): void {
  // The zone items (Z), summed over nodes.
  let inactiveAnon = 0;
  let activeAnon = 0;
  let inactiveFile = 0;
  let activeFile = 0;
  let anon = 0;
  let thp = 0;
  let mapped = 0;
  let filePages = 0;
  let swapcache = 0;
  // numastat and NR_ISOLATED_*, summed over nodes.
  let free = 0;
  let isolatedAnon = 0;
  let isolatedFile = 0;
  let hit = 0;
  let miss = 0;
  let foreign = 0;
  let interleave = 0;
  let local = 0;
  let other = 0;
  const first = VMSTAT_NAMES.length + (k.numa ? NUMA_BALANCING_NAMES.length : 0);
  const nodes = k.nodes.length;
  for (let n = 0; n < nodes; n++) {
    const z = k.zoneStat[n] as ZoneCounters;
    inactiveAnon += z[Z.inactive_anon] as number;
    activeAnon += z[Z.active_anon] as number;
    inactiveFile += z[Z.inactive_file] as number;
    activeFile += z[Z.active_file] as number;
    anon += z[Z.anon] as number;
    thp += z[Z.thp] as number;
    mapped += z[Z.mapped] as number;
    filePages += z[Z.file_pages] as number;
    swapcache += z[Z.swapcache] as number;
    const s = k.nodeStat[n] as NodeStat;
    const nodeFree = k.free[n]?.length ?? 0;
    free += nodeFree;
    isolatedAnon += s.nr_isolated_anon;
    isolatedFile += s.nr_isolated_file;
    hit += s.numa_hit;
    miss += s.numa_miss;
    foreign += s.numa_foreign;
    interleave += s.interleave_hit;
    local += s.local_node;
    other += s.other_node;
    // This node's numastat, in NODESTAT_NAMES order.
    let j = first + n * NODESTAT_NAMES.length;
    out[j++] = nodeFree;
    out[j++] = s.numa_hit;
    out[j++] = s.numa_miss;
    out[j++] = s.numa_foreign;
    out[j++] = s.interleave_hit;
    out[j++] = s.local_node;
    out[j] = s.other_node;
  }
  // /proc/vmstat, in VMSTAT_NAMES order.
  const e = k.events;
  let i = 0;
  out[i++] = free;
  out[i++] = inactiveAnon;
  out[i++] = activeAnon;
  out[i++] = inactiveFile;
  out[i++] = activeFile;
  out[i++] = isolatedAnon;
  out[i++] = isolatedFile;
  out[i++] = anon;
  out[i++] = thp;
  out[i++] = mapped;
  out[i++] = filePages;
  out[i++] = swapcache;
  out[i++] = hit;
  out[i++] = miss;
  out[i++] = foreign;
  out[i++] = interleave;
  out[i++] = local;
  out[i++] = other;
  out[i++] = e.pgfault;
  out[i++] = e.pgmajfault;
  out[i++] = e.pgmigrate_success;
  out[i++] = e.pgmigrate_fail;
  out[i++] = e.thp_split;
  if (k.numa) for (const name of NUMA_BALANCING_NAMES) out[i++] = k.numa.events[name];
}
