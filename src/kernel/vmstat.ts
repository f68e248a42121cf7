/**
 * Keeping /proc/vmstat and numastat as pages change: every counter the model shows is kept in the
 * kernel, not counted when read.
 *
 * @see mm/vmstat.c (zone_statistics, __mod_zone_page_state), include/linux/vmstat.h.
 * The kernel bumps a zone counter at each place a page changes state (add_page_to_lru_list,
 * page_add_anon_rmap, __add_to_swap_cache, ...). The model does the same thing once per frame:
 * each page the frame changed is accounted again, its old share taken off and its new share put
 * on, so the counters cannot drift from the pages. The names are in vmstat_names.ts; the CLI
 * report and the worker read the values through vmstat_read.ts.
 * Events (pgfault, pgmigrate_*) and numastat are bumped where they happen (machine.ts holds them).
 */
import { LruWhere, type PageStruct, PG } from "./types.ts";
import {
  type CountedKernel,
  createZoneCounters,
  NODESTAT_LINE,
  type NodeStat,
  NR_ZONE_ITEMS,
  nodestatIndex,
  VMSTAT_INDEX,
  type VmEvents,
  type VmstatName,
  Z,
  ZONE_LINE,
  type ZoneCounters,
} from "./vmstat_names.ts";

/**
 * count_vm_events - add to a /proc/vmstat event (include/linux/vmstat.h).
 * By case, as mod_node_state: a named store and a constant line where `k.events[item]` was a
 * keyed access by a name that varies, on every fault.
 */
export function count_vm_events(
  k: CountedKernel,
  item: keyof VmEvents & VmstatName,
  delta = 1,
): void {
  const e = k.events;
  switch (item) {
    case "pgfault":
      e.pgfault += delta;
      k.log.counter(VMSTAT_INDEX.pgfault);
      return;
    case "pgmajfault":
      e.pgmajfault += delta;
      k.log.counter(VMSTAT_INDEX.pgmajfault);
      return;
    case "pgmigrate_success":
      e.pgmigrate_success += delta;
      k.log.counter(VMSTAT_INDEX.pgmigrate_success);
      return;
    case "pgmigrate_fail":
      e.pgmigrate_fail += delta;
      k.log.counter(VMSTAT_INDEX.pgmigrate_fail);
      return;
    default:
      e[item] += delta;
      k.log.counter(VMSTAT_INDEX[item]);
      return;
  }
}

/**
 * mod_node_state - add to one node's numastat or NR_ISOLATED_* item (mm/vmstat.c
 * __mod_zone_page_state / __inc_zone_state; one zone per node here).
 * One case per item, each a named store and its /proc/vmstat line (the line that sums the item
 * over the nodes): `stat[item]` and looking the line up by the item's name were keyed property
 * accesses with a name that varies, slow on the path of every allocation and isolation.
 */
export function mod_node_state(
  k: CountedKernel & { readonly nodeStat: NodeStat[] },
  node: number,
  item: keyof NodeStat,
  delta = 1,
): void {
  const stat = k.nodeStat[node];
  if (!stat) return;
  let line: number;
  switch (item) {
    case "nr_isolated_anon":
      stat.nr_isolated_anon += delta;
      k.log.counter(VMSTAT_INDEX.nr_isolated_anon);
      return; // NR_ISOLATED_* are not in numastat
    case "nr_isolated_file":
      stat.nr_isolated_file += delta;
      k.log.counter(VMSTAT_INDEX.nr_isolated_file);
      return;
    case "numa_hit":
      stat.numa_hit += delta;
      k.log.counter(VMSTAT_INDEX.numa_hit);
      line = NODESTAT_LINE.numa_hit;
      break;
    case "numa_miss":
      stat.numa_miss += delta;
      k.log.counter(VMSTAT_INDEX.numa_miss);
      line = NODESTAT_LINE.numa_miss;
      break;
    case "numa_foreign":
      stat.numa_foreign += delta;
      k.log.counter(VMSTAT_INDEX.numa_foreign);
      line = NODESTAT_LINE.numa_foreign;
      break;
    case "interleave_hit":
      stat.interleave_hit += delta;
      k.log.counter(VMSTAT_INDEX.numa_interleave);
      line = NODESTAT_LINE.interleave_hit;
      break;
    case "local_node":
      stat.local_node += delta;
      k.log.counter(VMSTAT_INDEX.numa_local);
      line = NODESTAT_LINE.local_node;
      break;
    case "other_node":
      stat.other_node += delta;
      k.log.counter(VMSTAT_INDEX.numa_other);
      line = NODESTAT_LINE.other_node;
      break;
  }
  k.log.counter(nodestatIndex(k, node, line));
}

