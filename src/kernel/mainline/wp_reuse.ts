/**
 * Whether a write fault on a read-only anonymous page may keep the page, as Linux 6.1 decides it:
 * by the page's reference count, not, as 3.3's reuse_swap_page() did, by how many PTEs map it.
 * Since 5.9 (09854ba94c6a, "mm: do_wp_page() simplification"; 5.19 added PageAnonExclusive and
 * removed reuse_swap_page) a pin, a reference from another CPU's lru_add batch or a swap entry
 * still in use makes the fault copy.
 *
 * @see mm/memory.c do_wp_page() (6.1): PageKsm or page_count > 3: copy; a page not on the LRU
 *      lets this CPU's batch go first (lru_add_drain); page_count > 1 + PageSwapCache: copy;
 *      trylock_page fails: copy; folio_free_swap (6.1's folio form of 3.3's try_to_free_swap, which
 *      the model calls); page_count != 1: copy; else reuse.
 * A page kept this way (or a shared file page made writable) loses its last_cpupid:
 * wp_page_reuse() resets it, since it may belong to an unrelated process (wp_page_reuse_61).
 * Simplified: no PageAnonExclusive shortcut. On 6.1 a page a read fault swapped in would have it
 * and be reused at once, but nothing swaps out in the 6.1 model (no lazy mbind, no reclaim), so
 * no such page reaches here. trylock fails only on a page the scenario locked.
 */
import { lru_add_drain } from "../lru.ts";
import type { Kernel } from "../machine.ts";
import { testPage } from "../page.ts";
import { try_to_free_swap } from "../swap_state.ts";
import { LruWhere, type PageStruct, PG, type Thread } from "../types.ts";

/** The verdict, with the reason in the narration's words. */
export interface WpReuse {
  readonly reuse: boolean;
  readonly why: string;
}

/** do_wp_page's reuse test for an anonymous page on 6.1 (see the top of this file). */
export function wp_reuse_61(k: Kernel, t: Thread, page: PageStruct): WpReuse {
  const copy = (why: string): WpReuse => ({ reuse: false, why });
  if (testPage(page, PG.ksm)) return copy(`pfn ${page.pfn} is a KSM page, never reused`);
  if (page.count > 3)
    return copy(
      `pfn ${page.pfn} has page_count ${page.count}, more than 3, so do_wp_page copies at once`,
    );
  // Not on the LRU yet: this CPU's lru_add batch goes first, giving back its reference.
  const drained =
    page.where === LruWhere.pagevec && lru_add_drain(k, t.cpu) > 0
      ? ` once cpu ${t.cpu}'s lru_add batch is drained (lru_add_drain: the page was not on the LRU yet)`
      : "";
  const swapRef = testPage(page, PG.swapcache) ? 1 : 0;
  if (page.count > 1 + swapRef)
    return copy(
      `pfn ${page.pfn} has other references (page_count ${page.count}: other PTEs, a pin, a lock_page step or another CPU's lru_add batch)${drained}`,
    );
  if (testPage(page, PG.locked))
    return copy(`pfn ${page.pfn} is locked, so trylock_page fails and do_wp_page does not wait`);
  const freed = swapRef === 1 && try_to_free_swap(k, page);
  if (page.count !== 1)
    return copy(
      `pfn ${page.pfn} still has page_count ${page.count} (its swap slot is still in use, so it stays in the swap cache)`,
    );
  return {
    reuse: true,
    why: `pfn ${page.pfn} has no other reference (page_count 1)${drained}${freed ? ", once folio_free_swap took it out of the swap cache (no swap entry needs its slot)" : ""}`,
  };
}

/**
 * wp_page_reuse's NUMA part (6.1 mm/memory.c): "Clear the pages cpupid information as the existing
 * information potentially belongs to a now completely unrelated process", so the next hinting
 * fault on the page is a first fault. Nothing without NUMA balancing (3.3).
 */
export function wp_page_reuse_61(k: Kernel, page: PageStruct): void {
  k.numa?.lastCpupid.delete(page.pfn); // page_cpupid_xchg_last(page, (1 << LAST_CPUPID_SHIFT) - 1)
}
