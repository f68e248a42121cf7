/**
 * Moving one page: what unmap_and_move() in both kernels calls, with the helpers migrate_pages()
 * and the lazy and misplaced paths share.
 *
 * @see mm/migrate.c __unmap_and_move(), move_to_new_page(), migrate_page_move_mapping(),
 *      migrate_page_copy(), fallback_migrate_page() (3.3; 6.1: the folio versions). How each
 *      migrate mode meets a locked page, writeback and a dirty page with no migratepage op is in
 *      migrate.ts's comment.
 */
import { accountIsolated } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { clearPage, setPage, testPage, trylock_page, unlock_page } from "./page.ts";
import { addrOf } from "./pgtable.ts";
import { remove_migration_ptes, try_to_unmap } from "./rmap.ts";
import { replace_swap_cache_page } from "./swap_state.ts";
import { type PageStruct, PG, type RmapEntry } from "./types.ts";
import { count_vm_events } from "./vmstat.ts";

export type NewPageFn = (page: PageStruct) => PageStruct | null;
export type Rc = 0 | "-EAGAIN" | "-EBUSY" | "-ENOMEM";
/** enum migrate_mode, as each caller passes it (see the file's comment). */
export type MigrateMode = "MIGRATE_ASYNC" | "MIGRATE_SYNC_LIGHT" | "MIGRATE_SYNC";

/** Who allocates the target page: 3.3's mbind callback, or 6.1's (mbind's or a hinting fault's). */
function newPageFn(k: Kernel): string {
  return k.variant === "mainline"
    ? "the caller's new-page function (6.1: new_page for mbind, alloc_misplaced_dst_page for a NUMA hinting fault)"
    : "new_vma_page";
}

/** PGMIGRATE_SUCCESS / PGMIGRATE_FAIL, counted as migrate_pages() counts them from 3.8 on. */
export function countMigrate(k: Kernel, ok: number, failed: number): void {
  if (ok) count_vm_events(k, "pgmigrate_success", ok);
  if (failed) count_vm_events(k, "pgmigrate_fail", failed);
}

/** The page is done with (moved or failed for good): off the list, NR_ISOLATED_* down. */
export function finish(k: Kernel, pagelist: PageStruct[], page: PageStruct): void {
  pagelist.splice(pagelist.indexOf(page), 1);
  accountIsolated(k, page, -1);
}

/** No target page: -ENOMEM, and migrate_pages gives up on the whole list. */
export function noTarget(k: Kernel, page: PageStruct): Rc {
  emit(
    k,
    "unmap_and_move",
    () =>
      `${newPageFn(k)} finds no free page ${k.variant === "mainline" ? "where it may allocate" : "on any node the new policy allows"} for pfn ${page.pfn}: migrate_pages gives up with -ENOMEM.`,
  );
  return "-ENOMEM";
}

/** How a pass migrates: `force` from the fourth pass on, in the caller's mode. */
export interface How {
  readonly force: boolean;
  readonly mode: MigrateMode;
}

/**
 * What a locked page meets: a wait from the fourth pass, except in MIGRATE_ASYNC. The kernel
 * would sleep in lock_page and then move the page; the holder here is the scenario, whose later
 * steps cannot run while the call waits, so the model counts the pass as failed instead.
 */
function lockedWhy(how: How): string {
  if (how.mode === "MIGRATE_ASYNC")
    return "MIGRATE_ASYNC never waits for a page lock, so this pass skips it";
  return how.force
    ? "from this pass on the kernel would sleep in lock_page until its holder lets go, then move it; the model cannot wait for a later step, so it counts the page as not moved on this pass"
    : "trylock_page fails, so this pass skips it";
}

/** What a page under writeback meets: only MIGRATE_SYNC waits for it, from the fourth pass. */
function writebackRc(how: How): [Rc, string] {
  if (how.mode !== "MIGRATE_SYNC")
    return ["-EBUSY", `under writeback, and ${how.mode} does not wait for it (-EBUSY)`];
  return [
    "-EAGAIN",
    how.force
      ? "under writeback: MIGRATE_SYNC would wait for it to end, which in the model only a later step does, so this pass skips it (-EAGAIN)"
      : "under writeback: MIGRATE_SYNC waits for it only from the fourth pass, so this pass skips it (-EAGAIN)",
  ];
}

/**
 * __unmap_and_move - lock the page, refuse KSM and writeback, replace its PTEs with migration
 * entries (try_to_unmap TTU_MIGRATE_DIRECT), move it, and restore the PTEs to the old page if the
 * move failed.
 */
export function __unmap_and_move(k: Kernel, page: PageStruct, newpage: PageStruct, how: How): Rc {
  const fail = (rc: Rc, why: string): Rc => {
    emit(k, "__unmap_and_move", () => `pfn ${page.pfn}: ${why}.`);
    return rc;
  };
  if (!trylock_page(k, page, "migrate_pages")) {
    return fail("-EAGAIN", `locked by ${page.lockedBy ?? "someone"}; ${lockedWhy(how)} (-EAGAIN)`);
  }
  if (testPage(page, PG.ksm)) {
    unlock_page(k, page);
    return fail(
      "-EBUSY",
      k.variant === "mainline"
        ? "a KSM page: 6.1 can move one (through rmap_walk_ksm), but the model leaves KSM pages where they are (-EBUSY)"
        : "KSM pages cannot be migrated outside memory hotplug (-EBUSY)",
    );
  }
  if (testPage(page, PG.writeback)) {
    unlock_page(k, page);
    const [rc, why] = writebackRc(how);
    return fail(rc, why);
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
  if (page.mapcount === 0) rc = move_to_new_page(k, newpage, page, users, how.mode);
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
 * 3.3 sets PG_swapbacked on newpage before it tries (mm/migrate.c, 3.3.8), and a failure leaves
 * it set: the unused newpage of an anonymous page then goes back through the inactive anon
 * pagevec, beside the pages that moved away (6.1 sets it only once the move cannot fail, and
 * frees an unused newpage at once).
 */
function move_to_new_page(
  k: Kernel,
  newpage: PageStruct,
  page: PageStruct,
  users: readonly RmapEntry[],
  mode: MigrateMode,
): Rc {
  const file = page.mapping?.kind === "file" ? page.mapping.file : null;
  if (k.variant !== "mainline" && testPage(page, PG.swapbacked)) setPage(k, newpage, PG.swapbacked);
  if (file && !file.migratepage && testPage(page, PG.dirty)) {
    if (mode === "MIGRATE_SYNC") {
      // writeout() starts the write and returns -EAGAIN, the PTEs come back clean, and a later
      // pass moves the clean page. The model has no PTE dirty bit (a writable PTE stands for a
      // dirty one), so a retry would find the page dirty again: it finishes the write at once
      // and moves the page now, which ends where the kernel does.
      clearPage(k, page, PG.dirty);
      emit(
        k,
        "fallback_migrate_page",
        () =>
          `pfn ${page.pfn} belongs to ${file.path}, which has no migratepage op, and is dirty: MIGRATE_SYNC writes it out first (writeout). The kernel then returns -EAGAIN and moves the clean page on a later pass; the model finishes the write at once and moves it now.`,
      );
    } else {
      emit(
        k,
        "fallback_migrate_page",
        () =>
          `pfn ${page.pfn} belongs to ${file.path}, which has no migratepage op, and is dirty: it would have to be written back first, which ${mode} does not do (-EBUSY).`,
      );
      return "-EBUSY";
    }
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
