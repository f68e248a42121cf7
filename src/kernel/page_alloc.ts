/**
 * The page allocator, one zone per node.
 *
 * @see mm/page_alloc.c __alloc_pages_nodemask(), get_page_from_freelist() (walk the zonelist, skip
 *      nodes outside the nodemask), free_hot_cold_page(); mm/vmstat.c zone_statistics().
 * Simplified: no watermarks, no reclaim, no compaction: a node is "full" when its free list is empty.
 * Pages come off a per-node LIFO stack, like the per-cpu hot list, so the model is deterministic.
 */
import type { Kernel } from "./machine.ts";
import { pageOf } from "./mem_map.ts";
import { LruWhere, type NodeId, type PageStruct, type Pfn } from "./types.ts";
import { free_pages_changed, mod_node_state } from "./vmstat.ts";

/**
 * What an allocation asks for. Every field is given, in this order, wherever a request is made:
 * requests made with different sets of fields had different object shapes, and each read of one
 * here was a megamorphic property load.
 */
export interface AllocRequest {
  /** The zonelist to walk: the fallback order of the node the policy chose. */
  readonly zonelist: readonly NodeId[];
  /** Allowed nodes (MPOL_BIND), or null for any. */
  readonly nodemask: readonly NodeId[] | null;
  /** numa_node_id() of the allocating task, for numa_local / numa_other. */
  readonly localNode: NodeId;
  /** __GFP_THISNODE: only the first node of the zonelist, no fallback. */
  readonly thisNode: boolean;
  /** The allocation came from an interleave policy (alloc_page_interleave). */
  readonly interleave: boolean;
  /** Base pages in the allocation (1, or thpPages for a huge page); the kernel passes its log2, the order. */
  readonly nrPages: number;
  /** 6.1 MPOL_PREFERRED_MANY: when no node of the nodemask has a page, try again without it. */
  readonly fallbackAnyNode: boolean;
}

/**
 * __alloc_pages_nodemask - take a free page from the first node of the zonelist that has one.
 * Returns the page with page_count 1, or null when every allowed node is full.
 */
export function alloc_pages(k: Kernel, req: AllocRequest): PageStruct | null {
  if (req.fallbackAnyNode) {
    const masked = { ...req, fallbackAnyNode: false };
    return alloc_pages(k, masked) ?? alloc_pages(k, { ...masked, nodemask: null });
  }
  const { zonelist, nodemask } = req;
  let preferred: NodeId | undefined;
  for (let i = 0; i < zonelist.length && preferred === undefined; i++) {
    const n = zonelist[i] as NodeId;
    if (nodemask === null || nodemask.includes(n)) preferred = n;
  }
  if (preferred === undefined) return null;
  k.allocPreferred = preferred;
  // __GFP_THISNODE: the zonelist's first node only.
  const candidates = req.thisNode ? 1 : zonelist.length;
  for (let i = 0; i < candidates; i++) {
    const nid = zonelist[i] as NodeId;
    if (nodemask !== null && !nodemask.includes(nid)) continue;
    const page = req.nrPages > 1 ? takeCompound(k, nid, req.nrPages) : takeOne(k, nid);
    if (page) {
      zone_statistics(k, preferred, nid, req.localNode);
      if (req.interleave && nid === preferred) {
        mod_node_state(k, nid, "interleave_hit");
      }
      return page;
    }
  }
  return null;
}

/** rmqueue for one page: the top of the node's free stack. */
function takeOne(k: Kernel, nid: NodeId): PageStruct | null {
  const pfn = k.free[nid]?.pop();
  if (pfn === undefined) return null;
  const page = pageOf(k, pfn);
  page.count = 1;
  k.log.page(pfn);
  free_pages_changed(k, nid);
  return page;
}

/** A naturally aligned run of `nrPages` free frames (a lecture-sized huge page). */
function takeCompound(k: Kernel, nid: NodeId, nrPages: number): PageStruct | null {
  const node = k.nodes[nid];
  if (!node) return null;
  for (let base = 0; base + nrPages <= node.frames; base += nrPages) {
    const first = node.firstPfn + base;
    let ok = true;
    // A frame with no struct page yet is free (mem_map.ts).
    for (let i = 0; i < nrPages && ok; i++) ok = (k.pages[first + i]?.count ?? 0) === 0;
    if (!ok) continue;
    const run = new Set<number>();
    for (let i = 0; i < nrPages; i++) run.add(first + i);
    const stack = k.free[nid] as Pfn[];
    const kept = stack.filter((p) => !run.has(p));
    stack.length = 0;
    stack.push(...kept);
    for (let i = 0; i < nrPages; i++) {
      const p = pageOf(k, (first + i) as Pfn);
      p.count = 1;
      k.log.page(p.pfn);
    }
    free_pages_changed(k, nid);
    const head = pageOf(k, first as Pfn);
    head.compound = nrPages;
    return head;
  }
  return null;
}

/**
 * zone_statistics - numastat accounting for one allocation (mm/vmstat.c).
 * numa_hit on the node used when it is the preferred one, else numa_miss there and numa_foreign on
 * the preferred node; local_node / other_node by whether it is the allocating CPU's node.
 */
export function zone_statistics(k: Kernel, preferred: NodeId, used: NodeId, local: NodeId): void {
  if (used === preferred) mod_node_state(k, used, "numa_hit");
  else {
    mod_node_state(k, used, "numa_miss");
    mod_node_state(k, preferred, "numa_foreign");
  }
  mod_node_state(k, used, used === local ? "local_node" : "other_node");
}

/** free_hot_cold_page - the page goes back to its node's free list, every field cleared. */
export function free_hot_cold_page(k: Kernel, page: PageStruct): void {
  if (page.mapcount !== 0 || page.rmap.length !== 0) {
    throw new Error(`freeing mapped pfn ${page.pfn} (mapcount ${page.mapcount})`);
  }
  page.flags = 0;
  page.mapping = null;
  page.index = 0;
  k.numa?.lastCpupid.delete(page.pfn); // 6.1 page_cpupid_reset_last()
  page.swap = null;
  page.where = LruWhere.none;
  page.pagevecCpu = null;
  page.pagevecList = null;
  page.pins = 0;
  page.compound = 1;
  page.lockedBy = null;
  // Its place on an LRU list is gone too: a freed frame looks like one never used (mem_map.ts).
  page.lruSeq = 0;
  (k.free[page.node] as Pfn[]).push(page.pfn);
  k.log.page(page.pfn);
  free_pages_changed(k, page.node);
}

export function freePages(k: Kernel, nid: NodeId): number {
  return k.free[nid]?.length ?? 0;
}
