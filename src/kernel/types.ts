/**
 * Core types of the model: branded ids, struct page, PTEs, VMAs, mempolicies.
 *
 * The shapes follow Linux 3.3 (`include/linux/mm_types.h`, `include/linux/mempolicy.h`) but keep only
 * the fields that the MPOL_MF_LAZY paths read or write. Ids are branded so the compiler keeps a pfn
 * apart from a virtual page number or a node id.
 */

import type { Errno } from "./uapi.ts";

type Brand<T, B extends string> = T & { readonly __brand: B };

/** Page frame number: index of a struct page in the model's mem_map. */
export type Pfn = Brand<number, "Pfn">;
/** NUMA node id. */
export type NodeId = Brand<number, "NodeId">;
export type Pid = Brand<number, "Pid">;
export type Tid = Brand<number, "Tid">;
export type Cpu = Brand<number, "Cpu">;
/** Virtual page number: a user address >> PAGE_SHIFT. */
export type Vpn = Brand<number, "Vpn">;
/** Offset of a slot on the (single) swap device: swp_offset(entry). */
export type SwapSlot = Brand<number, "SwapSlot">;

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 4096;
/** include/linux/pagevec.h: PAGEVEC_SIZE in 3.3. */
export const PAGEVEC_SIZE = 14;

/** struct page flags (include/linux/page-flags.h), as bits of `PageStruct.flags`. */
export const PG = {
  locked: 1 << 0,
  writeback: 1 << 1,
  swapcache: 1 << 2,
  anon: 1 << 3,
  ksm: 1 << 4,
  dirty: 1 << 5,
  uptodate: 1 << 6,
  lru: 1 << 7,
  active: 1 << 8,
  head: 1 << 9,
  tail: 1 << 10,
  swapbacked: 1 << 11,
} as const;
/** One flag's bit, as testPage() and friends take it. */
export type PageFlag = (typeof PG)[keyof typeof PG];

/** Where a page sits with respect to the LRU machinery (for drawing and invariants). */
export const LruWhere = {
  none: 0,
  inactive_anon: 1,
  active_anon: 2,
  inactive_file: 3,
  active_file: 4,
  pagevec: 5,
  isolated: 6,
} as const;
export type LruWhere = (typeof LruWhere)[keyof typeof LruWhere];

/** The four evictable LRU lists of a 3.3 zone (enum lru_list, less LRU_UNEVICTABLE). */
export type LruList = "inactive_anon" | "active_anon" | "inactive_file" | "active_file";
export const LRU_LISTS: readonly LruList[] = [
  "inactive_anon",
  "active_anon",
  "inactive_file",
  "active_file",
];

/** The LRU list a page sits on, or null when it is in a pagevec, isolated, or on none. */
export function listOf(where: LruWhere): LruList | null {
  switch (where) {
    case LruWhere.inactive_anon:
      return "inactive_anon";
    case LruWhere.active_anon:
      return "active_anon";
    case LruWhere.inactive_file:
      return "inactive_file";
    case LruWhere.active_file:
      return "active_file";
    default:
      return null;
  }
}

/** What `page->mapping` points at. */
export type Mapping =
  | { readonly kind: "anon"; readonly anonVma: number }
  | { readonly kind: "file"; readonly file: FileObject }
  | { readonly kind: "ksm" };

export interface FileObject {
  readonly id: number;
  readonly path: string;
  /** address_space_operations.migratepage present? */
  readonly migratepage: boolean;
  /** The page cache: file page offset -> pfn. */
  readonly pageCache: Map<number, Pfn>;
}

/** One reverse-map entry: the PTE of `pid` at `vpn` maps this page. */
export interface RmapEntry {
  readonly mm: MmStruct;
  readonly vpn: Vpn;
}

export interface PageStruct {
  readonly pfn: Pfn;
  readonly node: NodeId;
  flags: number;
  /** page_count(): references held (PTEs, caches, pagevecs, isolation, pins). 0 = free. */
  count: number;
  /** page_mapcount(): PTEs mapping this page (the kernel stores it as _mapcount + 1). */
  mapcount: number;
  mapping: Mapping | null;
  /** page->index: file offset for file pages, vpn for anon pages. */
  index: number;
  /** page_private() when PageSwapCache: the swap slot. */
  swap: SwapSlot | null;
  where: LruWhere;
  /** LRU/pagevec list order (a monotonically increasing stamp). */
  lruSeq: number;
  /** Which CPU's pagevec holds it, when `where` is pagevec. */
  pagevecCpu: Cpu | null;
  /**
   * And which of that CPU's pagevecs (3.3 has one per LRU list, lru_add_pvecs[NR_LRU_LISTS]):
   * on 3.3 the list a page waits for is known only by its pagevec, as PG_active is clear there.
   */
  pagevecList: LruList | null;
  /** Reverse map (the kernel walks anon_vma / i_mmap; the model keeps the list directly). */
  rmap: RmapEntry[];
  /** Extra references taken by the scenario's get_page op (a pin, e.g. O_DIRECT or get_user_pages). */
  pins: number;
  /** For a THP head: number of base pages in the compound page; 1 otherwise. */
  compound: number;
  /** Writer of the current lock, for narration ("held by ..."). */
  lockedBy: string | null;
}

