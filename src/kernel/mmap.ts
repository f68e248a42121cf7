/**
 * Address-space layout: VMAs, mmap, munmap, and splitting a VMA so part of it can get a policy.
 *
 * @see mm/mmap.c find_vma(), do_mmap_pgoff(), do_munmap(), unmap_region(), split_vma();
 *      mm/memory.c zap_pte_range(); mm/swapfile.c free_swap_and_cache(); mm/swap_state.c
 *      free_pages_and_swap_cache(); mm/mempolicy.c mbind_range().
 * Simplified: mmap at an address behaves as MAP_FIXED (it replaces what was there); file mappings
 * are MAP_SHARED; the TLB gather is flushed once, at the end of the unmap, rather than whenever its
 * batch fills. Neighbouring VMAs that could be one mapping are merged after mmap and mbind_range
 * (vma_merge.ts), as mmap_region() and mbind_range() do.
 */

import { split_huge_page } from "./huge_memory.ts";
import { lru_add_drain } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import {
  clearPage,
  compound_head,
  inHugePage,
  pageOf,
  put_page,
  setPage,
  testPage,
} from "./page.ts";
import { heldByLockStep } from "./page_ops.ts";
import { addrOf, set_pte_at } from "./pgtable.ts";
import { page_remove_rmap } from "./rmap.ts";
import { said } from "./said.ts";
import { delete_from_swap_cache, try_to_free_swap } from "./swap_state.ts";
import { swap_free, vm_swap_full } from "./swapfile.ts";
import { plural } from "./trace.ts";
import {
  type Cpu,
  type FileObject,
  LruWhere,
  type Mempolicy,
  type MmStruct,
  type PageStruct,
  type Pfn,
  PG,
  type SwapSlot,
  type Vma,
  type Vpn,
} from "./types.ts";
import { anon_vma_clone } from "./vma_merge.ts";

/** find_vma - the first VMA that ends above `vpn` (it may start above it, too). */
export function find_vma(mm: MmStruct, vpn: number): Vma | null {
  for (const v of mm.vmas) if (v.end > vpn) return v;
  return null;
}

/** The VMA containing `vpn`, or null. */
export function vmaAt(mm: MmStruct, vpn: number): Vma | null {
  const v = find_vma(mm, vpn);
  return v && v.start <= vpn ? v : null;
}

function sortVmas(mm: MmStruct): void {
  mm.vmas.sort((a, b) => a.start - b.start);
}

/**
 * vma_adjust_trans_huge - a huge PMD cannot map across two VMAs, so a cut inside a huge page
 * splits it first (3.3 mm/huge_memory.c __vma_adjust_trans_huge() → split_huge_page_address() →
 * split_huge_page_pmd(), which in 3.3 splits the page itself). 6.1 splits only the PMD and keeps
 * the huge page, mapped by PTEs; the model, which has no PTE-mapped huge page, splits the page
 * there too and says so.
 */
function vma_adjust_trans_huge(k: Kernel, mm: MmStruct, vma: Vma, at: Vpn): void {
  const pte = mm.ptes.get(at);
  if (pte?.kind !== "present") return;
  const page = pageOf(k, pte.pfn);
  if (!inHugePage(page)) return;
  const head = compound_head(k, page);
  // A cut at the huge page's first page leaves it whole on one side.
  if (head.pfn === page.pfn) return;
  split_huge_page(
    k,
    head,
    `VMA ${vma.id} is cut at ${addrOf(at)}, inside a huge page, and one PMD cannot map across two VMAs: vma_adjust_trans_huge splits it first${k.variant === "mainline" ? " (6.1 splits only the PMD, keeping the huge page mapped by PTEs; the model, which has no PTE-mapped huge page, splits the page)" : ""}`,
  );
}

/**
 * split_vma - cut a VMA at `at`; both halves keep file and policy, and its anon_vma if it has
 * one. One that has none yet (no anonymous fault) leaves both halves with none: the copy of the
 * NULL pointer, so each gets its own at its first fault, or reuses a neighbour's (anon_vma_prepare).
 */
function split_vma(k: Kernel, mm: MmStruct, vma: Vma, at: Vpn): Vma {
  vma_adjust_trans_huge(k, mm, vma, at);
  const tail: Vma = {
    id: k.seq.vma++,
    start: at,
    end: vma.end,
    pgoff: vma.pgoff + (at - vma.start),
    file: vma.file,
    thp: vma.thp,
    policy: vma.policy,
    anonVma: anon_vma_clone(k, vma),
  };
  vma.end = at;
  mm.vmas.push(tail);
  sortVmas(mm);
  k.log.layoutChanged();
  return tail;
}

/**
 * Split VMAs so that [start, end) is covered by whole VMAs; returns those VMAs. `leave`: VMAs the
 * caller has nothing to do to, which are not split (mbind_range passes over a VMA that already
 * has the policy, `mpol_equal`, before any split_vma).
 */
