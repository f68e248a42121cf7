/**
 * do_swap_page - a fault on a PTE that holds a swap entry, where the RFC's lazy migration happens.
 *
 * @see mm/memory.c do_swap_page() with "[RFC][PATCH 07/26] mm: Handle misplaced anon pages"
 *      (check_migrate_misplaced_page() in migrate_misplaced.ts).
 * Simplified: the model never writes pages out, so the page is always still in the swap cache:
 * no swapin_readahead(), no major fault.
 */
import { do_wp_page, swapCacheFate } from "./do_wp_page.ts";
import { emit, type Kernel } from "./machine.ts";
import { get_vma_policy } from "./mempolicy.ts";
import { check_migrate_misplaced_page } from "./migrate_misplaced.ts";
import { put_page, testPage, trylock_page, unlock_page } from "./page.ts";
import { addrOf, mk_pte, set_pte_at, vaddr } from "./pgtable.ts";
import { page_add_rmap } from "./rmap.ts";
import { said, type Text } from "./said.ts";
import { lookup_swap_cache, reuse_swap_page, try_to_free_swap } from "./swap_state.ts";
import { can_reuse_swap_page, swap_free, vm_swap_full } from "./swapfile.ts";
import {
  type FaultResult,
  type PageStruct,
  PG,
  type SwapSlot,
  type Thread,
  type Vma,
  type Vpn,
} from "./types.ts";

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
export function do_swap_page(
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
