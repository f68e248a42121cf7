/**
 * The machine: NUMA nodes with their page frames, the per-node LRU lists, per-CPU pagevecs, the swap
 * device, processes and threads, and the counters. `createKernel` plays the part of boot:
 * `mm/page_alloc.c` build_zonelists() (fallback order by SLIT distance) and free_area_init().
 *
 * Simplifications: one zone per node (ZONE_NORMAL), no reclaim (no kswapd, nothing is ever written to
 * swap), one swap device. Fallback order: zonelist.ts.
 */
import { type AccessStat, account_access, createAccessStat } from "./access.ts";
import { LruLinks, type PageList } from "./list.ts";
import { MAINLINE_61_SOURCES } from "./mainline/sources.ts";
import { createNumaBalancing, type NumaBalancing } from "./mainline/state.ts";
import { createPteValues, type PteValues } from "./pte_values.ts";
import { Said, type Text } from "./said.ts";
import { DEFAULT_KERNEL, type KernelName, type ScenarioMachine } from "./scenario.ts";
import { RFC_2012_SOURCES, type SourceTable, sourceLabel, sourceOf } from "./sources.ts";
import { ChangeLog, EmittedFrame, type FrameSink } from "./trace.ts";
import {
  type Cpu,
  type FileObject,
  LRU_LISTS,
  type LruList,
  type Mapping,
  type MmStruct,
  type NodeId,
  type NodeInfo,
  type PageStruct,
  type Pfn,
  type Pid,
  type Thread,
  type Tid,
} from "./types.ts";
import { account_pages } from "./vmstat.ts";
import {
  createZoneCounters,
  type NodeStat,
  type VmEvents,
  type ZoneCounters,
} from "./vmstat_names.ts";
import { build_all_zonelists } from "./zonelist.ts";

/** The machine a scenario describes (see src/scenario/format.ts). */
export type MachineConfig = ScenarioMachine;

export interface SwapDevice {
  /** Usable slots, numbered 1..slots: slot 0 is the swap header, as in 3.3. */
  readonly slots: number;
  /** swap_map[]: references from swap PTEs (the count without SWAP_HAS_CACHE); index 0 unused. */
  readonly map: Int32Array;
  /** SWAP_HAS_CACHE: the pfn of the swap-cache page for the slot, or -1. */
  readonly cache: Int32Array;
  /** Slots in use (count > 0 or in the swap cache). */
  used: number;
  /** Where scan_swap_map() looks next (si->cluster_next): allocation is round-robin, not lowest-first. */
  cursor: number;
  /**
   * si->lowest_bit / si->highest_bit: the scan stays between them. Hints, as in 3.3: every free
   * slot lies between them, but not every slot between them is free (a slot taken inside the
   * range leaves it as it was; a cache-only slot outside it is never looked at).
   */
  lowestBit: number;
  highestBit: number;
}

