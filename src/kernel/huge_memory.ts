/**
 * Transparent huge pages, at lecture size (`thpPages` base pages instead of 512).
 *
 * @see mm/huge_memory.c do_huge_pmd_anonymous_page(), split_huge_page() / __split_huge_page_refcount()
 *      and mm/swap.c lru_add_page_tail().
 * Simplified: the kernel maps a THP with one PMD and counts the mapping on the head page; the model
 * draws one PTE per base page and gives each base page its own mapcount and reverse-map entry. Only
 * the head sits on the LRU, as in the kernel.
 */
import { page_lru } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { alloc_page_vma } from "./mempolicy.ts";
import { clearPage, pageOf, put_page, setPage, testPage } from "./page.ts";
import { addrOf, mk_pte, set_pte_at } from "./pgtable.ts";
import {
  anon_vma_mapping,
  page_add_new_anon_rmap,
  page_add_rmap,
  page_remove_rmap,
} from "./rmap.ts";
import type { Text } from "./said.ts";
import {
  LruWhere,
  type PageStruct,
  type Pfn,
  PG,
  type Thread,
  type Vma,
  type Vpn,
} from "./types.ts";
import { count_vm_events } from "./vmstat.ts";

const TAIL_FLAGS = [PG.tail, PG.anon, PG.swapbacked, PG.uptodate] as const;

/**
 * do_huge_pmd_anonymous_page - first touch inside a THP VMA: map a whole aligned huge page if it
 * fits in the VMA and a node has an aligned free run; returns false to fall back to a base page.
 */
export function do_huge_pmd_anonymous_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  who: Text,
): boolean {
  const n = k.config.thpPages;
  if (n < 2) return false;
  const base = (vpn - (vpn % n)) as Vpn;
  if (base < vma.start || base + n > vma.end) return false;
  for (let i = 0; i < n; i++) if (t.mm.ptes.has((base + i) as Vpn)) return false;
  const head = alloc_page_vma(k, t, vma, base, n);
  if (!head) return false;
  mapNewHugePage(k, t, vma, base, head);
  emit(
    k,
    "do_huge_pmd_anonymous_page",
    () =>
      `${who} touches ${addrOf(vpn)} in a THP region: one huge page of ${n} base pages (pfn ${head.pfn}-${head.pfn + n - 1}, node ${head.node}) maps ${addrOf(base)} onwards.`,
  );
  return true;
}

/** Map a freshly allocated huge page at `base`: the head through page_add_new_anon_rmap (LRU via
 * the pagevec), the tails sharing its identity; each base page's allocation reference is its PTE's. */
function mapNewHugePage(k: Kernel, t: Thread, vma: Vma, base: Vpn, head: PageStruct): void {
  setPage(k, head, PG.head);
  page_add_new_anon_rmap(k, head, vma, t.mm, base, t.cpu);
  set_pte_at(k, t.mm, base, mk_pte(k, head.pfn, true));
  for (let i = 1; i < head.compound; i++) {
    const tail = pageOf(k, (head.pfn + i) as Pfn);
    for (const f of TAIL_FLAGS) setPage(k, tail, f);
    tail.mapping = anon_vma_mapping(k, vma.anonVma);
    tail.index = base + i;
    tail.count = 0;
    page_add_rmap(k, tail, t.mm, (base + i) as Vpn);
    set_pte_at(k, t.mm, (base + i) as Vpn, mk_pte(k, tail.pfn, true));
  }
}

/**
 * do_huge_pmd_wp_page - a write to a read-only huge page (shared after fork). Only this process maps
 * it: make it writable whole. Otherwise 3.3 copies it to a new huge page placed by the policy.
 * Returns false when the caller must split it and copy the one base page written: on 6.1 always
 * (since 5.8's "thp: change CoW semantics for anon-THP" it splits the PMD and falls back to a PTE
 * copy-on-write), on 3.3 when no node has room for a huge page (where 3.3's fallback copies every
 * base page).
 */
