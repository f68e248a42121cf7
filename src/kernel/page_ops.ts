/**
 * Scenario operations that put pages into the states each branch of migrate_pages_unmap_only()
 * tests: a KSM merge, writeback in flight, the page lock held by someone else, an extra reference.
 *
 * @see mm/ksm.c try_to_merge_one_page() / write_protect_page(); mm/page-writeback.c
 *      test_set_page_writeback(), mm/filemap.c end_page_writeback(); include/linux/pagemap.h
 *      lock_page(); include/linux/mm.h get_page()/put_page() (as get_user_pages() pins do).
 * Simplified: ksm_merge turns each page into a KSM page in place, as if it were the stable copy of
 * identical content (the kernel merges identical pages into one); writeback never completes on
 * its own (end_writeback ends it); a locked page stays locked, and referenced by its locker,
 * until unlock_page.
 */

import { split_huge_page } from "./huge_memory.ts";
import { emit, type Kernel } from "./machine.ts";
import {
  clearPage,
  compound_head,
  get_page,
  inHugePage,
  pageOf,
  put_page,
  setPage,
  testPage,
  trylock_page,
  unlock_page,
} from "./page.ts";
import { addrOf, set_pte_at } from "./pgtable.ts";
import type { PageOp } from "./scenario.ts";
import { plural } from "./trace.ts";
import { type MmStruct, type PageStruct, type Pfn, PG, type Vpn } from "./types.ts";

/** The page an address leads to: the mapped page, or the swap-cache page of a swap entry. */
export function pageAt(k: Kernel, mm: MmStruct, vpn: Vpn): PageStruct | null {
  const pte = mm.ptes.get(vpn);
  if (!pte) return null;
  if (pte.kind === "swap") {
    const pfn = k.swap.cache[pte.slot] ?? -1;
    return pfn >= 0 ? pageOf(k, pfn as Pfn) : null;
  }
  return pageOf(k, pte.pfn);
}

/**
 * Who holds a lock the lock_page op takes, for the narration: the step itself, not "another
 * task", since the thread that took it may fault on the page next (a real one would deadlock).
 */
const SCENARIO_LOCK_HOLDER = "the lock_page step";
/** The holder's name for a lock_page step of thread `tid`. */
const lockHolder = (tid: number) => `${SCENARIO_LOCK_HOLDER} of tid ${tid}`;
/** The page's lock is a lock_page step's, which holds a reference with it. */
export const heldByLockStep = (page: PageStruct): boolean =>
  testPage(page, PG.locked) && page.lockedBy?.startsWith(SCENARIO_LOCK_HOLDER) === true;

/**
 * Apply one page operation to every page of [vpn, vpn + pages) of `mm`, done by thread `tid`;
 * returns how many pages it changed.
 */
export function pageOp(
  k: Kernel,
  mm: MmStruct,
  tid: number,
  op: PageOp,
  vpn: Vpn,
  pages: number,
): number {
  let changed = 0;
  let mapped = 0;
  for (let v = vpn; v < vpn + pages; v++) {
    let page = pageAt(k, mm, v as Vpn);
    if (!page) continue;
    mapped++;
    if (op === "ksm_merge" && inHugePage(page)) {
      split_huge_page(k, compound_head(k, page), "KSM only merges base pages");
      page = pageAt(k, mm, v as Vpn) as PageStruct;
    }
    const text = apply(k, mm, tid, op, page, v as Vpn);
    if (text) {
      changed++;
      emit(k, op, () => `${addrOf(v)} (pfn ${page.pfn}): ${text}`);
    }
  }
  // A step that changed nothing still gets a frame, so the student sees why.
  if (changed === 0) {
    const why = mapped === 0 ? "nothing is mapped there" : NOTHING_TO_DO[op];
    emit(k, op, () => `${plural(pages, "page")} at ${addrOf(vpn)}: ${why}, so nothing changes.`);
  }
  return changed;
}

/** Why an op left every mapped page of its range as it was. */
const NOTHING_TO_DO: Record<PageOp, string> = {
  // ksmd merges a swap-cache page too (write_protect_page counts its cache reference); the model
  // leaves those out, for their KSM paths in do_swap_page are not modelled.
  ksm_merge:
    "none is a present anonymous page outside the swap cache (the model's ksm_merge takes only those; ksmd would merge a swap-cache page too)",
  writeback: "each is already under writeback",
  end_writeback: "none is under writeback",
  lock_page: "each is already locked",
  unlock_page: "none is locked",
  get_page: "nothing is mapped there", // get_page pins any mapped page
  put_page: "none has a pin to drop",
};

