/**
 * do_wp_page - a write fault on a read-only PTE: reuse the page, or copy it (copy-on-write).
 *
 * @see mm/memory.c do_wp_page() (3.3), with reuse_swap_page() in swap_state.ts; 6.1's reuse test
 *      by reference count in mainline/wp_reuse.ts;
 *      mm/huge_memory.c do_huge_pmd_wp_page() for a huge page.
 * Simplified: no shared zero page to copy from (memory.ts never maps it).
 */
import { do_huge_pmd_wp_page, split_huge_page } from "./huge_memory.ts";
import { emit, type Kernel } from "./machine.ts";
import { wp_page_reuse_61, wp_reuse_61 } from "./mainline/wp_reuse.ts";
import { alloc_page_vma } from "./mempolicy.ts";
import { compound_head, inHugePage, put_page, setPage, testPage } from "./page.ts";
import { addrOf, mk_pte, set_pte_at } from "./pgtable.ts";
import { page_add_new_anon_rmap, page_remove_rmap } from "./rmap.ts";
import { said, type Text } from "./said.ts";
import { reuse_swap_page } from "./swap_state.ts";
import { type FaultResult, type PageStruct, PG, type Thread, type Vma, type Vpn } from "./types.ts";

/**
 * do_wp_page - a write to a read-only PTE. An anon page that only this PTE uses is reused (leaving
 * the swap cache if it was in it); anything else (KSM, shared after fork) is copied to a new page
 * placed by the policy.
 */
export function do_wp_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  old: PageStruct,
  who: Text,
): FaultResult {
  const mm = t.mm;
  if (inHugePage(old)) {
    const head = compound_head(k, old);
    if (do_huge_pmd_wp_page(k, t, vma, head, vpn, who)) return "ok";
    split_huge_page(
      k,
      head,
      k.variant === "mainline"
        ? `${who} writes to a huge page shared after fork. 6.1 copies no huge page (not since 5.8): __split_huge_pmd maps it with PTEs and do_wp_page copies the one base page written. The model has no PTE-mapped huge page, so it splits the page itself (6.1 would count thp_split_pmd and keep one huge page)`
        : `${who} writes to a shared huge page and no node has room for a copy`,
    );
  }
  if (old.mapping?.kind === "file") {
    wp_page_reuse_61(k, old);
    setPage(k, old, PG.dirty);
    set_pte_at(k, mm, vpn, mk_pte(k, old.pfn, true));
    emit(
      k,
      "do_wp_page",
      () => `${who} writes to shared file page pfn ${old.pfn}: the PTE becomes writable.`,
    );
    return "ok";
  }
  if (k.variant === "mainline") return wp_61(k, t, vma, vpn, old, who);
  if (!testPage(old, PG.ksm) && testPage(old, PG.locked)) {
    // do_wp_page would sleep in lock_page() until the holder (the scenario) unlocks it.
    emit(
      k,
      "do_wp_page",
      () =>
        `${who} writes to ${addrOf(vpn)}, but pfn ${old.pfn} is locked by ${old.lockedBy ?? "someone"}: the fault would sleep in lock_page, so the model retries it at the next touch.`,
    );
    return "ok";
  }
  const wasSwapCache = testPage(old, PG.swapcache);
  if (!testPage(old, PG.ksm) && reuse_swap_page(k, old)) {
    set_pte_at(k, mm, vpn, mk_pte(k, old.pfn, true));
    emit(
      k,
      "do_wp_page",
      () =>
        `${who} writes to ${addrOf(vpn)}; only this PTE uses pfn ${old.pfn}, so reuse_swap_page lets it keep the page (node ${old.node}) writable${swapCacheFate(wasSwapCache, old, { reuseNamed: true })}.`,
    );
    return "ok";
  }
  // Before the old page is let go: freed, it is no longer PG_ksm.
  const why = testPage(old, PG.ksm)
    ? `pfn ${old.pfn} is a KSM page, which do_wp_page never reuses (PageKsm)`
    : "other PTEs or swap entries still use it";
  return wp_page_copy(k, t, vma, vpn, old, who, why);
}

/** do_wp_page's anonymous-page half on 6.1 (mm/memory.c): reuse by reference count (mainline/wp_reuse.ts), else copy. */
function wp_61(k: Kernel, t: Thread, vma: Vma, vpn: Vpn, old: PageStruct, who: Text): FaultResult {
  const verdict = wp_reuse_61(k, t, old);
  if (!verdict.reuse) return wp_page_copy(k, t, vma, vpn, old, who, verdict.why);
  wp_page_reuse_61(k, old);
  set_pte_at(k, t.mm, vpn, mk_pte(k, old.pfn, true));
  emit(
    k,
    "do_wp_page",
    () =>
      `${who} writes to ${addrOf(vpn)}; ${verdict.why}, so do_wp_page keeps it (node ${old.node}) writable, and wp_page_reuse clears its last_cpupid (it may name an unrelated task).`,
  );
  return "ok";
}

/**
 * wp_page_copy - the write gets a copy of the page, placed by the policy; `why` says why. 3.3
 * does this inline in do_wp_page() (after its `gotten:` label); 6.1 has it as wp_page_copy()
 * (mm/memory.c). Simplified: no zero page to copy from.
 */
function wp_page_copy(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  old: PageStruct,
  who: Text,
  why: string,
): FaultResult {
  const mm = t.mm;
  const copy = alloc_page_vma(k, t, vma, vpn);
  if (!copy) {
    emit(
      k,
      "do_wp_page",
      () => `${who} must copy pfn ${old.pfn} but no allowed node has a free page: VM_FAULT_OOM.`,
    );
    return "VM_FAULT_OOM";
  }
  page_add_new_anon_rmap(k, copy, vma, mm, vpn, t.cpu);
  setPage(k, copy, PG.dirty);
  set_pte_at(k, mm, vpn, mk_pte(k, copy.pfn, true));
  page_remove_rmap(k, old, mm, vpn);
  put_page(k, old);
  emit(
    k,
    "do_wp_page",
    () =>
      `Copy-on-write: ${who} writes to ${addrOf(vpn)}; ${why}, so it gets a copy, pfn ${copy.pfn} on node ${copy.node}, placed by the policy.`,
  );
  return "ok";
}

/**
 * What a write that reused a page did to its swap-cache state, for the narration. `reuseNamed`:
 * the sentence has just said that reuse_swap_page let the write keep the page, so it is not
 * named twice.
 */
export function swapCacheFate(
  wasSwapCache: boolean,
  page: PageStruct,
  { reuseNamed = false } = {},
): Text {
  if (!wasSwapCache) return "";
  if (testPage(page, PG.swapcache))
    return reuseNamed
      ? said`, but the page is under writeback, so it stays in the swap cache, holding swap slot ${page.swap ?? "null"}`
      : said`, but it is under writeback, so reuse_swap_page leaves it in the swap cache, holding swap slot ${page.swap ?? "null"}`;
  return reuseNamed
    ? " and takes it out of the swap cache; with no swap entry left, its slot is free"
    : "; reuse_swap_page took it out of the swap cache, and with no swap entry left its slot is free";
}
