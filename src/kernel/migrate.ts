/**
 * Eager page migration, as mbind(MPOL_MF_MOVE) does it without MPOL_MF_LAZY.
 *
 * @see mm/migrate.c migrate_pages(), unmap_and_move(), __unmap_and_move(), move_to_new_page(),
 *      migrate_page_move_mapping(), migrate_page_copy(), fallback_migrate_page(),
 *      putback_lru_pages(); mm/mempolicy.c new_vma_page().
 * do_mbind passes `true` as the migrate mode, i.e. MIGRATE_SYNC_LIGHT: a page under writeback
 * fails at once (-EBUSY). Counters follow 3.8 (pgmigrate_success / pgmigrate_fail did not exist in
 * 3.3), and the model also counts as failed the pages an -ENOMEM abort or exhausted retries leave.
 * Simplified: a locked page is never waited for (lock_page would sleep until its holder, the
 * scenario, unlocks it), so it just stays -EAGAIN.
 */
import { accountIsolated, putback_lru_page } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { clearPage, setPage, testPage, trylock_page, unlock_page } from "./page.ts";
import { addrOf } from "./pgtable.ts";
import { remove_migration_ptes, try_to_unmap } from "./rmap.ts";
import { replace_swap_cache_page } from "./swap_state.ts";
import { type Cpu, type PageStruct, PG, type RmapEntry } from "./types.ts";
import { count_vm_events } from "./vmstat.ts";

export type NewPageFn = (page: PageStruct) => PageStruct | null;
type Rc = 0 | "-EAGAIN" | "-EBUSY" | "-ENOMEM";

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
): number | "-ENOMEM" {
  let nrFailed = 0;
  let retry = 1;
  for (let pass = 0; pass < 10 && retry > 0; pass++) {
    retry = 0;
    for (const page of [...pagelist]) {
      const rc = unmap_and_move(k, pagelist, page, getNew, pass > 2, cpu);
      if (rc === "-ENOMEM") {
        countMigrate(k, 0, pagelist.length + nrFailed);
        return "-ENOMEM";
      }
      if (rc === "-EAGAIN") retry++;
      else if (rc !== 0) nrFailed++;
    }
  }
  countMigrate(k, 0, nrFailed + retry);
  return nrFailed + retry;
}

/** Who allocates the target page: 3.3's mbind callback, or 6.1's (mbind's or a hinting fault's). */
function newPageFn(k: Kernel): string {
  return k.variant === "mainline"
    ? "the caller's new-page function (6.1: new_page for mbind, alloc_misplaced_dst_page for a NUMA hinting fault)"
    : "new_vma_page";
}

export function countMigrate(k: Kernel, ok: number, failed: number): void {
  if (ok) count_vm_events(k, "pgmigrate_success", ok);
  if (failed) count_vm_events(k, "pgmigrate_fail", failed);
}

