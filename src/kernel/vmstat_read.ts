/**
 * Reading /proc/vmstat and numastat from the counters the kernel keeps (vmstat.ts): the CLI's
 * report reads them by name, the worker reads them by index every frame.
 *
 * @see mm/vmstat.c (vmstat_start, node_read_numastat in drivers/base/node.c).
 */
import {
  type CountedKernel,
  NODESTAT_NAMES,
  type NodeStat,
  type NodestatName,
  NUMA_BALANCING_NAMES,
  VMSTAT_NAMES,
  type VmstatName,
  Z,
  type ZoneCounters,
} from "./vmstat_names.ts";

const zone = (k: CountedKernel, i: number): number => {
  let n = 0;
  for (const z of k.zoneStat) n += z[i] as number;
  return n;
};
/**
 * An item of the nodes' numastat (or NR_ISOLATED_*), summed over the nodes. One case per item, a
 * named load each: `s[item]`, with an item that varies, was a generic keyed load once per node for
 * every such counter a frame names (the worker reads them on every frame). The worker loading the
 * large machine over 3 rounds, counted by valgrind: 10.19e9 instructions before; 9.57-9.65e9 in
 * four runs with this and the line lookup below; 9.72-10.08e9 with the line lookup alone (or with
 * a field-reading function per item instead of the cases: 10.07e9).
 */
const numa = (k: CountedKernel, item: keyof CountedKernel["nodeStat"][number]): number => {
  let n = 0;
  const stats = k.nodeStat;
  switch (item) {
    case "nr_isolated_anon":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).nr_isolated_anon;
      return n;
    case "nr_isolated_file":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).nr_isolated_file;
      return n;
    case "numa_hit":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).numa_hit;
      return n;
    case "numa_miss":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).numa_miss;
      return n;
    case "numa_foreign":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).numa_foreign;
      return n;
    case "interleave_hit":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).interleave_hit;
      return n;
    case "local_node":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).local_node;
      return n;
    case "other_node":
      for (let i = 0; i < stats.length; i++) n += (stats[i] as NodeStat).other_node;
      return n;
  }
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

/** VMSTAT_READ by line number: looked up by a name that varies, it was a generic keyed load. */
const VMSTAT_READ_AT = VMSTAT_NAMES.map((name) => VMSTAT_READ[name]);

/** The value of counter `i` of `counterNames` (for the few that a frame names). */
export function counterValue(k: CountedKernel, i: number): number {
  if (i < VMSTAT_NAMES.length) return (VMSTAT_READ_AT[i] as (k: CountedKernel) => number)(k);
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
