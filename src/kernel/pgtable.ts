/**
 * Page-table entries: the only place PTEs are written, so every change reaches the ChangeLog.
 *
 * @see include/asm-generic/pgtable.h set_pte_at() / pte_clear(); include/linux/swapops.h
 *      (swap and migration entries are both non-present "swap-format" PTEs in the kernel).
 * Simplified: one flat map per mm instead of a 4-level tree; a THP is drawn as PTEs too (the
 * kernel maps it with one PMD).
 */
import type { Kernel } from "./machine.ts";
import {
  CHUNK_MASK,
  chunkOf,
  type MigrationPte,
  type PresentPte,
  type SwapPte,
} from "./pte_values.ts";
import { type MmStruct, PAGE_SHIFT, type Pfn, type Pte, type SwapSlot, type Vpn } from "./types.ts";

/** mk_pte - the present PTE mapping `pfn` (include/asm-generic/pgtable.h, pfn_pte()). */
export function mk_pte(k: Kernel, pfn: Pfn, writable: boolean): PresentPte {
  const i = 2 * pfn + (writable ? 1 : 0);
  const chunk = chunkOf(k.pteValues.present, i);
  let pte = chunk[i & CHUNK_MASK];
  if (pte === undefined) {
    pte = { kind: "present", pfn, writable };
    chunk[i & CHUNK_MASK] = pte;
  }
  return pte;
}

/** swp_entry_to_pte - the swap PTE for a slot of the (one) swap device (include/linux/swapops.h). */
export function swp_entry_to_pte(k: Kernel, slot: SwapSlot): SwapPte {
  const chunk = chunkOf(k.pteValues.swap, slot);
  let pte = chunk[slot & CHUNK_MASK];
  if (pte === undefined) {
    pte = { kind: "swap", slot };
    chunk[slot & CHUNK_MASK] = pte;
  }
  return pte;
}

/** make_migration_entry - the PTE a fault waits on while `pfn` migrates (include/linux/swapops.h). */
export function make_migration_entry(k: Kernel, pfn: Pfn, writable: boolean): MigrationPte {
  const i = 2 * pfn + (writable ? 1 : 0);
  const chunk = chunkOf(k.pteValues.migration, i);
  let pte = chunk[i & CHUNK_MASK];
  if (pte === undefined) {
    pte = { kind: "migration", pfn, writable };
    chunk[i & CHUNK_MASK] = pte;
  }
  return pte;
}

/** set_pte_at - write one PTE (null clears it, as pte_clear does). */
export function set_pte_at(k: Kernel, mm: MmStruct, vpn: Vpn, pte: Pte | null): void {
  if (pte === null) mm.ptes.delete(vpn);
  else mm.ptes.set(vpn, pte);
  k.log.pte(mm.pid, vpn);
  const a = k.access;
  if (a.thread !== null && a.vpn === vpn && a.thread.mm === mm) a.recheck = true;
}

/**
 * Recently formatted addresses, by the low bits of the vpn: narration names the same few pages
 * over and over, and a direct-mapped cache costs one array read where a Map must hash a vpn that
 * is no small integer (user addresses are above 2^31 pages).
 */
const ADDR_CACHE_SIZE = 1 << 14;
const addrVpns = new Float64Array(ADDR_CACHE_SIZE).fill(-1);
const addrTexts: string[] = new Array<string>(ADDR_CACHE_SIZE).fill("");

/** The user address of a virtual page number, as a number (said.ts writes it in hex after "0x"). */
export function vaddr(vpn: number): number {
  return vpn * 2 ** PAGE_SHIFT;
}

/** A virtual page number as the user address students know, e.g. 0x7f0000008000. */
export function addrOf(vpn: number): string {
  const slot = vpn % ADDR_CACHE_SIZE;
  if (addrVpns[slot] === vpn) return addrTexts[slot] as string;
  const s = `0x${vaddr(vpn).toString(16)}`;
  addrVpns[slot] = vpn;
  addrTexts[slot] = s;
  return s;
}
