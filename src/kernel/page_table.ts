/**
 * One mm's page table: a vpn -> PTE map, laid out as the kernel's last two levels are, a pmd whose
 * entries each point at a page of PTRS_PER_PTE PTEs.
 *
 * @see arch/x86/include/asm/pgtable_64_types.h (PTRS_PER_PTE), include/asm-generic/pgtable.h
 *      pmd_index() / pte_index().
 * Why not a Map keyed by vpn: user vpns are above 2^31 (0x7f0000000000 >> 12), so the engine
 * boxes each key and hashes a double on every lookup, and the fault path looks a PTE up several
 * times a page. Here a lookup is one small-integer map probe (none when the PTE page is the one
 * used last, as it nearly always is) and an array read. It reads like a Map (get, set, has,
 * delete, size, iteration in insertion order), which is all the model and the worker ask of it.
 */
import type { MmStruct, Pte, PteMap, RmapEntry, Vpn } from "./types.ts";

/** PTEs per page-table page (x86-64: 512 eight-byte entries in a 4 KiB page). */
export const PTRS_PER_PTE = 512;

interface PtePage {
  readonly ptes: (Pte | undefined)[];
  /** The one-entry rmap list naming each slot, made on first use (see rmapList). */
  readonly rmap: (readonly RmapEntry[] | undefined)[];
  /** When each present PTE was set after being empty: iteration follows it, as a Map's does. */
  readonly order: Float64Array;
}

export class PageTable implements PteMap {
  /** The pmd: pmd index (vpn / PTRS_PER_PTE) -> its page of PTEs. */
  private readonly pmd = new Map<number, PtePage>();
  private lastIndex = -1;
  private last: PtePage | null = null;
  private count = 0;
  private stamp = 0;

  get size(): number {
    return this.count;
  }

  /** The PTE page covering `vpn`, made when `create` is set (pte_alloc()). */
  private pteTable(index: number, create: boolean): PtePage | null {
    if (index === this.lastIndex) return this.last;
    let page = this.pmd.get(index);
    if (page === undefined) {
      if (!create) return null;
      page = {
        ptes: new Array<Pte | undefined>(PTRS_PER_PTE),
        rmap: new Array<readonly RmapEntry[] | undefined>(PTRS_PER_PTE),
        order: new Float64Array(PTRS_PER_PTE),
      };
      this.pmd.set(index, page);
    }
    this.lastIndex = index;
    this.last = page;
    return page;
  }

  get(vpn: Vpn): Pte | undefined {
    const index = Math.floor(vpn / PTRS_PER_PTE);
    return this.pteTable(index, false)?.ptes[vpn - index * PTRS_PER_PTE];
  }

  has(vpn: Vpn): boolean {
    return this.get(vpn) !== undefined;
  }

  set(vpn: Vpn, pte: Pte): this {
    const index = Math.floor(vpn / PTRS_PER_PTE);
    const page = this.pteTable(index, true) as PtePage;
    const i = vpn - index * PTRS_PER_PTE;
    if (page.ptes[i] === undefined) {
      this.count++;
      page.order[i] = ++this.stamp;
    }
    page.ptes[i] = pte;
    return this;
  }

  /**
   * The reverse map of a page that only this table's PTE at `vpn` maps: the list of one entry
   * (mm, vpn), never changed in place. It names a PTE slot, a value, so it is made once and handed
   * to every page the slot maps in turn, not allocated per mapping (rmap.ts copies it before
   * adding to it).
   */
  rmapList(mm: MmStruct, vpn: Vpn): readonly RmapEntry[] {
    const index = Math.floor(vpn / PTRS_PER_PTE);
    const page = this.pteTable(index, true) as PtePage;
    const i = vpn - index * PTRS_PER_PTE;
    let list = page.rmap[i];
    if (list === undefined || list[0]?.mm !== mm) {
      list = [{ mm, vpn }];
      page.rmap[i] = list;
    }
    return list;
  }

  delete(vpn: Vpn): boolean {
    const index = Math.floor(vpn / PTRS_PER_PTE);
    const page = this.pteTable(index, false);
    const i = vpn - index * PTRS_PER_PTE;
    if (page?.ptes[i] === undefined) return false;
    page.ptes[i] = undefined;
    this.count--;
    return true;
  }

  /** [vpn, pte] in the order the PTEs were set (a PTE overwritten in place keeps its place). */
  entries(): IterableIterator<[Vpn, Pte]> {
    const all: { vpn: Vpn; pte: Pte; order: number }[] = [];
    for (const [index, page] of this.pmd) {
      for (let i = 0; i < PTRS_PER_PTE; i++) {
        const pte = page.ptes[i];
        if (pte !== undefined) {
          all.push({ vpn: (index * PTRS_PER_PTE + i) as Vpn, pte, order: page.order[i] as number });
        }
      }
    }
    all.sort((a, b) => a.order - b.order);
    return all.map((e): [Vpn, Pte] => [e.vpn, e.pte])[Symbol.iterator]();
  }

  keys(): IterableIterator<Vpn> {
    return [...this.entries()].map(([vpn]) => vpn)[Symbol.iterator]();
  }

  values(): IterableIterator<Pte> {
    return [...this.entries()].map(([, pte]) => pte)[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[Vpn, Pte]> {
    return this.entries();
  }
}
