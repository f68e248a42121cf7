/**
 * Page faults: the first touch of anonymous or file memory, write faults on read-only PTEs
 * (copy-on-write), and do_swap_page() with the RFC's migrate-on-fault hook.
 *
 * @see mm/memory.c handle_pte_fault(), do_anonymous_page(), __do_fault()/filemap_fault(),
 *      do_wp_page(), do_swap_page() with "[RFC][PATCH 07/26] mm: Handle misplaced anon pages";
 *      mm/huge_memory.c do_huge_pmd_anonymous_page().
 * Simplified: no shared zero page (a read fault on untouched anonymous memory allocates a page,
 * where the kernel would map the zero page until the first write); page-cache pages are
 * allocated by the task policy (alloc_pages_current), as 3.3 does, and never read from disk.
 */

import { do_huge_pmd_anonymous_page, do_huge_pmd_wp_page, split_huge_page } from "./huge_memory.ts";
import { lru_cache_add_lru } from "./lru.ts";
import { emit, type Kernel, nodeOfCpu } from "./machine.ts";
import { do_numa_page } from "./mainline/numa_fault.ts";
import { alloc_page_vma, get_vma_policy, policyAllocRequest } from "./mempolicy.ts";
import { check_migrate_misplaced_page } from "./migrate_misplaced.ts";
import { vmaAt } from "./mmap.ts";
import {
  compound_head,
  inHugePage,
  pageOf,
  put_page,
  setPage,
  testPage,
  trylock_page,
  unlock_page,
} from "./page.ts";
import { alloc_pages } from "./page_alloc.ts";
import { addrOf, mk_pte, set_pte_at, vaddr } from "./pgtable.ts";
import { page_add_new_anon_rmap, page_add_rmap, page_remove_rmap } from "./rmap.ts";
import { said, type Text } from "./said.ts";
import { reuse_swap_page, try_to_free_swap } from "./swap_reuse.ts";
import { lookup_swap_cache } from "./swap_state.ts";
import { can_reuse_swap_page, swap_free, vm_swap_full } from "./swapfile.ts";
import {
  LruWhere,
  type PageStruct,
  PG,
  type SwapSlot,
  type SyscallRet,
  type Thread,
  type Vma,
  type Vpn,
} from "./types.ts";
import { count_vm_events } from "./vmstat.ts";

export type FaultResult = "ok" | "nofault" | Exclude<SyscallRet, 0>;

/** handle_mm_fault - a thread touches one page. */
export function handle_mm_fault(k: Kernel, t: Thread, vpn: Vpn, write: boolean): FaultResult {
  const mm = t.mm;
  const vma = vmaAt(mm, vpn);
  // Who faulted, for the narration (skipped when nobody reads it).
  const who: Text = k.narrate ? said`tid ${t.tid} (cpu ${t.cpu}, node ${nodeOfCpu(k, t.cpu)})` : "";
  const kind = write ? "write" : "read";
  if (!vma) {
    emit(
      k,
      "__do_page_fault",
      k.narrate && `${who} touches ${addrOf(vpn)}, which no VMA covers: SIGSEGV.`,
    );
    return "SIGSEGV";
  }
  const pte = mm.ptes.get(vpn);
  if (pte?.kind === "present" && pte.protnone) {
    // 6.1: a PROT_NONE PTE left by NUMA balancing; then the access is retried.
    count_vm_events(k, "pgfault");
    do_numa_page(k, t, vma, vpn, who);
    const again = handle_mm_fault(k, t, vpn, write);
    return again === "nofault" ? "ok" : again;
  }
  if (pte?.kind === "present" && (!write || pte.writable)) return "nofault";
  count_vm_events(k, "pgfault");
  if (!pte) {
    if (vma.file) return do_linear_fault(k, t, vma, vpn, write, who);
    if (vma.thp && do_huge_pmd_anonymous_page(k, t, vma, vpn, who)) return "ok";
    return do_anonymous_page(k, t, vma, vpn, write, who);
  }
  if (pte.kind === "swap") return do_swap_page(k, t, vma, vpn, pte.slot, write, who);
  if (pte.kind === "present") return do_wp_page(k, t, vma, vpn, pageOf(k, pte.pfn), who);
  emit(
    k,
    "migration_entry_wait",
    k.narrate && `${who} ${kind}-faults on a migration entry and waits.`,
  );
  return "ok";
}

/**
 * do_anonymous_page - first touch of anonymous memory: a page from alloc_page_vma() (so the VMA or
 * task policy decides the node), mapped writable, queued for the active anon LRU via the pagevec.
 */