export function splitVmasToRange(
  k: Kernel,
  mm: MmStruct,
  start: Vpn,
  end: Vpn,
  leave: (v: Vma) => boolean = () => false,
): Vma[] {
  for (const v of [...mm.vmas]) {
    if (v.start < start && v.end > start && !leave(v)) split_vma(k, mm, v, start);
  }
  for (const v of [...mm.vmas]) {
    if (v.start < end && v.end > end && !leave(v)) split_vma(k, mm, v, end);
  }
  return mm.vmas.filter((v) => v.start >= start && v.end <= end);
}

/** do_mmap_pgoff - a new anonymous or file VMA at a fixed address. */
export function do_mmap_pgoff(
  k: Kernel,
  mm: MmStruct,
  start: Vpn,
  pages: number,
  file: FileObject | null,
  thp: boolean,
  cpu: Cpu,
): Vma {
  const end = (start + pages) as Vpn;
  if (mm.vmas.some((v) => v.start < end && v.end > start)) do_munmap(k, mm, start, end, cpu);
  const vma: Vma = {
    id: k.seq.vma++,
    start,
    end,
    pgoff: file ? 0 : start,
    file,
    thp,
    policy: null,
    anonVma: k.seq.anonVma++,
  };
  mm.vmas.push(vma);
  sortVmas(mm);
  k.log.layoutChanged();
  const what = file
    ? `file ${file.path}`
    : thp
      ? "anonymous memory (THP enabled)"
      : "anonymous memory";
  emit(
    k,
    "do_mmap_pgoff",
    () =>
      `pid ${mm.pid} maps ${plural(pages, "page")} of ${what} at ${addrOf(start)}; no page is allocated until first touch.`,
  );
  return vma;
}

/**
 * zap_pte_range for one PTE: drop the mapping or the swap reference. A huge page is here only
 * when wholly inside the range (zap_huge_pmd): one the range cuts was split when its VMA was
 * (split_vma's vma_adjust_trans_huge). A mapped page keeps the PTE's reference in the TLB gather
 * (`gather`, tlb_remove_page), to be released when the TLB is flushed.
 */
function zap_pte(k: Kernel, mm: MmStruct, vpn: Vpn, gather: PageStruct[]): void {
  const pte = mm.ptes.get(vpn);
  if (!pte) return;
  set_pte_at(k, mm, vpn, null);
  if (pte.kind === "present") {
    const page = pageOf(k, pte.pfn);
    const head = inHugePage(page) ? compound_head(k, page) : null;
    page_remove_rmap(k, page, mm, vpn);
    gather.push(page);
    if (head) dissolveIfUnmapped(k, head);
  } else if (pte.kind === "swap") {
    free_swap_and_cache(k, pte.slot);
  }
}

/** The last mapping of a huge page is gone: it stops being a compound page (__free_pages). */
function dissolveIfUnmapped(k: Kernel, head: PageStruct): void {
  if (head.compound < 2) return;
  for (let i = 0; i < head.compound; i++) {
    if (pageOf(k, (head.pfn + i) as Pfn).mapcount > 0) return;
  }
  head.compound = 1;
  clearPage(k, head, PG.head);
}

/** free_swap_and_cache - drop a swap reference; an unused swap-cache page is freed with it. */
function free_swap_and_cache(k: Kernel, slot: SwapSlot): void {
  swap_free(k, slot);
  const pfn = k.swap.cache[slot] ?? -1;
  if (pfn < 0 || (k.swap.map[slot] ?? 0) > 0) return;
  const page = pageOf(k, pfn as Pfn);
  if (testPage(page, PG.writeback) || testPage(page, PG.locked)) {
    // free_swap_and_cache's trylock_page and PageWriteback tests: the page stays in the swap
    // cache. A scenario's page ops reach pages through PTEs, so with none left nothing in the
    // scenario can end this writeback or lock: the page and its slot stay to the end.
    if (k.narrate)
      k.note.push(
        said`pfn ${pfn} stays in the swap cache with slot ${slot}: it is ${testPage(page, PG.writeback) ? "under writeback" : "locked"}, and free_swap_and_cache leaves such a page${page.mapcount === 0 ? " (with no PTE left, no later step of the scenario can reach it)" : ""}.`,
      );
    return;
  }
  if (page.mapcount === 0 || vm_swap_full(k)) {
    // Out of the swap cache, a page still mapped must not be taken for clean by reclaim (the
    // kernel holds its own reference here: set before the swap cache's goes, which may free it).
    setPage(k, page, PG.dirty);
    delete_from_swap_cache(k, page);
  }
}

/**
 * do_munmap - remove [start, end) on behalf of a thread running on `cpu`: unmap_region() drains
 * that CPU's pagevecs, zaps the PTEs, drops the VMAs, and flushes the TLB gather.
 * Returns the number of PTEs zapped.
 */
