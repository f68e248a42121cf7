/**
 * reuse_swap_page, the mm/swapfile.c function by which a write fault may keep the page it swapped
 * in, taking it out of the swap cache. It calls into the swap cache (swap_state.ts), which itself
 * takes its slots from swapfile.ts; kept apart so neither of those two files imports the other.
 *
 * @see mm/swapfile.c reuse_swap_page().
 */
import type { Kernel } from "./machine.ts";
import { setPage, testPage } from "./page.ts";
import { delete_from_swap_cache } from "./swap_state.ts";
import { page_swapcount } from "./swapfile.ts";
import { type PageStruct, PG } from "./types.ts";

/**
 * reuse_swap_page - may a write fault keep this page rather than copy it? If so and the page is
 * in the swap cache and not under writeback, it leaves the swap cache (and is marked dirty).
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