export function do_huge_pmd_wp_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  old: PageStruct,
  vpn: Vpn,
  who: Text,
): boolean {
  const n = old.compound;
  const base = old.index as Vpn;
  const mm = t.mm;
  const parts = Array.from({ length: n }, (_, i) => pageOf(k, (old.pfn + i) as Pfn));
  if (parts.every((p) => p.mapcount === 1)) {
    for (let i = 0; i < n; i++) {
      const pte = mm.ptes.get((base + i) as Vpn);
      if (pte?.kind === "present") set_pte_at(k, mm, (base + i) as Vpn, { ...pte, writable: true });
    }
    emit(
      k,
      "do_huge_pmd_wp_page",
      () =>
        `${who} writes to ${addrOf(vpn)}, in the huge page at ${addrOf(base)}; only this process maps it now, so it becomes writable in place.`,
    );
    return true;
  }
  if (k.variant === "mainline") return false;
  const copy = alloc_page_vma(k, t, vma, base, n);
  if (!copy) return false;
  for (let i = 0; i < n; i++) {
    const vpn = (base + i) as Vpn;
    const part = parts[i] as PageStruct;
    page_remove_rmap(k, part, mm, vpn);
    put_page(k, part);
  }
  mapNewHugePage(k, t, vma, base, copy);
  emit(
    k,
    "do_huge_pmd_wp_page",
    () =>
      `Copy-on-write of a whole huge page: ${who} writes to ${addrOf(vpn)}, in the huge page at ${addrOf(base)} shared after fork, so it gets its own copy, pfn ${copy.pfn}-${copy.pfn + n - 1} on node ${copy.node}, placed by the policy.`,
  );
  return true;
}

/**
 * split_huge_page - turn a huge page into `compound` base pages, each with its own LRU entry.
 * Tails go straight onto the LRU list (lru_add_page_tail), not through a pagevec, even when the
 * head is isolated or still in a pagevec: onto the active list if the head has PG_active, which on
 * 3.3 a head still waiting in a pagevec has not (lru_cache_add_lru clears it), so its tails go
 * onto the inactive list (mm/swap.c, 3.3.8).
 * The model says it always succeeds: the kernel fails only on races the model does not have.
 */
export function split_huge_page(k: Kernel, head: PageStruct, why: string): void {
  const n = head.compound;
  if (n < 2) return;
  head.compound = 1;
  clearPage(k, head, PG.head);
  for (let i = 1; i < n; i++) {
    const tail = pageOf(k, (head.pfn + i) as Pfn);
    clearPage(k, tail, PG.tail);
    if (testPage(head, PG.active)) setPage(k, tail, PG.active);
    // 3.3's __split_huge_page_refcount dirties every tail (and BUG()s if one is not): a tail
    // was never written back on its own, so its contents exist only in memory.
    setPage(k, tail, PG.dirty);
    const list = page_lru(tail);
    k.lru[tail.node]?.[list].add(tail.pfn);
    tail.where = LruWhere[list];
    tail.lruSeq = k.seq.lru++;
    setPage(k, tail, PG.lru);
  }
  count_vm_events(k, "thp_split");
  emit(
    k,
    "split_huge_page",
    () =>
      `${why}: the huge page at pfn ${head.pfn} (node ${head.node}) is split into ${n} base pages; ${headPlace(head, n - 1)}.`,
  );
}

/** Where a split left the pages, for the narration: the tails on the LRU, the head where it was. */
function headPlace(head: PageStruct, tails: number): string {
  const onto = `the ${tails} tail pages go straight onto the ${testPage(head, PG.active) ? "active" : "inactive"} list`;
  if (head.where === LruWhere.pagevec)
    return `${onto}, while the head still waits in CPU ${head.pagevecCpu}'s pagevec`;
  if (head.where === LruWhere.isolated) return `${onto}; the head stays isolated`;
  if (head.where === LruWhere.none) return `${onto}; the head is on no LRU list`;
  return "each is now on the LRU on its own";
}
