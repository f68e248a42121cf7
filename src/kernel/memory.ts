/**
 * Page faults: handle_mm_fault() and the first touch of anonymous or file memory. Write faults on
 * read-only PTEs are in do_wp_page.ts, faults on swap entries (with the RFC's migrate-on-fault
 * hook) in do_swap_page.ts.
 *
 * @see mm/memory.c handle_pte_fault(), do_anonymous_page(), __do_fault()/filemap_fault(),
 *      do_wp_page(), do_swap_page() with "[RFC][PATCH 07/26] mm: Handle misplaced anon pages";
 *      mm/huge_memory.c do_huge_pmd_anonymous_page().
 * Simplified: no shared zero page (a read fault on untouched anonymous memory allocates a page,
 * where the kernel would map the zero page until the first write); page-cache pages are
 * allocated by the task policy (alloc_pages_current), as 3.3 does, and never read from disk.
 */

import { do_swap_page } from "./do_swap_page.ts";
import { do_wp_page } from "./do_wp_page.ts";
import { do_huge_pmd_anonymous_page } from "./huge_memory.ts";
import { lru_cache_add_lru } from "./lru.ts";
import { emit, type Kernel, nodeOfCpu } from "./machine.ts";
import { do_numa_page } from "./mainline/numa_fault.ts";
import { alloc_page_vma, get_vma_policy, policyAllocRequest } from "./mempolicy.ts";
import { vmaAt } from "./mmap.ts";
import { pageOf, setPage, testPage } from "./page.ts";
import { alloc_pages } from "./page_alloc.ts";
import { addrOf, mk_pte, set_pte_at, vaddr } from "./pgtable.ts";
import { page_add_new_anon_rmap, page_add_rmap } from "./rmap.ts";
import { said, type Text } from "./said.ts";
import { type FaultResult, LruWhere, PG, type Thread, type Vma, type Vpn } from "./types.ts";
import { count_vm_events } from "./vmstat.ts";

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
  // Not reached today: the model migrates synchronously, so a migration entry never outlives
  // __unmap_and_move. Kept so that the PTE kinds are all answered, as the kernel's fault path does.
  emit(
    k,
    "migration_entry_wait",
    k.narrate && `${who} ${kind}-faults on a migration entry and waits.`,
  );
  return "ok";
}

/**
 * do_anonymous_page - first touch of anonymous memory: a page from alloc_page_vma() (so the VMA or
 * task policy decides the node), mapped writable, queued for the anon LRU (active on 3.3, inactive
 * on 6.1: rmap.ts) via the pagevec.
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
      said`First ${write ? "write" : "read"} by ${who} at 0x${vaddr(vpn)}: ${policyWord(pol.mode, pol.local)} gives pfn ${page.pfn} on node ${page.node}${fellBack(wanted, page.node)}${page.where === LruWhere.pagevec ? said`, which waits in cpu ${t.cpu}'s ${k.variant === "mainline" ? "lru_add batch" : "pagevec"} before joining the ${k.variant === "mainline" ? "inactive" : "active"} anon LRU` : ""}.`,
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

/**
 * do_linear_fault -> __do_fault via filemap_fault: find the page in the page cache or read it in,
 * then map it. A page-cache page locked by another task is waited for: the model leaves the PTE
 * empty and the touch retries it, as do_swap_page does (the real fault sleeps instead).
 * @see mm/memory.c do_linear_fault(), __do_fault(); mm/filemap.c filemap_fault() (3.3).
 */
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
    // filemap_fault counts the major fault as soon as the page cache misses, before it tries
    // to allocate: one that then ends in VM_FAULT_OOM was a major fault too.
    count_vm_events(k, "pgmajfault");
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
    pfn = page.pfn;
    how = `reads page ${index} of ${file.path} into new page-cache pfn ${pfn} on node ${page.node} (the task policy places page cache)`;
  } else {
    const cached = pageOf(k, pfn);
    if (testPage(cached, PG.locked)) {
      // filemap_fault: lock_page_or_retry() (3.3; 6.1's lock_folio_maybe_drop_mmap) sleeps until
      // the holder unlocks it, as do_swap_page's lock_page does; the holder here is the scenario.
      emit(
        k,
        "filemap_fault",
        () =>
          `${who} faults on ${addrOf(vpn)}: page ${index} of ${file.path} is in the page cache at pfn ${pfn} but locked by ${cached.lockedBy ?? "someone"}; the fault would sleep in lock_page, so the model retries it at the next touch.`,
      );
      return "ok";
    }
    how = `finds page ${index} of ${file.path} in the page cache at pfn ${pfn} (node ${cached.node}) and maps it where it is`;
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
