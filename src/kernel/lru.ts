/**
 * LRU lists and per-CPU pagevecs.
 *
 * @see mm/swap.c __lru_cache_add(), lru_cache_add_lru(), __pagevec_lru_add(), lru_add_drain(),
 *      lru_add_drain_all(); mm/vmscan.c isolate_lru_page(), putback_lru_page().
 * A page added to the LRU first sits in its CPU's pagevec (holding a reference) and is not PageLRU
 * until the pagevec of 14 fills or is drained. isolate_lru_page() fails on such a page: that is why
 * migrate_prep() drains every CPU before mbind(MPOL_MF_MOVE) looks for pages.
 * Simplified: no unevictable list (no mlock), no rotate/deactivate pagevecs, one zone per node.
 */
import type { Kernel } from "./machine.ts";
import { LRU_ADD_BATCH_61 } from "./mainline/uapi.ts";
import {
  clearPage,
  get_page,
  page_is_file_cache,
  pageOf,
  put_page,
  setPage,
  testPage,
} from "./page.ts";
import { said } from "./said.ts";
import {
  type Cpu,
  LRU_LISTS,
  type LruList,
  LruWhere,
  listOf,
  PAGEVEC_SIZE,
  type PageStruct,
  type Pfn,
  PG,
} from "./types.ts";
import { mod_node_state } from "./vmstat.ts";

/** The LruWhere value of an LRU list. */
function whereOf(list: LruList): LruWhere {
  return LruWhere[list];
}

/**
 * page_lru(): which list a page belongs on, by PageActive and page_lru_base_type(), which tests
 * PG_swapbacked (include/linux/mm_inline.h), not the mapping: a page migration left without a
 * mapping still goes back to the list of its kind.
 */
export function page_lru(page: PageStruct): LruList {
  const file = page_is_file_cache(page);
  const active = testPage(page, PG.active);
  if (file) return active ? "active_file" : "inactive_file";
  return active ? "active_anon" : "inactive_anon";
}

const isActive = (list: LruList) => list === "active_anon" || list === "active_file";

/**
 * __pagevec_lru_add_fn() with add_page_to_lru_list(): onto the node's list; sets PageLRU, and
 * PageActive for an active list (on 3.3 the page waited with it clear; on 6.1 it kept it).
 */
function add_page_to_lru_list(k: Kernel, page: PageStruct, list: LruList): void {
  k.lru[page.node]?.[list].add(page.pfn);
  page.where = whereOf(list);
  page.lruSeq = k.seq.lru++;
  page.pagevecCpu = null;
  page.pagevecList = null;
  if (isActive(list)) setPage(k, page, PG.active);
  setPage(k, page, PG.lru);
}

/** del_page_from_lru_list(): off its list; clears PageLRU (the caller keeps PageActive). */
function del_page_from_lru_list(k: Kernel, page: PageStruct): void {
  const list = listOf(page.where);
  if (list) k.lru[page.node]?.[list].delete(page.pfn);
  page.where = LruWhere.none;
  clearPage(k, page, PG.lru);
}

/**
 * lru_cache_add_lru - queue a page for `list` in this CPU's pagevec (takes a reference).
 * When the pagevec fills (14 pages) it is flushed to the LRU at once, as __lru_cache_add() does.
 * On 3.3 the page waits with PG_active clear: lru_cache_add_lru() clears it, the pagevec it sits
 * in says which list it joins, and __pagevec_lru_add_fn() sets it again on an active list. So a
 * huge page split while its head waits there gives inactive tails (lru_add_page_tail() reads the
 * head's PG_active). 6.1's folio_add_lru() keeps the flag, which says the list when the batch
 * empties (folio_lru_list()).
 */
export function lru_cache_add_lru(k: Kernel, page: PageStruct, list: LruList, cpu: Cpu): void {
  if (k.variant === "mainline" && isActive(list)) setPage(k, page, PG.active);
  else clearPage(k, page, PG.active);
  get_page(k, page);
  const pvec = pagevecOf(k, cpu)[list];
  pvec.push(page.pfn);
  page.where = LruWhere.pagevec;
  page.pagevecCpu = cpu;
  page.pagevecList = list;
  page.lruSeq = k.seq.lru++;
  k.log.page(page.pfn);
  if (k.variant === "mainline") {
    lru_add_batch_61(k, cpu, page);
    return;
  }
  if (pvec.length >= PAGEVEC_SIZE) {
    const freed = __pagevec_lru_add(k, cpu, list);
    // The note is narration only: not built when nobody reads frames' text.
    if (k.narrate)
      k.note.push(
        freed === 0
          ? said`cpu ${cpu}'s ${list} pagevec reached ${PAGEVEC_SIZE} pages, so __pagevec_lru_add moved them all onto the LRU lists.`
          : said`cpu ${cpu}'s ${list} pagevec reached ${PAGEVEC_SIZE} pages, so __pagevec_lru_add moved them onto the LRU lists; ${freed} of them had no other reference left and were freed.`,
      );
  }
}

