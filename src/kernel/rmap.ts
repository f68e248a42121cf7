/**
 * The reverse map: which PTEs map a page, and unmapping a page from all of them.
 *
 * @see mm/rmap.c page_add_new_anon_rmap(), page_add_anon_rmap(), page_add_file_rmap(),
 *      page_remove_rmap(), try_to_unmap() / try_to_unmap_one() with the RFC 03/26 ttu_flags
 *      (TTU_MIGRATE_DIRECT, TTU_MIGRATE_DEFERRED), and mm/migrate.c remove_migration_ptes().
 * Simplified: the kernel finds a page's PTEs by walking anon_vma chains or the file's i_mmap tree;
 * the model keeps the list of (mm, vpn) on the page itself. mlock and young bits are not modelled.
 */
import { lru_cache_add_lru } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { NO_RMAP } from "./mem_map.ts";
import { get_page, put_page, setPage, testPage } from "./page.ts";
import {
  addrOf,
  make_migration_entry,
  mk_pte,
  set_pte_at,
  swp_entry_to_pte,
  vaddr,
} from "./pgtable.ts";
import { said, type Text } from "./said.ts";
import { swap_duplicate } from "./swapfile.ts";
import {
  type Cpu,
  type Mapping,
  type MmStruct,
  type PageStruct,
  PG,
  type Pte,
  type RmapEntry,
  type Vma,
  type Vpn,
} from "./types.ts";
import { anon_vma_prepare } from "./vma_merge.ts";

/**
 * page_address_in_vma - where `vma` would map `page`, or null (the kernel's -EFAULT): an anon page
 * only in a VMA of its anon_vma, a file page only in a VMA of its file, and in either case only
 * if the page's offset falls inside the VMA (vma_address). Whether a PTE maps it there is not
 * asked. @see mm/rmap.c page_address_in_vma() (3.3 and 6.1). A base page only: 6.1 also places a
 * large folio whose head lies below the VMA but whose tail overlaps it, and the model's walks
 * split every huge page before they queue it, so none reaches here.
 */
export function page_address_in_vma(page: PageStruct, vma: Vma): Vpn | null {
  const m = page.mapping;
  if (m?.kind === "anon") {
    if (vma.anonVma !== m.anonVma) return null;
  } else if (m?.kind === "file") {
    if (vma.file !== m.file) return null;
  } else return null;
  const vpn = vma.start + (page.index - vma.pgoff);
  return vpn >= vma.start && vpn < vma.end ? (vpn as Vpn) : null;
}

/**
 * The loop of new_vma_page() (3.3) and new_page() (6.1), both in mm/mempolicy.c: from
 * find_vma(start) on, the first VMA where page_address_in_vma() places the page, with that
 * address. None: no VMA (the allocation then follows the task's or the default policy) and, for
 * the address, where this mm maps it.
 */
export function vmaFrom(mm: MmStruct, page: PageStruct, start: Vpn): [Vma | null, Vpn] {
  for (const vma of mm.vmas) {
    if (vma.end <= start) continue;
    const vpn = page_address_in_vma(page, vma);
    if (vpn !== null) return [vma, vpn];
  }
  const r = page.rmap.find((e) => e.mm === mm) ?? page.rmap[0];
  return [null, (r?.vpn ?? page.index) as Vpn];
}

/**
 * Most pages have one mapping: a page's first takes the one-entry list its PTE slot keeps
 * (page_table.ts rmapList), and drops it again when that mapping goes; a second mapping copies it
 * into a list of the page's own. A list allocated per mapping, grown by push and emptied by pop,
 * cost an allocation at each of the thousands of faults a large run makes.
 * So a list of one entry may be shared: it is never changed in place (copied here, dropped by
 * page_remove_rmap). Freezing the shared lists said so, but made every read of an rmap slower.
 */
function addRmap(k: Kernel, page: PageStruct, mm: MmStruct, vpn: Vpn): void {
  const single = mm.ptes.rmapList(mm, vpn);
  const rmap = page.rmap;
  if (rmap === NO_RMAP) page.rmap = single as RmapEntry[];
  else if (rmap.length === 1) page.rmap = [rmap[0] as RmapEntry, single[0] as RmapEntry];
  else rmap.push(single[0] as RmapEntry);
  page.mapcount++;
  k.log.page(page.pfn);
}

/**
 * The page->mapping of an anon page: its VMA's anon_vma, one object per anon_vma that every page
 * in it points at, as __page_set_anon_rmap() stores the one vma->anon_vma pointer (mm/rmap.c).
 * Shared, the counters' per-frame look at a page's mapping does not chase a pointer per page.
 */
export function anon_vma_mapping(k: Kernel, anonVma: number): Mapping {
  let mapping = k.anonVmas[anonVma];
  if (mapping === undefined) {
    mapping = { kind: "anon", anonVma };
    k.anonVmas[anonVma] = mapping;
  }
  return mapping;
}

/**
 * page_add_new_anon_rmap - a freshly allocated anon page gets its first mapping and goes to the
 * LRU through the faulting CPU's pagevec. The PTE's reference is the allocation's. On 3.3 it
 * joins the active anon list: page_add_new_anon_rmap() calls lru_cache_add_lru(page,
 * LRU_ACTIVE_ANON), and __pagevec_lru_add_fn() sets PG_active when the pagevec drains (lru.ts).
 * Since 5.9 (b518154e59aa, "protect the workingset on anonymous LRU") it adds no page to the
 * LRU, and its callers (do_anonymous_page, wp_page_copy, the THP fault) call
 * lru_cache_add_inactive_or_unevictable(), so on 6.1 with the classic LRU (MGLRU is built but off
 * in Debian's 6.1) the page joins the inactive list.
 */
