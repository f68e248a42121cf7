/**
 * 6.1's migration of one page, where it parts from 3.3's: what happens to the target, the old page
 * and an unused target once __unmap_and_move (../migrate_page.ts, shared) has run.
 */
import { lru_add_drain, putback_lru_page } from "../lru.ts";
import { emit, type Kernel } from "../machine.ts";
import {
  __unmap_and_move,
  countMigrate,
  finish,
  type How,
  type NewPageFn,
  noTarget,
  type Rc,
} from "../migrate_page.ts";
import { put_page } from "../page.ts";
import { addrOf } from "../pgtable.ts";
import type { Cpu, PageStruct } from "../types.ts";

/**
 * unmap_and_move (6.1) - one page. A page freed under us is released before any target is
 * allocated. A moved page's target goes onto this CPU's LRU batch and, if the page was mapped,
 * lru_add_drain() empties the batch onto the LRU lists at once (Hugh Dickins, 5.18, "push good
 * newpage to LRU"); the old page loses its last reference, the isolation's, and is freed at once
 * (put_page, since 5.2). An unused target is freed at once too.
 * @see mm/migrate.c (6.1) unmap_and_move(), __unmap_and_move(). A page that failed for good goes
 * onto migrate_pages' ret list in 6.1, put back when it returns; the model puts it back at once.
 */
export function unmap_and_move_61(
  k: Kernel,
  pagelist: PageStruct[],
  page: PageStruct,
  getNew: NewPageFn,
  how: How,
  cpu: Cpu,
): Rc {
  if (page.count === 1) {
    finish(k, pagelist, page);
    put_page(k, page);
    countMigrate(k, 1, 0);
    emit(
      k,
      "unmap_and_move",
      () =>
        `pfn ${page.pfn} was freed under us (only the isolation reference was left): nothing to move and no target to allocate; put_page frees it now.`,
    );
    return 0;
  }
  const newpage = getNew(page);
  if (!newpage) return noTarget(k, page);
  const wasMapped = page.mapcount > 0;
  const from = page.pfn;
  const rc = __unmap_and_move(k, page, newpage, how);
  if (rc !== "-EAGAIN") finish(k, pagelist, page);
  if (rc === 0) {
    putback_lru_page(k, newpage, cpu); // lru_cache_add(newpage), then the allocation's put_page
    const drained = wasMapped ? lru_add_drain(k, cpu) : 0;
    put_page(k, page);
    countMigrate(k, 1, 0);
    const where =
      newpage.rmap.map((u) => `pid ${u.mm.pid} ${addrOf(u.vpn)}`).join(", ") || "no PTE";
    const lru =
      k.lruCacheDisabled > 0
        ? "goes straight onto its LRU list (mbind's lru_cache_disable is in force)"
        : wasMapped
          ? `goes onto cpu ${cpu}'s LRU batch, and as the page was mapped lru_add_drain empties the batch onto the LRU lists (${drained} page${drained === 1 ? "" : "s"})`
          : `waits in cpu ${cpu}'s LRU batch`;
    emit(
      k,
      "move_to_new_page",
      () =>
        `Contents and flags copied from pfn ${from} to pfn ${newpage.pfn} (node ${newpage.node}); remove_migration_ptes points ${where} at the new page. The new page ${lru}. The old pfn ${from} loses its last reference and is freed now.`,
    );
    return 0;
  }
  if (rc !== "-EAGAIN") putback_lru_page(k, page, cpu);
  put_page(k, newpage);
  emit(
    k,
    "unmap_and_move",
    () =>
      `The unused target pfn ${newpage.pfn} (node ${newpage.node}) is freed at once (put_page).`,
  );
  return rc;
}
