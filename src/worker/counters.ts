/**
 * Counters for the Counters panel: /proc/vmstat names (as report.ts's vmstat()) and per-node
 * numastat. vmstat() walks every page; this keeps the page-derived ones as running tallies.
 */
import type { Kernel } from "../kernel/machine.ts";
import { LruWhere, PG } from "../kernel/types.ts";
import { Col, MappingKind } from "./protocol.ts";

const VMSTAT = [
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
const NODESTAT = [
  "free",
  "numa_hit",
  "numa_miss",
  "numa_foreign",
  "interleave_hit",
  "local_node",
  "other_node",
] as const;

/** 6.1's automatic NUMA balancing events (mainline kernel only), after the vmstat names. */
const NUMA_BALANCING = [
  "numa_pte_updates",
  "numa_hint_faults",
  "numa_hint_faults_local",
  "numa_pages_migrated",
] as const;

export function counterNames(nodes: number, numaBalancing = false): string[] {
  const out: string[] = [...VMSTAT, ...(numaBalancing ? NUMA_BALANCING : [])];
  for (let n = 0; n < nodes; n++) for (const s of NODESTAT) out.push(`node${n} ${s}`);
  return out;
}

export /** Page-derived vmstat tallies, updated by subtracting a row's old share and adding its new one. */
class Tallies {
  lists = [0, 0, 0, 0, 0];
  anon = 0;
  thp = 0;
  mapped = 0;
  file = 0;
  swapcache = 0;

  add(rows: Int32Array, base: number, sign: 1 | -1): void {
    if (rows[base + Col.count] === 0) return;
    const where = rows[base + Col.where] as number;
    if (where >= LruWhere.inactive_anon && where <= LruWhere.active_file) {
      this.lists[where] = (this.lists[where] as number) + sign;
    }
    const mapping = rows[base + Col.mapping];
    const mapped = (rows[base + Col.mapcount] as number) > 0;
    if (mapping === MappingKind.file) {
      this.file += sign;
      if (mapped) this.mapped += sign;
    } else if (mapping !== MappingKind.none && mapped) {
      const flags = rows[base + Col.flags] as number;
      if ((flags & PG.head) !== 0) this.thp += sign;
      else if ((flags & PG.tail) === 0) this.anon += sign;
    }
    if (((rows[base + Col.flags] as number) & PG.swapcache) !== 0) this.swapcache += sign;
  }
}

/** Every counter, in `counterNames` order: page tallies plus the kernel's O(nodes) counters. */
export function fillCounters(k: Kernel, t: Tallies, out: Float64Array): void {
  const sum = (f: keyof Kernel["nodeStat"][number]) => k.nodeStat.reduce((a, s) => a + s[f], 0);
  const free = k.free.reduce((a, f) => a + f.length, 0);
  const e = k.events;
  const v = [
    free,
    t.lists[1],
    t.lists[2],
    t.lists[3],
    t.lists[4],
    sum("nr_isolated_anon"),
    sum("nr_isolated_file"),
    t.anon,
    t.thp,
    t.mapped,
    t.file + t.swapcache,
    t.swapcache,
    sum("numa_hit"),
    sum("numa_miss"),
    sum("numa_foreign"),
    sum("interleave_hit"),
    sum("local_node"),
    sum("other_node"),
    e.pgfault,
    e.pgmajfault,
    e.pgmigrate_success,
    e.pgmigrate_fail,
    e.thp_split,
    ...(k.numa ? NUMA_BALANCING.map((n) => k.numa?.events[n] ?? 0) : []),
  ] as number[];
  out.set(v);
  let i = v.length;
  k.nodeStat.forEach((s, n) => {
    out[i++] = k.free[n]?.length ?? 0;
    out[i++] = s.numa_hit;
    out[i++] = s.numa_miss;
    out[i++] = s.numa_foreign;
    out[i++] = s.interleave_hit;
    out[i++] = s.local_node;
    out[i++] = s.other_node;
  });
}
