/**
 * The swap cache: anon pages that own a swap slot.
 *
 * @see mm/swap_state.c add_to_swap(), __add_to_swap_cache(), delete_from_swap_cache(),
 *      lookup_swap_cache(); and the mm/swapfile.c functions that take a page out of the swap
 *      cache: reuse_swap_page(), try_to_free_swap(), __try_to_reclaim_swap().
 * A swap-cache page holds one reference for the cache and records its slot in page_private().
 */
import type { Kernel } from "./machine.ts";
import { clearPage, get_page, pageOf, put_page, setPage, testPage } from "./page.ts";
import { said } from "./said.ts";
import { get_swap_page, page_swapcount, setSwapCache } from "./swapfile.ts";
import { type PageStruct, type Pfn, PG, type SwapSlot } from "./types.ts";

/**
 * add_to_swap - allocate swap space for an anon page and put it in the swap cache.
 * Returns the slot, or null when the swap device is full (the kernel returns 0).
 * Caller holds the page lock.
 */
export function add_to_swap(k: Kernel, page: PageStruct): SwapSlot | null {
  if (!testPage(page, PG.locked)) throw new Error("add_to_swap: page not locked");
  const slot = get_swap_page(k, __try_to_reclaim_swap);
  if (slot === null) return null;
  page.swap = slot;
  setPage(k, page, PG.swapcache);
  get_page(k, page);
  setSwapCache(k, slot, page.pfn);
  setPage(k, page, PG.dirty);
  return slot;
}

/**
 * __try_to_reclaim_swap - the slot scan met a slot only the swap cache holds while swap is over
 * half full: its page leaves the swap cache if it can be locked at once (trylock_page) and
 * try_to_free_swap lets it go, and the slot is free for the page being added.
 */
function __try_to_reclaim_swap(k: Kernel, slot: SwapSlot): boolean {
  const pfn = k.swap.cache[slot] ?? -1;
  if (pfn < 0) return false;
  const page = pageOf(k, pfn as Pfn);
  if (testPage(page, PG.locked) || !try_to_free_swap(k, page)) return false;
  if (k.narrate)
    k.note.push(
      said`Swap is over half full (vm_swap_full), so scan_swap_map took slot ${slot} back from pfn ${pfn}, which only the swap cache held (no swap PTE points at it): __try_to_reclaim_swap.`,
    );
  return true;
}

/**
 * reuse_swap_page (mm/swapfile.c) - may a write fault keep this page rather than copy it? If so
 * and the page is in the swap cache and not under writeback, it leaves the swap cache (and is
 * marked dirty).
 */
export function reuse_swap_page(k: Kernel, page: PageStruct): boolean {
  if (testPage(page, PG.ksm)) return false;
  let count = page.mapcount;
  if (count <= 1 && testPage(page, PG.swapcache)) {
    count += page_swapcount(k, page);
    if (count === 1 && !testPage(page, PG.writeback)) {
      delete_from_swap_cache(k, page);
      setPage(k, page, PG.dirty);
    }
  }
  return count <= 1;
}

/**
 * try_to_free_swap (mm/swapfile.c) - drop a swap-cache page's slot when no swap PTE needs it any
 * more; the page, now only in memory, is dirty.
 */
export function try_to_free_swap(k: Kernel, page: PageStruct): boolean {
  if (!testPage(page, PG.swapcache) || testPage(page, PG.writeback)) return false;
  if (page_swapcount(k, page) !== 0) return false;
  delete_from_swap_cache(k, page);
  setPage(k, page, PG.dirty);
  return true;
}

/** delete_from_swap_cache - the page leaves the swap cache and drops the cache's reference. */
export function delete_from_swap_cache(k: Kernel, page: PageStruct): void {
  const slot = page.swap;
  if (slot === null) throw new Error(`pfn ${page.pfn} is not in the swap cache`);
  setSwapCache(k, slot, -1);
  page.swap = null;
  clearPage(k, page, PG.swapcache);
  put_page(k, page);
}

/** lookup_swap_cache - the page for a slot, with a reference taken, or null. */
export function lookup_swap_cache(k: Kernel, slot: SwapSlot): PageStruct | null {
  const pfn = k.swap.cache[slot] ?? -1;
  if (pfn < 0) return null;
  const page = pageOf(k, pfn as Pfn);
  get_page(k, page);
  return page;
}

/** Move a swap-cache entry from one page to another (migrate_page_move_mapping's radix swap). */
export function replace_swap_cache_page(k: Kernel, from: PageStruct, to: PageStruct): void {
  const slot = from.swap;
  if (slot === null) throw new Error(`pfn ${from.pfn} is not in the swap cache`);
  to.swap = slot;
  setPage(k, to, PG.swapcache);
  get_page(k, to);
  setSwapCache(k, slot, to.pfn);
  from.swap = null;
  clearPage(k, from, PG.swapcache);
  put_page(k, from);
}