export interface Kernel {
  readonly config: MachineConfig;
  readonly nodes: readonly NodeInfo[];
  /** mem_map by pfn: a struct page is made the first time its pfn is looked up (mem_map.ts). */
  readonly pages: readonly (PageStruct | undefined)[];
  /** Per node: free pfns, a stack (LIFO like the buddy allocator's hot pages; lowest pfn first at boot). */
  readonly free: Pfn[][];
  /** Per node, per list: the LRU, oldest first, linked through each page's `lru` (list.ts). */
  readonly lru: Record<LruList, PageList>[];
  /** Per CPU, per list: lru_add_pvecs (mm/swap.c). */
  readonly pagevecs: Map<Cpu, Record<LruList, Pfn[]>>;
  readonly cpuNode: Map<Cpu, NodeId>;
  readonly swap: SwapDevice;
  readonly mms: Map<Pid, MmStruct>;
  readonly threads: Map<Tid, Thread>;
  readonly files: Map<string, FileObject>;
  readonly events: VmEvents;
  readonly nodeStat: NodeStat[];
  /** Per node: the page-derived zone counters (vmstat.ts), and what each page last added to them. */
  readonly zoneStat: ZoneCounters[];
  readonly pageShare: Uint32Array;
  /** Every PTE value made so far, handed out again rather than allocated (pgtable.ts). */
  readonly pteValues: PteValues;
  /** Local and remote accesses of touches (model only: access.ts). */
  readonly access: AccessStat;
  readonly log: ChangeLog;
  /** Which kernel source each frame's function comes from (sources.ts). */
  readonly sources: SourceTable;
  /** Each function's frame label, worked out from `sources` once. */
  readonly sourceLabels: Map<string, string>;
  sink: FrameSink;
  step: number;
  /** The node the last allocation wanted first (zone_statistics' preferred zone), so a fault's
   *  narration can say when it fell back to another node. */
  allocPreferred: NodeId | null;
  /** Side events (a pagevec that filled up) told at the end of the next frame's narration. */
  note: Text[];
  /** Build each frame's sentence (false only for sinks that never read it). */
  readonly narrate: boolean;
  seq: { vma: number; anonVma: number; file: number; lru: number };
  /** Each anon_vma's page->mapping, by id (rmap.ts anon_vma_mapping). */
  readonly anonVmas: Mapping[];
  /** anon_vmas allocated by a first anonymous fault (anon_vma_prepare), for vma_merge.ts. */
  readonly anonVmaPrepared: Set<number>;
  /** Which kernel this machine runs: the RFC's 3.3, or 6.1 (src/kernel/mainline). */
  readonly variant: KernelName;
  /** 6.1's automatic NUMA balancing; null under the RFC kernel, which has none. */
  readonly numa: NumaBalancing | null;
  /** 6.1 lru_disable_count: while above 0, a page added to an LRU batch goes straight on. */
  lruCacheDisabled: number;
}

function emptyLists<T>(make: () => T): Record<LruList, T> {
  return Object.fromEntries(LRU_LISTS.map((l) => [l, make()])) as Record<LruList, T>;
}

/**
 * Boot: a mem_map slot per frame (its struct page is made on first use: mem_map.ts), free lists,
 * zonelists, empty LRUs, pagevecs and swap map.
 */
export function createKernel(
  config: MachineConfig,
  sink: FrameSink = () => {},
  narrate = true,
  variant: KernelName = DEFAULT_KERNEL,
): Kernel {
  // Every pfn has a slot from boot; its struct page is made on first use (mem_map.ts).
  const pages: (PageStruct | undefined)[] = [];
  for (const n of config.nodes) for (let i = 0; i < n.frames; i++) pages.push(undefined);
  let nextPfn = 0;
  const free: Pfn[][] = [];
  const cpuNode = new Map<Cpu, NodeId>();
  const pagevecs = new Map<Cpu, Record<LruList, Pfn[]>>();
  const zonelists = build_all_zonelists({
    distances: config.distances,
    hasCpus: config.nodes.map((n) => n.cpus.length > 0),
  });
  const nodes = config.nodes.map((n, id) => {
    const firstPfn = nextPfn as Pfn;
    nextPfn += n.frames;
    const stack: Pfn[] = [];
    for (let i = 0; i < n.frames; i++) stack.push((firstPfn + n.frames - 1 - i) as Pfn);
    free.push(stack);
    for (const c of n.cpus) {
      cpuNode.set(c as Cpu, id as NodeId);
      pagevecs.set(
        c as Cpu,
        emptyLists<Pfn[]>(() => []),
      );
    }
    return {
      id: id as NodeId,
      cpus: n.cpus as Cpu[],
      firstPfn,
      frames: n.frames,
      zonelist: zonelists[id] ?? [],
      distances: config.distances[id] ?? [],
    };
  });
  const lruLinks = new LruLinks(pages.length);
  return {
    config,
    nodes,
    pages,
    free,
    lru: nodes.map(() => emptyLists(() => lruLinks.list())),
    pagevecs,
    cpuNode,
    swap: {
      slots: config.swapSlots,
      map: new Int32Array(config.swapSlots + 1),
      cache: new Int32Array(config.swapSlots + 1).fill(-1),
      used: 0,
      cursor: 1,
      lowestBit: 1,
      highestBit: config.swapSlots,
    },
    mms: new Map(),
    threads: new Map(),
    files: new Map(),
    events: {
      pgfault: 0,
      pgmajfault: 0,
      pgmigrate_success: 0,
      pgmigrate_fail: 0,
      thp_split: 0,
      pswpin: 0,
      pswpout: 0,
    },
    nodeStat: nodes.map(() => ({
      numa_hit: 0,
      numa_miss: 0,
      numa_foreign: 0,
      interleave_hit: 0,
      local_node: 0,
      other_node: 0,
      nr_isolated_anon: 0,
      nr_isolated_file: 0,
    })),
    zoneStat: nodes.map(() => createZoneCounters()),
    pageShare: new Uint32Array(pages.length),
    pteValues: createPteValues(pages.length, config.swapSlots + 1),
    access: createAccessStat(),
    log: new ChangeLog(pages.length, config.swapSlots + 1),
    sources: variant === "mainline" ? MAINLINE_61_SOURCES : RFC_2012_SOURCES,
    sourceLabels: new Map(),
    sink,
    step: 0,
    allocPreferred: null,
    lruCacheDisabled: 0,
    note: [],
    narrate,
    seq: { vma: 1, anonVma: 1, file: 1, lru: 1 },
    anonVmas: [],
    anonVmaPrepared: new Set(),
    variant,
    numa:
      variant === "mainline"
        ? createNumaBalancing({
            ...(config.numa_balancing_scan_delay_ms !== undefined && {
              numa_balancing_scan_delay_ms: config.numa_balancing_scan_delay_ms,
            }),
            ...(config.numa_balancing_scan_period_min_ms !== undefined && {
              numa_balancing_scan_period_min_ms: config.numa_balancing_scan_period_min_ms,
            }),
            ...(config.numa_balancing_scan_size_mb !== undefined && {
              numa_balancing_scan_size_mb: config.numa_balancing_scan_size_mb,
            }),
          })
        : null,
  };
}