export function page_add_new_anon_rmap(
  k: Kernel,
  page: PageStruct,
  vma: Vma,
  mm: MmStruct,
  vpn: Vpn,
  cpu: Cpu,
): void {
  setPage(k, page, PG.swapbacked);
  setPage(k, page, PG.anon);
  setPage(k, page, PG.uptodate);
  anon_vma_prepare(k, mm, vma);
  page.mapping = anon_vma_mapping(k, vma.anonVma);
  page.index = vpn;
  addRmap(k, page, mm, vpn);
  lru_cache_add_lru(k, page, k.variant === "mainline" ? "inactive_anon" : "active_anon", cpu);
}

/** page_add_anon_rmap / page_add_file_rmap - one more PTE maps an existing page (takes a ref). */
export function page_add_rmap(k: Kernel, page: PageStruct, mm: MmStruct, vpn: Vpn): void {
  get_page(k, page);
  addRmap(k, page, mm, vpn);
}

/** page_remove_rmap - a PTE no longer maps the page. The caller drops the PTE's reference. */
export function page_remove_rmap(k: Kernel, page: PageStruct, mm: MmStruct, vpn: Vpn): void {
  const rmap = page.rmap;
  let i = 0;
  while (i < rmap.length && !(rmap[i]?.mm === mm && rmap[i]?.vpn === vpn)) i++;
  if (i === rmap.length)
    throw new Error(`pfn ${page.pfn} has no rmap for pid ${mm.pid} ${addrOf(vpn)}`);
  if (rmap.length === 1) {
    page.rmap = NO_RMAP; // a slot's shared list (or the page's own), never changed in place
  } else {
    // Shifted down in place, keeping the order: splice would allocate the removed entry's array
    // on every unmap.
    for (let j = i + 1; j < rmap.length; j++) rmap[j - 1] = rmap[j] as RmapEntry;
    rmap.pop();
  }
  page.mapcount--;
  k.log.page(page.pfn);
}

export type TtuMode = "TTU_MIGRATE_DIRECT" | "TTU_MIGRATE_DEFERRED";

/** What try_to_unmap_one made of a PTE, for its narration. */
function unmappedAs(pte: Pte | null): Text {
  if (pte === null) return "is cleared; the page stays in the page cache";
  if (pte.kind === "swap") return said`becomes a swap entry for slot ${pte.slot}`;
  return "becomes a migration entry (a fault on it would wait for the migration)";
}

/**
 * try_to_unmap - unmap a page from every PTE that maps it. Returns true for SWAP_SUCCESS.
 * Caller holds the page lock.
 *
 * Per PTE (try_to_unmap_one): an anon page in the swap cache gets a swap entry for its slot (for
 * either mode: that is 3.3's code order); other anon pages get a migration entry (direct mode);
 * a file page gets a migration entry in direct mode and is simply unmapped in deferred mode, to be
 * found again in the page cache on the next fault.
 */
export function try_to_unmap(k: Kernel, page: PageStruct, mode: TtuMode): boolean {
  if (!testPage(page, PG.locked)) throw new Error("try_to_unmap: page not locked");
  // page_remove_rmap takes each entry off the front of the list, so the loop reads the entries
  // in order from rmap[0] without copying the list first.
  for (let n = page.rmap.length; n > 0; n--) {
    const { mm, vpn } = page.rmap[0] as RmapEntry;
    const pte = mm.ptes.get(vpn);
    const writable = pte?.kind === "present" && pte.writable;
    if (writable) setPage(k, page, PG.dirty);
    let now: Pte | null = null; // deferred mode, file page: cleared, found again in the page cache
    if (page.mapping?.kind !== "file" && page.swap !== null) {
      swap_duplicate(k, page.swap);
      now = swp_entry_to_pte(k, page.swap);
    } else if (mode === "TTU_MIGRATE_DIRECT") {
      now = make_migration_entry(k, page.pfn, writable);
    }
    set_pte_at(k, mm, vpn, now);
    page_remove_rmap(k, page, mm, vpn);
    put_page(k, page);
    emit(
      k,
      "try_to_unmap_one",
      k.narrate &&
        said`${k.variant === "mainline" ? "try_to_migrate (6.1)" : mode}: pid ${mm.pid}'s PTE for 0x${vaddr(vpn)} ${unmappedAs(now)}; pfn ${page.pfn} mapcount is now ${page.mapcount}.`,
    );
  }
  return page.mapcount === 0;
}

/**
 * remove_migration_ptes - every migration entry for `old` becomes a present PTE for `page`
 * (the new page on success, the old one when migration failed). Takes a reference per PTE.
 * Returns the users it changed, for the narration.
 */
export function remove_migration_ptes<U extends { mm: MmStruct; vpn: Vpn }>(
  k: Kernel,
  old: PageStruct,
  page: PageStruct,
  users: readonly U[],
): U[] {
  const changed: U[] = [];
  for (const u of users) {
    const pte = u.mm.ptes.get(u.vpn);
    if (pte?.kind !== "migration" || pte.pfn !== old.pfn) continue;
    set_pte_at(k, u.mm, u.vpn, mk_pte(k, page.pfn, pte.writable));
    page_add_rmap(k, page, u.mm, u.vpn);
    changed.push(u);
  }
  return changed;
}