function do_anonymous_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  write: boolean,
  who: Text,
): FaultResult {
  const page = alloc_page_vma(k, t, vma, vpn);
  if (!page) {
    emit(
      k,
      "do_anonymous_page",
      () =>
        `${who} faults on ${addrOf(vpn)} but no node the policy allows has a free page: VM_FAULT_OOM.`,
    );
    return "VM_FAULT_OOM";
  }
  page_add_new_anon_rmap(k, page, vma, t.mm, vpn, t.cpu);
  set_pte_at(k, t.mm, vpn, mk_pte(k, page.pfn, true));
  const pol = get_vma_policy(t, vma);
  const wanted = k.allocPreferred;
  emit(
    k,
    "do_anonymous_page",
    () =>
      said`First ${write ? "write" : "read"} by ${who} at 0x${vaddr(vpn)}: ${policyWord(pol.mode, pol.local)} gives pfn ${page.pfn} on node ${page.node}${fellBack(wanted, page.node)}${page.where === LruWhere.pagevec ? said`, which waits in cpu ${t.cpu}'s ${k.variant === "mainline" ? "lru_add batch" : "pagevec"} before joining the active anon LRU` : ""}.`,
  );
  return "ok";
}

/** The narration's note when an allocation did not get the node it wanted first. */
export function fellBack(wanted: number | null, got: number): Text {
  return wanted === null || wanted === got
    ? ""
    : said` (node ${wanted}, the policy's first choice, has no free frame, so the allocation falls back to node ${got}, the next in node ${wanted}'s zonelist)`;
}

/** How the narration names the policy that placed a page. */
function policyWord(mode: string, local: boolean): string {
  return mode === "MPOL_PREFERRED" && local ? "the local policy" : mode;
}

/** __do_fault via filemap_fault: find the page in the page cache or read it in, then map it. */
function do_linear_fault(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  write: boolean,
  who: Text,
): FaultResult {
  const file = vma.file;
  if (!file) return "SIGBUS";
  const index = vma.pgoff + (vpn - vma.start);
  let pfn = file.pageCache.get(index);
  let how: string;
  if (pfn === undefined) {
    // page_cache_alloc_cold -> alloc_pages_current: the task policy, not the VMA's.
    const pol = get_vma_policy(t, null);
    const page = alloc_pages(k, policyAllocRequest(k, pol, t, null, vpn));
    if (!page) {
      emit(
        k,
        "filemap_fault",
        () => `${who} faults on ${addrOf(vpn)}: no free page for the page cache: VM_FAULT_OOM.`,
      );
      return "VM_FAULT_OOM";
    }
    page.mapping = { kind: "file", file };
    page.index = index;
    setPage(k, page, PG.uptodate);
    file.pageCache.set(index, page.pfn);
    lru_cache_add_lru(k, page, "inactive_file", t.cpu);
    count_vm_events(k, "pgmajfault");
    pfn = page.pfn;
    how = `reads page ${index} of ${file.path} into new page-cache pfn ${pfn} on node ${page.node} (the task policy places page cache)`;
  } else {
    how = `finds page ${index} of ${file.path} in the page cache at pfn ${pfn} (node ${pageOf(k, pfn).node}) and maps it where it is`;
    // The series hooks only do_swap_page (RFC 07/26): page-cache pages are never migrated on fault.
    if (vma.policy?.mof) how += " (this RFC series migrates only anonymous pages on fault)";
  }
  const page = pageOf(k, pfn);
  if (write) setPage(k, page, PG.dirty);
  page_add_rmap(k, page, t.mm, vpn);
  set_pte_at(k, t.mm, vpn, mk_pte(k, pfn, write));
  emit(
    k,
    "filemap_fault",
    () => `${who} ${write ? "write" : "read"}-faults at ${addrOf(vpn)} and ${how}.`,
  );
  return "ok";
}

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
    split_huge_page(k, head, `${who} writes to a shared huge page and no node has room for a copy`);
  }
  if (old.mapping?.kind === "file") {
    setPage(k, old, PG.dirty);
    set_pte_at(k, mm, vpn, mk_pte(k, old.pfn, true));
    emit(
      k,
      "do_wp_page",
      () => `${who} writes to shared file page pfn ${old.pfn}: the PTE becomes writable.`,
    );
    return "ok";
  }
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
        `${who} writes to ${addrOf(vpn)}; only this PTE uses pfn ${old.pfn}, so reuse_swap_page lets it keep the page (node ${old.node}) writable${swapCacheFate(wasSwapCache, old)}.`,
    );
    return "ok";
  }
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
  const why = testPage(old, PG.ksm)
    ? "a KSM page is never written in place"
    : "other PTEs or swap entries still use it";
  emit(
    k,
    "do_wp_page",
    () =>
      `Copy-on-write: ${who} writes to ${addrOf(vpn)}; ${why}, so it gets a copy, pfn ${copy.pfn} on node ${copy.node}, placed by the policy.`,
  );
  return "ok";
}