function apply(
  k: Kernel,
  mm: MmStruct,
  tid: number,
  op: PageOp,
  page: PageStruct,
  vpn: Vpn,
): string | null {
  switch (op) {
    case "ksm_merge": {
      const pte = mm.ptes.get(vpn);
      if (pte?.kind !== "present" || page.mapping?.kind !== "anon" || testPage(page, PG.swapcache))
        return null;
      page.mapping = { kind: "ksm" };
      setPage(k, page, PG.ksm);
      for (const r of page.rmap) {
        const p = r.mm.ptes.get(r.vpn);
        if (p?.kind === "present") set_pte_at(k, r.mm, r.vpn, { ...p, writable: false });
      }
      return "ksmd merges it: now a KSM page, mapped read-only, so a write will copy it.";
    }
    case "writeback": {
      if (testPage(page, PG.writeback)) return null;
      if (page.mapping?.kind === "anon" && !testPage(page, PG.swapcache)) {
        setPage(k, page, PG.writeback);
        return "writeback starts (PG_writeback), as if reclaim were swapping the page out (a scripted state: the model gives it no swap slot).";
      }
      const cleaned = clear_page_dirty_for_io(k, page);
      setPage(k, page, PG.writeback);
      return `${cleaned}writeback starts (PG_writeback), as if the page were being written to disk.`;
    }
    case "end_writeback":
      if (!testPage(page, PG.writeback)) return null;
      clearPage(k, page, PG.writeback);
      return "writeback completes (PG_writeback cleared).";
    case "lock_page":
      // A task locks only a page it holds a reference to (find_lock_page, get_user_pages): the
      // reference keeps the page, still locked, through an munmap, which would otherwise free a
      // locked page (a bad_page() in the kernel).
      if (!trylock_page(k, page, lockHolder(tid))) return null;
      get_page(k, page);
      return `${lockHolder(tid)} takes a reference and the page lock (PG_locked) and holds them (page_count ${page.count}).`;
    case "unlock_page": {
      if (!testPage(page, PG.locked)) return null;
      const held = heldByLockStep(page);
      unlock_page(k, page);
      if (!held) return "the page lock is released.";
      put_page(k, page);
      return `the page lock is released, and the lock_page step's reference with it (page_count ${page.count}).`;
    }
    case "get_page":
      get_page(k, page);
      page.pins++;
      return `an extra reference pins it (page_count ${page.count}), as get_user_pages would.`;
    case "put_page":
      if (page.pins === 0) return null;
      page.pins--;
      put_page(k, page);
      return `the pin is dropped (page_count ${page.count}).`;
  }
}

/**
 * clear_page_dirty_for_io - what every ->writepage caller does before writeback starts: a file
 * page's PTEs are write-protected and cleaned (page_mkclean: its mapping accounts dirty pages),
 * and PG_dirty is cleared, so the page is clean while it is written and the next write faults
 * (do_wp_page) and dirties it again. A swap-cache page only loses PG_dirty (swap accounts no
 * dirty pages). The model has no PTE dirty bit: a writable PTE stands for a dirty one. Returns
 * what it did, for the narration ("" if the page was clean).
 * @see mm/page-writeback.c clear_page_dirty_for_io(), mm/rmap.c page_mkclean() (3.3.8);
 *      folio_clear_dirty_for_io(), folio_mkclean() in 6.1.
 */
function clear_page_dirty_for_io(k: Kernel, page: PageStruct): string {
  let protectedPtes = 0;
  if (page.mapping?.kind === "file")
    for (const r of page.rmap) {
      const p = r.mm.ptes.get(r.vpn);
      if (p?.kind !== "present" || !p.writable) continue;
      set_pte_at(k, r.mm, r.vpn, { ...p, writable: false });
      protectedPtes++;
    }
  const dirty = testPage(page, PG.dirty) || protectedPtes > 0;
  clearPage(k, page, PG.dirty);
  if (!dirty) return "";
  if (protectedPtes === 0) return "clear_page_dirty_for_io clears PG_dirty first; ";
  const ptes = protectedPtes === 1 ? "its PTE" : `its ${protectedPtes} PTEs`;
  return `clear_page_dirty_for_io cleans it first (page_mkclean makes ${ptes} read-only and clean, and PG_dirty is cleared: the next write faults and dirties it again); `;
}
