/**
 * Page-table entries: the only place PTEs are written, so every change reaches the ChangeLog.
 *
 * @see include/asm-generic/pgtable.h set_pte_at() / pte_clear(); include/linux/swapops.h
 *      (swap and migration entries are both non-present "swap-format" PTEs in the kernel).
 * Simplified: one flat map per mm instead of a 4-level tree; a THP is drawn as PTEs too (the
 * kernel maps it with one PMD).
 */
import type { Kernel } from "./machine.ts";
import { type MmStruct, PAGE_SHIFT, type Pfn, type Pte, type SwapSlot, type Vpn } from "./types.ts";

type PresentPte = Extract<Pte, { kind: "present" }>;
type SwapPte = Extract<Pte, { kind: "swap" }>;
type MigrationPte = Extract<Pte, { kind: "migration" }>;

/**
 * The PTE values a machine has made, kept to be handed out again. In the kernel a PTE is a value
 * (a pfn or swap entry and protection bits in one word): every PTE that maps pfn 7 writable is the
 * same value. Sharing one object per value (they are never mutated) means a fault or an unmap
 * allocates nothing, and a large run's page tables do not fill the old generation with copies.
 */
export interface PteValues {
  /** By 2 * pfn + writable. */
  readonly present: Chunks<PresentPte>;
  readonly migration: Chunks<MigrationPte>;
  /** By slot. */
  readonly swap: Chunks<SwapPte>;
}

/**
 * A table filled in blocks as they are first used: boot allocates no table the size of memory
 * (a large machine would have one of 262,144 entries for each kind).
 */
type Chunks<T> = (T | undefined)[][];
const CHUNK_SHIFT = 12;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

function chunks<T>(entries: number): Chunks<T> {
  return new Array<(T | undefined)[]>((entries >>> CHUNK_SHIFT) + 1);
}

function chunkOf<T>(table: Chunks<T>, i: number): (T | undefined)[] {
  let chunk = table[i >>> CHUNK_SHIFT];
  if (chunk === undefined) {
    chunk = new Array<T | undefined>(1 << CHUNK_SHIFT);
    table[i >>> CHUNK_SHIFT] = chunk;
  }
  return chunk;
}

export function createPteValues(frames: number, slots: number): PteValues {
  return { present: chunks(2 * frames), migration: chunks(2 * frames), swap: chunks(slots) };
}

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
