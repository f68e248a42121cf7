/**
 * struct page accessors: flags, page_count, the page lock.
 *
 * @see include/linux/page-flags.h, include/linux/mm.h (get_page, put_page, page_mapcount),
 *      include/linux/pagemap.h (trylock_page, unlock_page).
 * Every mutation marks the page in the ChangeLog so the next frame names it.
 */
import type { Kernel } from "./machine.ts";
import { pageOf } from "./mem_map.ts";
import { free_hot_cold_page } from "./page_alloc.ts";
import { listOf, type PageFlag, type PageStruct, type Pfn, PG } from "./types.ts";

/** pfn_to_page() lives with mem_map (mem_map.ts); most callers know it from here. */
export { pageOf };

/**
 * PageFoo(page), SetPageFoo(), ClearPageFoo() for each flag, given as its bit (`PG.locked`), as
 * the kernel's macros expand to test_bit(PG_locked, ...): a flag looked up by name cost a keyed
 * property load on every test wherever these were not inlined.
 */
export function testPage(page: PageStruct, flag: PageFlag): boolean {
  return (page.flags & flag) !== 0;
}

export function setPage(k: Kernel, page: PageStruct, flag: PageFlag): void {
  page.flags |= flag;
  k.log.page(page.pfn);
}

export function clearPage(k: Kernel, page: PageStruct, flag: PageFlag): void {
  page.flags &= ~flag;
  k.log.page(page.pfn);
}

/** PageAnon(): anon and KSM pages have an anon-ish mapping; file pages an address_space. */
export function PageAnon(page: PageStruct): boolean {
  return page.mapping !== null && page.mapping.kind !== "file";
}

/**
 * page_is_file_cache(): not swap-backed. It selects NR_ISOLATED_FILE over NR_ISOLATED_ANON, and
 * looks at a flag rather than the mapping, so it still answers after migration clears the mapping.
 */
export function page_is_file_cache(page: PageStruct): boolean {
  return (page.flags & PG.swapbacked) === 0;
}

/** get_page - one more reference. */
export function get_page(k: Kernel, page: PageStruct): void {
  page.count++;
  k.log.page(page.pfn);
}

/**
 * put_page - drop a reference; the last one frees the page.
 * @see mm/swap.c put_page() -> __put_single_page() -> __page_cache_release() + free_hot_cold_page().
 * A page still on an LRU list is taken off it first, as __page_cache_release() does.
 */
export function put_page(k: Kernel, page: PageStruct): void {
  if (page.count <= 0) throw new Error(`put_page on free pfn ${page.pfn}`);
  page.count--;
  k.log.page(page.pfn);
  if (page.count === 0) {
    const list = listOf(page.where);
    if (list) k.lru[page.node]?.[list].delete(page.pfn);
    free_hot_cold_page(k, page);
  }
}

/** compound_head - the head page of a huge page (a base page is its own head). */
export function compound_head(k: Kernel, page: PageStruct): PageStruct {
  let head = page;
  while (testPage(head, PG.tail)) head = pageOf(k, (head.pfn - 1) as Pfn);
  return head;
}

/** PageTransHuge() or a tail of one: part of a huge page. */
export function inHugePage(page: PageStruct): boolean {
  return page.compound > 1 || testPage(page, PG.tail);
}

/** trylock_page(): fails when someone else holds PG_locked. */
export function trylock_page(k: Kernel, page: PageStruct, holder: string): boolean {
  if (testPage(page, PG.locked)) return false;
  setPage(k, page, PG.locked);
  page.lockedBy = holder;
  return true;
}

/** unlock_page - clear PG_locked. */
export function unlock_page(k: Kernel, page: PageStruct): void {
  clearPage(k, page, PG.locked);
  page.lockedBy = null;
}