/**
 * 6.1 folio_add_lru(): one lru_add batch per CPU for every list, PAGEVEC_SIZE 15; when it fills,
 * or while lru_cache_disable() is in force (mbind moving pages), folio_batch_move_lru() puts them
 * all on their LRU lists.
 */
function lru_add_batch_61(k: Kernel, cpu: Cpu, page: PageStruct): void {
  if (k.lruCacheDisabled > 0) {
    lru_add_drain(k, cpu);
    return;
  }
  // folio_add_lru(): a large folio empties the batch at once (as __lru_cache_add's PageCompound
  // test has since 4.8), so a huge page never waits in it.
  if (page.compound > 1) {
    lru_add_drain(k, cpu);
    if (k.narrate)
      k.note.push(
        said`a huge page empties cpu ${cpu}'s lru_add batch at once: folio_add_lru moves a large folio, and the batch with it, straight onto the LRU lists (6.1).`,
      );
    return;
  }
  const lists = pagevecOf(k, cpu);
  const held = LRU_LISTS.reduce((a, l) => a + lists[l].length, 0);
  if (held < LRU_ADD_BATCH_61) return;
  lru_add_drain(k, cpu);
  if (k.narrate)
    k.note.push(
      said`cpu ${cpu}'s lru_add batch reached ${LRU_ADD_BATCH_61} pages, so folio_batch_move_lru moved them all onto the LRU lists (6.1).`,
    );
}

/** The lru_add_pvecs of one CPU. */
function pagevecOf(k: Kernel, cpu: Cpu): Record<LruList, Pfn[]> {
  const p = k.pagevecs.get(cpu);
  if (!p) throw new Error(`no pagevecs for cpu ${cpu}`);
  return p;
}

/**
 * __pagevec_lru_add - move a pagevec's pages onto their LRU lists and drop the pagevec's refs
 * (release_pages). Returns how many that freed: a page unmapped meanwhile had no other reference.
 */
function __pagevec_lru_add(k: Kernel, cpu: Cpu, list: LruList): number {
  const pvec = pagevecOf(k, cpu)[list];
  const pfns = pvec.splice(0, pvec.length);
  let freed = 0;
  for (const pfn of pfns) {
    const page = pageOf(k, pfn);
    add_page_to_lru_list(k, page, list);
    put_page(k, page);
    if (page.count === 0) freed++;
  }
  return freed;
}

/** What a drain did: pages taken out of the pagevecs, and how many of them that freed. */
export interface Drained {
  readonly pages: number;
  readonly freed: number;
}

/** lru_add_drain - flush this CPU's pagevecs to the LRU. Returns the number of pages moved. */
export function lru_add_drain(k: Kernel, cpu: Cpu): number {
  return lru_add_drain_counted(k, cpu).pages;
}

/** lru_add_drain, saying how many of the pages it moved were freed by dropping the pagevec's hold. */
export function lru_add_drain_counted(k: Kernel, cpu: Cpu): Drained {
  const lists = pagevecOf(k, cpu);
  let pages = 0;
  let freed = 0;
  for (const list of LRU_LISTS) {
    pages += lists[list].length;
    freed += __pagevec_lru_add(k, cpu, list);
  }
  return { pages, freed };
}

/** lru_add_drain_all - every CPU drains its pagevecs (schedule_on_each_cpu in the kernel). */
export function lru_add_drain_all(k: Kernel): number {
  let n = 0;
  for (const cpu of k.pagevecs.keys()) n += lru_add_drain(k, cpu);
  return n;
}

/**
 * isolate_lru_page - take a page off its LRU list for migration (mm/vmscan.c).
 * Returns false (the kernel's -EBUSY) when the page is not PageLRU, e.g. still in a pagevec.
 * Takes a reference; the caller accounts NR_ISOLATED_*.
 */
export function isolate_lru_page(k: Kernel, page: PageStruct): boolean {
  if (!testPage(page, PG.lru)) return false;
  get_page(k, page);
  del_page_from_lru_list(k, page);
  page.where = LruWhere.isolated;
  return true;
}

/**
 * putback_lru_page - return an isolated page to the LRU through this CPU's pagevec, and drop the
 * isolation reference (mm/vmscan.c). If that was the last reference the page is freed.
 */
export function putback_lru_page(k: Kernel, page: PageStruct, cpu: Cpu): void {
  page.where = LruWhere.none;
  const list = page_lru(page);
  lru_cache_add_lru(k, page, list, cpu);
  put_page(k, page);
}

/** inc/dec_zone_page_state(NR_ISOLATED_ANON + page_is_file_cache(page)). */
export function accountIsolated(k: Kernel, page: PageStruct, delta: 1 | -1): void {
  const item = page_is_file_cache(page) ? "nr_isolated_file" : "nr_isolated_anon";
  mod_node_state(k, page.node, item, delta);
}
