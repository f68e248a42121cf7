/**
 * Transparent huge pages, at lecture size (`thpPages` base pages instead of 512).
 *
 * @see mm/huge_memory.c do_huge_pmd_anonymous_page(), split_huge_page() / __split_huge_page_refcount()
 *      and mm/swap.c lru_add_page_tail().
 * Simplified: the kernel maps a THP with one PMD and counts the mapping on the head page; the model
 * draws one PTE per base page and gives each base page its own mapcount and reverse-map entry. Only
 * the head sits on the LRU, as in the kernel. A write fault on a read-only THP splits it first
 * (the kernel may copy the whole huge page).
 */
import { page_lru } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { alloc_page_vma } from "./mempolicy.ts";
import { clearPage, pageOf, setPage, testPage } from "./page.ts";
import { addrOf, set_pte_at } from "./pgtable.ts";
import { page_add_new_anon_rmap, page_add_rmap } from "./rmap.ts";
import { LruWhere, type PageStruct, type Thread, type Vma, type Vpn } from "./types.ts";

const MM_HUGE = "mm/huge_memory.c";

/**
 * do_huge_pmd_anonymous_page - first touch inside a THP VMA: map a whole aligned huge page if it
 * fits in the VMA and a node has an aligned free run; returns false to fall back to a base page.
 */
export function do_huge_pmd_anonymous_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  who: string,
): boolean {
  const n = k.config.thpPages;
  if (n < 2) return false;
  const base = (vpn - (vpn % n)) as Vpn;
  if (base < vma.start || base + n > vma.end) return false;
  for (let i = 0; i < n; i++) if (t.mm.ptes.has((base + i) as Vpn)) return false;
  const head = alloc_page_vma(k, t, vma, base, n);
  if (!head) return false;
  setPage(k, head, "head");
  page_add_new_anon_rmap(k, head, vma, t.mm, base, t.cpu);
  set_pte_at(k, t.mm, base, { kind: "present", pfn: head.pfn, writable: true });
  for (let i = 1; i < n; i++) {
    const tail = pageOf(k, (head.pfn + i) as never);
    setPage(k, tail, "tail");
    setPage(k, tail, "anon");
    setPage(k, tail, "swapbacked");
    setPage(k, tail, "uptodate");
    tail.mapping = { kind: "anon", anonVma: vma.anonVma };
    tail.index = base + i;
    tail.count = 0;
    page_add_rmap(k, tail, t.mm, (base + i) as Vpn);
    set_pte_at(k, t.mm, (base + i) as Vpn, { kind: "present", pfn: tail.pfn, writable: true });
  }
  emit(
    k,
    "do_huge_pmd_anonymous_page",
    MM_HUGE,
    () =>
      `${who} touches ${addrOf(vpn)} in a THP region: one huge page of ${n} base pages (pfn ${head.pfn}-${head.pfn + n - 1}, node ${head.node}) maps ${addrOf(base)} onwards.`,
  );
  return true;
}

/**
 * split_huge_page - turn a huge page into `compound` base pages, each with its own LRU entry.
 * Tails go straight onto the LRU list (lru_add_page_tail), not through a pagevec, even when the
 * head is isolated or still in a pagevec.
 * The model says it always succeeds: the kernel fails only on races the model does not have.
 */
export function split_huge_page(k: Kernel, head: PageStruct, why: string): void {
  const n = head.compound;
  if (n < 2) return;
  head.compound = 1;
  clearPage(k, head, "head");
  for (let i = 1; i < n; i++) {
    const tail = pageOf(k, (head.pfn + i) as never);
    clearPage(k, tail, "tail");
    if (testPage(head, "active")) setPage(k, tail, "active");
    const list = page_lru(tail);
    k.lru[tail.node]?.[list].add(tail.pfn);
    tail.where = LruWhere[list];
    tail.lruSeq = k.seq.lru++;
    setPage(k, tail, "lru");
  }
  k.events.thp_split++;
  k.log.counter();
  emit(
    k,
    "split_huge_page",
    MM_HUGE,
    () =>
      `${why}: the huge page at pfn ${head.pfn} (node ${head.node}) is split into ${n} base pages, each now on the LRU on its own.`,
  );
}