export function do_munmap(k: Kernel, mm: MmStruct, start: Vpn, end: Vpn, cpu: Cpu): number {
  const gone = splitVmasToRange(k, mm, start, end);
  // unmap_region: lru_add_drain() first, so pages still in this CPU's pagevec do not outlive the
  // mapping by the pagevec's reference.
  const drained = lru_add_drain(k, cpu);
  if (drained > 0) {
    emit(k, "unmap_region", () =>
      k.variant === "mainline"
        ? `unmap_region starts with lru_add_drain: cpu ${cpu}'s lru_add batch puts ${plural(drained, "page")} on the LRU lists, so no batch reference keeps them alive once they are unmapped.`
        : `unmap_region starts with lru_add_drain: cpu ${cpu}'s pagevecs put ${plural(drained, "page")} on the LRU lists, so no pagevec reference keeps them alive once they are unmapped.`,
    );
  }
  const gather: PageStruct[] = [];
  let zapped = 0;
  for (const v of gone) {
    for (let vpn = v.start; vpn < v.end; vpn++) {
      if (mm.ptes.has(vpn as Vpn)) {
        zap_pte(k, mm, vpn as Vpn, gather);
        zapped++;
      }
    }
  }
  mm.vmas = mm.vmas.filter((v) => !gone.includes(v));
  k.log.layoutChanged();
  emit(
    k,
    "do_munmap",
    () =>
      `pid ${mm.pid} unmaps ${plural(end - start, "page")} at ${addrOf(start)}: zap_pte_range clears ${plural(zapped, "PTE")}; a swap entry drops its slot reference at once (free_swap_and_cache), a mapped page waits in the TLB gather.`,
  );
  free_pages_and_swap_cache(k, gather, cpu);
  return zapped;
}

/** What still holds the pages the flush did not free, for the narration (most telling first). */
function stillHeld(pages: readonly PageStruct[]): string {
  const by = new Map<string, number>();
  for (const p of pages) {
    const why = holderOf(p);
    by.set(why, (by.get(why) ?? 0) + 1);
  }
  return [...by].map(([why, n]) => `${n} ${n === 1 ? "is" : "are"} ${why}`).join(", ");
}

/** The first of the page's remaining references a student would look for. */
function holderOf(p: PageStruct): string {
  if (p.mapcount > 0) return "still mapped by other PTEs";
  if (p.pins > 0) return "pinned (get_page)";
  if (heldByLockStep(p)) return "locked and held by a lock_page step";
  if (testPage(p, PG.swapcache)) return "still in the swap cache";
  if (p.where === LruWhere.pagevec)
    return `held only by cpu ${p.pagevecCpu}'s pagevec, which lets go when it drains (this munmap drains only its own CPU's)`;
  return "still referenced elsewhere";
}

/**
 * free_pages_and_swap_cache - the TLB flush (tlb_finish_mmu) releases the gathered pages: each one
 * that is no longer mapped and whose slot no swap PTE needs leaves the swap cache first
 * (free_swap_cache -> try_to_free_swap), then the PTE's reference is dropped (release_pages).
 */
function free_pages_and_swap_cache(k: Kernel, pages: readonly PageStruct[], cpu: Cpu): void {
  if (pages.length === 0) return;
  lru_add_drain(k, cpu);
  const dropped: number[] = [];
  let freed = 0;
  const kept: PageStruct[] = [];
  for (const page of pages) {
    // free_swap_cache: only a page nobody maps any more, and only if trylock_page succeeds.
    const unmapped = page.mapcount === 0 && !testPage(page, PG.locked);
    if (testPage(page, PG.swapcache) && unmapped) {
      const slot = page.swap;
      if (try_to_free_swap(k, page)) dropped.push(slot as number);
    }
    put_page(k, page);
    if (page.count === 0) freed++;
    else kept.push(page);
  }
  const swap =
    dropped.length === 0
      ? ""
      : ` First free_swap_cache found ${plural(dropped.length, "page")} in the swap cache that nothing maps and no swap PTE needs, so try_to_free_swap dropped ${dropped.length === 1 ? "it" : "them"} and freed swap slot${dropped.length === 1 ? "" : "s"} ${dropped.join(", ")}.`;
  emit(
    k,
    "free_pages_and_swap_cache",
    () =>
      `The TLB flush (tlb_finish_mmu) drops the unmapped PTEs' references to ${plural(pages.length, "page")}: ${freed} of them go back to the free lists${kept.length > 0 ? `; ${stillHeld(kept)}` : ""}.${swap}`,
  );
}

/**
 * vma_replace_policy - the VMA now follows `pol` (mm/mempolicy.c from 3.7, and 6.1, called by
 * mbind_range; 3.3 did this in policy_vma(): see mbind.ts's mbind_range_33).
 */
export function vma_replace_policy(k: Kernel, vma: Vma, pol: Mempolicy | null): void {
  vma.policy = pol;
  k.log.layoutChanged();
}
