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

/**
 * Recently formatted addresses, by the low bits of the vpn: narration names the same few pages
 * over and over, and a direct-mapped cache costs one array read where a Map must hash a vpn that
 * is no small integer (user addresses are above 2^31 pages).
 */
const ADDR_CACHE_SIZE = 1 << 14;
const addrVpns = new Float64Array(ADDR_CACHE_SIZE).fill(-1);
const addrTexts: string[] = new Array<string>(ADDR_CACHE_SIZE).fill("");

/** A virtual page number as the user address students know, e.g. 0x7f0000008000. */
export function addrOf(vpn: number): string {
  const slot = vpn % ADDR_CACHE_SIZE;
  if (addrVpns[slot] === vpn) return addrTexts[slot] as string;
  const s = `0x${(vpn * 2 ** PAGE_SHIFT).toString(16)}`;
  addrVpns[slot] = vpn;
  addrTexts[slot] = s;
  return s;
}
