/**
 * The PTE values a machine hands out, one object per value (see `PteValues`). Apart from
 * pgtable.ts so that the machine can make its tables without importing the code that writes PTEs.
 */
import type { Pte } from "./types.ts";

export type PresentPte = Extract<Pte, { kind: "present" }>;
export type SwapPte = Extract<Pte, { kind: "swap" }>;
export type MigrationPte = Extract<Pte, { kind: "migration" }>;

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
export type Chunks<T> = (T | undefined)[][];
const CHUNK_SHIFT = 12;
export const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

function chunks<T>(entries: number): Chunks<T> {
  return new Array<(T | undefined)[]>((entries >>> CHUNK_SHIFT) + 1);
}

export function chunkOf<T>(table: Chunks<T>, i: number): (T | undefined)[] {
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