/** What a write that reused a page did to its swap-cache state, for the narration. */
function swapCacheFate(wasSwapCache: boolean, page: PageStruct): Text {
  if (!wasSwapCache) return "";
  if (testPage(page, PG.swapcache))
    return said`, but it is under writeback, so reuse_swap_page leaves it in the swap cache, holding swap slot ${page.swap ?? "null"}`;
  return "; reuse_swap_page took it out of the swap cache, and with no swap entry left its slot is free";
}

/** How do_swap_page leaves the page it mapped, for its narration. */
function mappedState(t: Thread, vma: Vma, page: PageStruct, write: boolean, reuse: boolean): Text {
  return reuse
    ? said`writable${swapCacheFate(true, page)}`
    : said`read-only; swap_free dropped the PTE's reference${testPage(page, PG.swapcache) ? " and the page stays in the swap cache" : ""}${!write && get_vma_policy(t, vma).mof ? said`. A read fault never migrates: the seed says pages migrate on "first touch", but RFC 07/26 hooks only write faults that may reuse the page. The PTE now maps the page where it is, so a later write goes through do_wp_page, which has no hook, and pfn ${page.pfn} stays on node ${page.node}` : ""}`;
}

/**
 * do_swap_page - fault on a swap entry. The page is always in the swap cache here (the model never
 * writes pages out). RFC 07/26: on a write fault that may reuse the page, ask
 * check_migrate_misplaced_page() first; it may hand back a new page on the policy's node.
 */
function do_swap_page(
  k: Kernel,
  t: Thread,
  vma: Vma,
  vpn: Vpn,
  slot: SwapSlot,
  write: boolean,
  who: Text,
): FaultResult {
  const mm = t.mm;
  const found = lookup_swap_cache(k, slot);
  if (!found) {
    emit(
      k,
      "do_swap_page",
      k.narrate && `${who} faults on swap slot ${slot}, which holds no page in this model: SIGBUS.`,
    );
    return "SIGBUS";
  }
  if (!trylock_page(k, found, t.name)) {
    // lock_page() would sleep until the holder unlocks; the holder here is the scenario itself.
    put_page(k, found);
    emit(
      k,
      "do_swap_page",
      k.narrate &&
        `${who} faults on ${addrOf(vpn)} but pfn ${found.pfn} is locked by ${found.lockedBy ?? "someone"}; the fault would sleep in lock_page, so the model retries it at the next touch.`,
    );
    return "ok";
  }
  emit(
    k,
    "do_swap_page",
    k.narrate &&
      said`${who} ${write ? "write" : "read"}-faults on 0x${vaddr(vpn)}: the PTE is a swap entry for slot ${slot}; lookup_swap_cache finds pfn ${found.pfn} on node ${found.node}.`,
  );
  const reusable = write && can_reuse_swap_page(k, found);
  const page = reusable ? check_migrate_misplaced_page(k, found, vma, vpn, t) : found;
  if (write && !reusable) {
    emit(
      k,
      "can_reuse_swap_page",
      k.narrate &&
        `pfn ${found.pfn} is still used by other PTEs or swap entries, so no migration: the write will copy it, and the copy is placed by the policy anyway.`,
    );
  }
  const reuse = write && reuse_swap_page(k, page);
  page_add_rmap(k, page, mm, vpn);
  put_page(k, page); // the lookup reference becomes the PTE's (page_add_rmap took its own)
  set_pte_at(k, mm, vpn, mk_pte(k, page.pfn, reuse));
  swap_free(k, slot);
  const freed = vm_swap_full(k) && try_to_free_swap(k, page);
  unlock_page(k, page);
  const extra = freed
    ? " Swap is over half full (vm_swap_full), so try_to_free_swap drops the page from the swap cache."
    : "";
  emit(
    k,
    "do_swap_page",
    k.narrate &&
      said`pid ${mm.pid}'s PTE for 0x${vaddr(vpn)} now maps pfn ${page.pfn} on node ${page.node}, ${mappedState(t, vma, page, write, reuse)}.${extra}`,
  );
  if (write && !reuse) return do_wp_page(k, t, vma, vpn, page, who);
  return "ok";
}
