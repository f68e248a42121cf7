/**
 * mem_map: each page frame's struct page, looked up by pfn (pfn_to_page).
 *
 * Simplification: a frame's struct page is made the first time its pfn is looked up, not at boot.
 * Until then the frame is free and pristine (count 0, on no list, mapped by nothing), and no
 * frame shows a difference. 3.3 initialises every struct page at boot (memmap_init_zone() in
 * mm/page_alloc.c); later kernels defer much of it too (CONFIG_DEFERRED_STRUCT_PAGE_INIT). Most
 * frames of a large machine are never used, and making their objects was a fifth of a long run.
 */
import type { Kernel } from "./machine.ts";
import { LruWhere, type NodeId, type PageStruct, type Pfn, type RmapEntry } from "./types.ts";

/**
 * The reverse map of a page no PTE maps: shared, and frozen so that nothing adds to it by mistake
 * (addRmap gives the page its PTE slot's list, page_remove_rmap drops it again). Most pages are
 * never mapped, and one list fewer per struct page makes each one cheaper.
 */
export const NO_RMAP = Object.freeze([]) as unknown as RmapEntry[];

/**
 * A pristine struct page: free, on no list, mapped by nothing. It stands for a frame as 3.3 leaves
 * it once boot has handed it to the buddy allocator (memmap_init_zone() sets it up reserved with
 * one reference; free_all_bootmem() frees it, mm/page_alloc.c and mm/bootmem.c).
 */
export function newPageStruct(pfn: Pfn, node: NodeId): PageStruct {
  return {
    pfn,
    node,
    flags: 0,
    count: 0,
    mapcount: 0,
    mapping: null,
    index: 0,
    swap: null,
    where: LruWhere.none,
    lruSeq: 0,
    pagevecCpu: null,
    pagevecList: null,
    rmap: NO_RMAP,
    pins: 0,
    compound: 1,
    lockedBy: null,
  };
}

/**
 * pfn_to_page() (include/asm-generic/memory_model.h: mem_map + pfn under FLATMEM): the frame's
 * struct page, made now if nothing has looked the frame up before. The only place that adds to
 * `k.pages`, which is read-only everywhere else.
 */
export function pageOf(k: Kernel, pfn: Pfn): PageStruct {
  const p = k.pages[pfn];
  if (p) return p;
  if (!Number.isInteger(pfn) || pfn < 0 || pfn >= k.pages.length)
    throw new Error(`no struct page for pfn ${pfn}`);
  const made = newPageStruct(pfn, pfn_to_nid(k, pfn));
  (k.pages as (PageStruct | undefined)[])[pfn] = made;
  return made;
}

/**
 * pfn_to_nid() (include/linux/mmzone.h; arch code with several nodes): the node whose frames hold
 * `pfn`. Nodes own consecutive pfns in order, and the model scans them (at most 64).
 */
function pfn_to_nid(k: Kernel, pfn: Pfn): NodeId {
  for (const n of k.nodes) if (pfn < n.firstPfn + n.frames) return n.id;
  throw new Error(`pfn ${pfn} is on no node`);
}