/** numa_node_id() for a thread: the node of the CPU it runs on. */
export function nodeOfCpu(k: Kernel, cpu: Cpu): NodeId {
  const n = k.cpuNode.get(cpu);
  if (n === undefined) throw new Error(`cpu ${cpu} is on no node`);
  return n;
}

/** The pieces of a sentence followed by `n` notes, one space between each: one array per `n`. */
const notePieces: (readonly string[])[] = [];

/** A frame's sentence with the notes the functions it called left (each said after a space). */
function withNotes(said: Text, notes: readonly Text[]): Text {
  const n = notes.length;
  let pieces = notePieces[n];
  if (!pieces) {
    pieces = Object.freeze(["", ...Array.from({ length: n }, () => " "), ""]);
    notePieces[n] = pieces;
  }
  return new Said(pieces, [said, ...notes]);
}

/**
 * Emit one frame: the kernel function, its file (from the source table), and a sentence; the ids
 * come from the ChangeLog.
 * The sentence is a thunk called at once (it reads live state), unless the kernel was created
 * without narration: a sink that only counts frames (the benchmark) then skips the formatting.
 * The hottest events pass `k.narrate && said\`...\`` instead: the sentence made only when
 * narrating, with no thunk (a thunk and the variables it captures are allocated per event,
 * narrated or not), and kept as pieces and numbers (said.ts) until someone reads it.
 */
export function emit(k: Kernel, fn: string, text: (() => Text) | Text | false): void {
  let file = k.sourceLabels.get(fn);
  if (file === undefined) {
    file = sourceLabel(sourceOf(k.sources, fn));
    k.sourceLabels.set(fn, file);
  }
  let said: Text = "";
  if (k.narrate) {
    said = typeof text === "function" ? text() : text || "";
    if (k.note.length > 0) said = withNotes(said, k.note);
  }
  if (k.note.length > 0) k.note.length = 0; // setting length is a runtime call, even to 0
  if (k.access.recheck) account_access(k);
  // The pages are accounted first: that names the zone counters they changed, in this frame.
  const pages = k.log.takePages();
  account_pages(k, pages);
  const changed = k.log.takeWith(pages);
  k.sink(new EmittedFrame(k.step, fn, file, said, changed));
}