/** The page is done with (moved or failed for good): off the list, NR_ISOLATED_* down. */
function finish(k: Kernel, pagelist: PageStruct[], page: PageStruct): void {
  pagelist.splice(pagelist.indexOf(page), 1);
  accountIsolated(k, page, -1);
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
  force: boolean,
  cpu: Cpu,
): Rc {
  const newpage = getNew(page);
  if (!newpage) {
    emit(
      k,
      "unmap_and_move",
      () =>
        `${newPageFn(k)} finds no free page ${k.variant === "mainline" ? "where it may allocate" : "on any node the new policy allows"} for pfn ${page.pfn}: migrate_pages gives up with -ENOMEM.`,
    );
    return "-ENOMEM";
  }
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
  const rc = __unmap_and_move(k, page, newpage, force);
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
    const where =
      newpage.rmap.map((u) => `pid ${u.mm.pid} ${addrOf(u.vpn)}`).join(", ") || "no PTE";
    emit(
      k,
      "move_to_new_page",
      () =>
        `Contents and flags copied from pfn ${from} to pfn ${newpage.pfn} (node ${newpage.node}); remove_migration_ptes points ${where} at the new page. Both go back through cpu ${cpu}'s pagevec: the new one to join the LRU, the old one to be freed when the pagevec drains.`,
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

/**
 * __unmap_and_move - lock the page, refuse KSM and writeback, replace its PTEs with migration
 * entries (try_to_unmap TTU_MIGRATE_DIRECT), move it, and restore the PTEs to the old page if the
 * move failed.
 */
function __unmap_and_move(k: Kernel, page: PageStruct, newpage: PageStruct, force: boolean): Rc {
  const fail = (rc: Rc, why: string): Rc => {
    emit(k, "__unmap_and_move", () => `pfn ${page.pfn}: ${why}.`);
    return rc;
  };
  if (!trylock_page(k, page, "migrate_pages")) {
    const later = force ? "lock_page would sleep until its holder lets go" : "trylock_page fails";
    return fail(
      "-EAGAIN",
      `locked by ${page.lockedBy ?? "someone"}; ${later}, so this pass skips it (-EAGAIN)`,
    );
  }
  if (testPage(page, PG.ksm)) {
    unlock_page(k, page);
    return fail("-EBUSY", "KSM pages cannot be migrated (-EBUSY)");
  }
  if (testPage(page, PG.writeback)) {
    unlock_page(k, page);
    return fail(
      "-EBUSY",
      "under writeback, and mbind migrates in MIGRATE_SYNC_LIGHT mode, which does not wait (-EBUSY)",
    );
  }
  const users = [...page.rmap];
  emit(
    k,
    "unmap_and_move",
    () =>
      `Migrating pfn ${page.pfn} (node ${page.node}) to pfn ${newpage.pfn} on node ${newpage.node}, allocated by ${newPageFn(k)}${k.variant === "mainline" ? "" : " under the new policy"}.`,
  );
  try_to_unmap(k, page, "TTU_MIGRATE_DIRECT");
  let rc: Rc = "-EAGAIN";
  if (page.mapcount === 0) rc = move_to_new_page(k, newpage, page, users);
  if (rc !== 0) {
    // The users that try_to_unmap turned into migration entries get the old page back.
    const back = remove_migration_ptes(k, page, page, users);
    if (back.length > 0)
      emit(
        k,
        "__unmap_and_move",
        () =>
          `The move failed (${rc}): remove_migration_ptes points ${back.map((u) => `pid ${u.mm.pid} ${addrOf(u.vpn)}`).join(", ")} back at pfn ${page.pfn}, which stays on node ${page.node}.`,
      );
  }
  unlock_page(k, page);
  return rc;
}

/**
 * move_to_new_page - move the page's mapping (swap cache or page cache slot) and contents to
 * newpage, then point the migration entries at it. The expected page_count is 1 (isolation)
 * plus 1 for a swap-cache or page-cache page: an extra pin makes it -EAGAIN.
 */
function move_to_new_page(
  k: Kernel,
  newpage: PageStruct,
  page: PageStruct,
  users: readonly RmapEntry[],
): Rc {
  const file = page.mapping?.kind === "file" ? page.mapping.file : null;
  if (file && !file.migratepage && testPage(page, PG.dirty)) {
    emit(
      k,
      "fallback_migrate_page",
      () =>
        `pfn ${page.pfn} belongs to ${file.path}, which has no migratepage op, and is dirty: it would have to be written back first, which MIGRATE_SYNC_LIGHT does not do (-EBUSY).`,
    );
    return "-EBUSY";
  }
  const expected = file || page.swap !== null ? 2 : 1;
  if (page.count !== expected) {
    emit(
      k,
      "migrate_page_move_mapping",
      () =>
        `pfn ${page.pfn} has page_count ${page.count}, not the expected ${expected}: someone else holds a reference (a pin), so -EAGAIN.`,
    );
    return "-EAGAIN";
  }
  migrate_page_copy(k, newpage, page);
  if (page.swap !== null) replace_swap_cache_page(k, page, newpage);
  if (file) {
    file.pageCache.set(page.index, newpage.pfn);
    newpage.count++;
    page.count--;
  }
  remove_migration_ptes(k, page, newpage, users);
  page.mapping = null;
  return 0;
}

/** The state flags migrate_page_copy() carries over (PG_active moves separately). */
const COPIED_FLAGS = [PG.dirty, PG.uptodate, PG.swapbacked, PG.anon] as const;

/** migrate_page_copy - the new page takes over the old page's identity and state flags. */
export function migrate_page_copy(k: Kernel, newpage: PageStruct, page: PageStruct): void {
  k.log.move(page.pfn, newpage.pfn);
  newpage.mapping = page.mapping;
  newpage.index = page.index;
  // 6.1 folio_migrate_flags(): the new page inherits last_cpupid (NUMA balancing).
  const cpupid = k.numa?.lastCpupid.get(page.pfn);
  if (cpupid) k.numa?.lastCpupid.set(newpage.pfn, cpupid);
  for (const f of COPIED_FLAGS) {
    if (testPage(page, f)) setPage(k, newpage, f);
  }
  if (testPage(page, PG.active)) {
    clearPage(k, page, PG.active);
    setPage(k, newpage, PG.active);
  }
}

/** putback_lru_pages - return every page still on the list to the LRU. */
export function putback_lru_pages(k: Kernel, pagelist: PageStruct[], cpu: Cpu): void {
  for (const page of pagelist.splice(0, pagelist.length)) {
    accountIsolated(k, page, -1);
    putback_lru_page(k, page, cpu);
  }
}
