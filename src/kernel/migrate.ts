/**
 * Eager page migration, as mbind(MPOL_MF_MOVE) does it without MPOL_MF_LAZY, and (6.1) as a NUMA
 * hinting fault does it for one page.
 *
 * @see mm/migrate.c migrate_pages(), unmap_and_move(), __unmap_and_move(), move_to_new_page(),
 *      migrate_page_move_mapping(), migrate_page_copy(), fallback_migrate_page(),
 *      putback_lru_pages(); mm/mempolicy.c new_vma_page().
 * The migrate mode is the caller's: 3.3's do_mbind passes `true`, i.e. MIGRATE_SYNC_LIGHT (a page
 * under writeback fails at once, -EBUSY); 6.1's passes MIGRATE_SYNC (writeback is waited for from
 * the fourth pass, and a dirty page with no migratepage op is written out first); 6.1's hinting
 * fault passes MIGRATE_ASYNC (nothing is waited for). Counters: pgmigrate_success /
 * pgmigrate_fail did not exist in 3.3 (3.8 added them); the model counts them as 6.1 does, a page
 * still -EAGAIN after the last pass as failed (3.8 counted only permanent failures), and under 3.3
 * also the pages an -ENOMEM abort leaves, where 6.1 counts that page and the pass's retries.
 * Simplified: nothing is ever waited for (lock_page or wait_on_page_writeback would sleep until
 * the scenario unlocks the page or ends its writeback), so such a page just stays -EAGAIN.
 */

import { accountIsolated, putback_lru_page } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { unmap_and_move_61 } from "./mainline/unmap_and_move.ts";
import {
  __unmap_and_move,
  countMigrate,
  finish,
  type How,
  type MigrateMode,
  type NewPageFn,
  noTarget,
  type Rc,
} from "./migrate_page.ts";
import { testPage } from "./page.ts";
import { addrOf } from "./pgtable.ts";
import { type Cpu, type PageStruct, PG } from "./types.ts";

export type { MigrateMode, NewPageFn } from "./migrate_page.ts";

/**
 * migrate_pages - migrate every page on `pagelist` to a page from `getNew`. Pages that finish
 * (moved or failed for good) leave the list; what remains is for the caller's putback_lru_pages().
 * Returns 0, the number of pages not migrated, or -ENOMEM when allocation failed.
 */
export function migrate_pages(
  k: Kernel,
  pagelist: PageStruct[],
  getNew: NewPageFn,
  cpu: Cpu,
  mode: MigrateMode,
): number | "-ENOMEM" {
  let nrFailed = 0;
  let retry = 1;
  const one = k.variant === "mainline" ? unmap_and_move_61 : unmap_and_move;
  for (let pass = 0; pass < 10 && retry > 0; pass++) {
    retry = 0;
    for (const page of [...pagelist]) {
      const rc = one(k, pagelist, page, getNew, { force: pass > 2, mode }, cpu);
      if (rc === "-ENOMEM") {
        countMigrate(
          k,
          0,
          k.variant === "mainline" ? nrFailed + 1 + retry : pagelist.length + nrFailed,
        );
        return "-ENOMEM";
      }
      if (rc === "-EAGAIN") retry++;
      else if (rc !== 0) nrFailed++;
    }
  }
  countMigrate(k, 0, nrFailed + retry);
  return nrFailed + retry;
}

/**
 * unmap_and_move - one page: get the target page first (no page: -ENOMEM stops everything), skip
 * a page freed under us, else __unmap_and_move(). Unless -EAGAIN, the page leaves the list and
 * goes back through the pagevec (a page that moved is freed when the pagevec drains). The target
 * page always goes through putback_lru_page too: used, it joins the LRU; unused (the move failed
 * or was not needed), it waits in the pagevec and is freed when the pagevec drains.
 */
function unmap_and_move(
  k: Kernel,
  pagelist: PageStruct[],
  page: PageStruct,
  getNew: NewPageFn,
  how: How,
  cpu: Cpu,
): Rc {
  const newpage = getNew(page);
  if (!newpage) return noTarget(k, page);
  if (page.count === 1) {
    finish(k, pagelist, page);
    putback_lru_page(k, page, cpu);
    putback_lru_page(k, newpage, cpu);
    countMigrate(k, 1, 0);
    emit(
      k,
      "unmap_and_move",
      () =>
        `pfn ${page.pfn} was freed under us (only the isolation reference was left): nothing to move. It and the unused target pfn ${newpage.pfn} go back through cpu ${cpu}'s pagevec, to be freed when it drains.`,
    );
    return 0;
  }
  const rc = __unmap_and_move(k, page, newpage, how);
  if (rc !== "-EAGAIN") {
    finish(k, pagelist, page);
    // A migrated page has lost every user but our isolation reference; it goes back through the
    // pagevec like any other and is freed when the pagevec drains.
    putback_lru_page(k, page, cpu);
  }
  if (rc === 0) {
    const from = page.pfn;
    putback_lru_page(k, newpage, cpu);
    countMigrate(k, 1, 0);
    const where = newpage.rmap.map((u) => `pid ${u.mm.pid} ${addrOf(u.vpn)}`).join(", ");
    // A swap-cache page's PTEs became swap entries, not migration entries (try_to_unmap_one):
    // nothing for remove_migration_ptes to restore; the next touch finds the new page by its slot.
    const ptes = where
      ? `remove_migration_ptes points ${where} at the new page`
      : testPage(newpage, PG.swapcache)
        ? `its PTEs stay swap entries (a swap-cache page gets those, not migration entries), so remove_migration_ptes has nothing to restore; the next touch finds the new page in the swap cache by slot ${newpage.swap}`
        : "no PTE maps it";
    emit(
      k,
      "move_to_new_page",
      () =>
        `Contents and flags copied from pfn ${from} to pfn ${newpage.pfn} (node ${newpage.node}); ${ptes}. Both go back through cpu ${cpu}'s pagevec: the new one to join the LRU, the old one to be freed when the pagevec drains.`,
    );
  } else {
    putback_lru_page(k, newpage, cpu);
    emit(
      k,
      "unmap_and_move",
      () =>
        `The unused target pfn ${newpage.pfn} (node ${newpage.node}) goes back through cpu ${cpu}'s pagevec with putback_lru_page; it is freed when the pagevec drains.`,
    );
  }
  return rc;
}

/** putback_lru_pages - return every page still on the list to the LRU. */
export function putback_lru_pages(k: Kernel, pagelist: PageStruct[], cpu: Cpu): void {
  for (const page of pagelist.splice(0, pagelist.length)) {
    accountIsolated(k, page, -1);
    putback_lru_page(k, page, cpu);
  }
}
