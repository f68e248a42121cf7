/**
 * Page-table entries: the only place PTEs are written, so every change reaches the ChangeLog.
 *
 * @see include/asm-generic/pgtable.h set_pte_at() / pte_clear(); include/linux/swapops.h
 *      (swap and migration entries are both non-present "swap-format" PTEs in the kernel).
 * Simplified: one flat map per mm instead of a 4-level tree; a THP is drawn as PTEs too (the
 * kernel maps it with one PMD).
 */
import type { Kernel } from "./machine.ts";
import { type MmStruct, PAGE_SHIFT, type Pte, type Vpn } from "./types.ts";

/** set_pte_at - write one PTE (null clears it, as pte_clear does). */
export function set_pte_at(k: Kernel, mm: MmStruct, vpn: Vpn, pte: Pte | null): void {
  if (pte === null) mm.ptes.delete(vpn);
  else mm.ptes.set(vpn, pte);
  k.log.pte(mm.pid, vpn);
}

/** Recently formatted addresses: narration names the same few pages over and over. */
const addrCache = new Map<number, string>();

/** A virtual page number as the user address students know, e.g. 0x7f0000008000. */
export function addrOf(vpn: number): string {
  let s = addrCache.get(vpn);
  if (s === undefined) {
    if (addrCache.size >= 65_536) addrCache.clear();
    s = `0x${(vpn * 2 ** PAGE_SHIFT).toString(16)}`;
    addrCache.set(vpn, s);
  }
  return s;
}