export type Pte =
  | {
      readonly kind: "present";
      readonly pfn: Pfn;
      readonly writable: boolean;
      /** 6.1 NUMA hinting: change_prot_numa() made it PROT_NONE; the next access faults. */
      readonly protnone?: boolean;
    }
  | { readonly kind: "swap"; readonly slot: SwapSlot }
  | { readonly kind: "migration"; readonly pfn: Pfn; readonly writable: boolean };

export type MpolMode =
  | "MPOL_DEFAULT"
  | "MPOL_PREFERRED"
  | "MPOL_BIND"
  | "MPOL_INTERLEAVE"
  /** 6.1 only (src/kernel/mainline): try the mask's nodes, then any node. */
  | "MPOL_PREFERRED_MANY";

/** struct mempolicy after mpol_new() + mpol_set_nodemask(). */
export interface Mempolicy {
  readonly mode: MpolMode;
  /** BIND/INTERLEAVE: v.nodes. PREFERRED: [preferred_node], or [] with `local`. */
  readonly nodes: readonly NodeId[];
  /** MPOL_F_LOCAL: preferred policy meaning "the allocating CPU's node". */
  readonly local: boolean;
  readonly staticNodes: boolean;
  readonly relativeNodes: boolean;
  /** MPOL_F_MOF (RFC 05/26): migrate misplaced pages on fault. */
  readonly mof: boolean;
  /** MPOL_F_MORON (6.1): migrate towards the node of the faulting CPU (NUMA balancing). */
  readonly moron?: boolean;
  /** What user asked for, for display. */
  readonly userNodes: readonly number[];
}

export interface Vma {
  readonly id: number;
  start: Vpn;
  end: Vpn;
  /** vm_pgoff: vpn of vm_start for anon VMAs, file page offset for file VMAs. */
  pgoff: number;
  readonly file: FileObject | null;
  readonly thp: boolean;
  policy: Mempolicy | null;
  /**
   * anon_vma id shared by the pages of this VMA (and its fork copies). Until its first anonymous
   * fault it stands for NULL (see Kernel.anonVmaPrepared), and anon_vma_prepare may then swap it
   * for a neighbour's (vma_merge.ts).
   */
  anonVma: number;
}

/**
 * What an mm's page table offers the model (page_table.ts implements it). Declared here so the
 * types every file shares do not import the table's implementation.
 */
export interface PteMap extends Iterable<[Vpn, Pte]> {
  readonly size: number;
  get(vpn: Vpn): Pte | undefined;
  has(vpn: Vpn): boolean;
  set(vpn: Vpn, pte: Pte): this;
  delete(vpn: Vpn): boolean;
  /** The one-entry rmap list naming this PTE (kept, so rmap walks allocate nothing). */
  rmapList(mm: MmStruct, vpn: Vpn): readonly RmapEntry[];
  entries(): IterableIterator<[Vpn, Pte]>;
  keys(): IterableIterator<Vpn>;
  values(): IterableIterator<Pte>;
}

export interface MmStruct {
  readonly pid: Pid;
  readonly comm: string;
  /** The process this one was forked from (it inherited its comm), or null. */
  readonly parent: Pid | null;
  readonly capSysNice: boolean;
  vmas: Vma[];
  /** The page table (page_table.ts `PageTable`): read like a Map from vpn to PTE. */
  readonly ptes: PteMap;
  exited: boolean;
}

export interface Thread {
  readonly tid: Tid;
  /** "tid N", for narration and as the holder of a page lock. */
  readonly name: string;
  readonly mm: MmStruct;
  cpu: Cpu;
  /** current->mempolicy: the task policy (null = default, local allocation). */
  policy: Mempolicy | null;
  /** current->il_next: where interleave_nodes() puts the next page that has no VMA offset. */
  ilNext: NodeId | null;
}

export interface NodeInfo {
  readonly id: NodeId;
  readonly cpus: readonly Cpu[];
  readonly firstPfn: Pfn;
  readonly frames: number;
  /** Fallback order (the node's zonelist): nodes sorted by SLIT distance. */
  readonly zonelist: readonly NodeId[];
  readonly distances: readonly number[];
}

export type { Errno };
/** Return value of a syscall: 0 or a negative errno, named. */
export type SyscallRet = 0 | Errno | "SIGBUS" | "SIGSEGV" | "VM_FAULT_OOM";

/** How a fault ended: "nofault" when the PTE already allowed the access. */
export type FaultResult = "ok" | "nofault" | Exclude<SyscallRet, 0>;