/** A node's free list grew or shrank: nr_free_pages and the node's numastat `free` changed. */
export function free_pages_changed(k: CountedKernel, node: number): void {
  k.log.counter(VMSTAT_INDEX.nr_free_pages);
  k.log.counter(nodestatIndex(k, node, NODESTAT_LINE.free));
}

/** Where a share keeps the base pages past the first that its LRU bit counts (a huge page's). */
const LRU_EXTRA_SHIFT = 16;
/** The LRU lists' bits of a share (Z.inactive_anon .. Z.active_file). */
const LRU_BITS = 0b1111;

/**
 * What a share adds to item `z`: a bit counts one page, but a huge page on an LRU list counts
 * every base page in the list's counter (3.3 add_page_to_lru_list: hpage_nr_pages; 6.1
 * update_lru_size: folio_nr_pages).
 */
const contribution = (share: number, z: number): number =>
  (share >>> z) & 1 ? ((LRU_BITS >>> z) & 1 ? 1 + (share >>> LRU_EXTRA_SHIFT) : 1) : 0;

/**
 * What one page adds to its zone's counters, as a bit per item (and, above them, the base pages
 * a huge page on an LRU list counts beyond its first). A free page adds nothing; a
 * mapped huge page counts once, in NR_ANON_TRANSPARENT_HUGEPAGES (its head); in 3.3 that is
 * instead of NR_ANON_PAGES, while 6.1 (`mainline`) also counts each of its base pages in
 * NR_ANON_MAPPED (page_add_new_anon_rmap, since 4.5's THP refcounting). A tail has no reference
 * count of its own: its head's.
 */
export function pageShare(p: PageStruct, mainline = false): number {
  const tail = (p.flags & PG.tail) !== 0;
  if (p.count === 0 && !tail) return 0;
  let share = 0;
  if (p.where >= LruWhere.inactive_anon && p.where <= LruWhere.active_file) {
    share |= 1 << (p.where - LruWhere.inactive_anon);
    // Only the head of a huge page is on the list; it counts for all of them.
    if (p.compound > 1) share |= (p.compound - 1) << LRU_EXTRA_SHIFT;
  }
  const file = p.mapping?.kind === "file";
  if (file) {
    share |= 1 << Z.file_pages;
    if (p.mapcount > 0) share |= 1 << Z.mapped;
  } else if (p.mapping && p.mapcount > 0) {
    if ((p.flags & PG.head) !== 0) share |= (1 << Z.thp) | (mainline ? 1 << Z.anon : 0);
    else if (!tail || mainline) share |= 1 << Z.anon;
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
    // A frame names only pages it changed, which have their struct page.
    const p = k.pages[pfn] as PageStruct;
    const now = pageShare(p, k.numa !== null);
    const was = k.pageShare[pfn] as number;
    if (now === was) continue;
    k.pageShare[pfn] = now;
    const zone = k.zoneStat[p.node] as ZoneCounters;
    if ((now | was) >>> LRU_EXTRA_SHIFT === 0) {
      // One page for each bit (all but huge pages on a list): only the bits that changed count.
      for (let diff = now ^ was, z = 0; diff !== 0; diff >>>= 1, z++) {
        if ((diff & 1) === 0) continue;
        zone[z] = (zone[z] as number) + ((now >>> z) & 1 ? 1 : -1);
        k.log.counter(ZONE_LINE[z]);
      }
      continue;
    }
    for (let z = 0; z < NR_ZONE_ITEMS; z++) {
      const d = contribution(now, z) - contribution(was, z);
      if (d === 0) continue;
      zone[z] = (zone[z] as number) + d;
      k.log.counter(ZONE_LINE[z]);
    }
  }
}

/** The same counters counted from scratch, for the invariant checker. */
export function recount_zone_counters(k: CountedKernel): ZoneCounters[] {
  const zones = k.nodes.map(() => createZoneCounters());
  for (const p of k.pages) {
    // A frame with no struct page yet is free: it adds to no counter.
    if (!p) continue;
    const share = pageShare(p, k.numa !== null);
    const zone = zones[p.node] as ZoneCounters;
    for (let i = 0; i < NR_ZONE_ITEMS; i++) zone[i] = (zone[i] as number) + contribution(share, i);
  }
  return zones;
}
