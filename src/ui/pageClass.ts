/**
 * What a page frame holds, as one colour class, and the palettes. An ordinary page in use takes its
 * node's colour, everywhere it is drawn (frame grids, PTEs, LRU chips), so "this page now lives on
 * node 1" reads at a glance from the back of the room. Every other state has an Okabe–Ito colour
 * that no node uses; each class also has a text label in the cells and the inspector, so colour is
 * never the only cue.
 */
import { Col, LruWhere, MappingKind, PAGE_COLS, PG } from "../worker/viewState.ts";

export const PageClass = {
  free: 0,
  anon: 1,
  file: 2,
  swapcache: 3,
  isolated: 4,
  locked: 5,
  writeback: 6,
  ksm: 7,
  thp: 8,
  freeing: 9,
} as const;
export const CLASS_COUNT = 10;

/**
 * Each class's colours, corner letter, and two names: `name` for the legend and the inspector,
 * `short` for a node's one-line count, which must stay within two lines of a narrow panel.
 */
export const CLASS_INFO: readonly {
  name: string;
  short: string;
  color: string;
  ink: string;
  tag: string;
}[] = [
  { name: "free", short: "free", color: "#f2f2f2", ink: "#555555", tag: "" },
  { name: "in use (node colour)", short: "in use", color: "#0072B2", ink: "#ffffff", tag: "A" },
  { name: "file", short: "file", color: "#9E9E9E", ink: "#000000", tag: "F" },
  { name: "swap cache", short: "swap cache", color: "#E69F00", ink: "#000000", tag: "S" },
  { name: "isolated", short: "isolated", color: "#CC79A7", ink: "#000000", tag: "I" },
  { name: "locked", short: "locked", color: "#D55E00", ink: "#000000", tag: "L" },
  { name: "writeback", short: "writeback", color: "#F0E442", ink: "#000000", tag: "W" },
  { name: "KSM", short: "KSM", color: "#56B4E9", ink: "#000000", tag: "K" },
  { name: "THP", short: "THP", color: "#000000", ink: "#ffffff", tag: "T" },
  {
    name: "unused, freed when its pagevec drains",
    short: "held by a pagevec",
    color: "#d9d9d9",
    ink: "#595959",
    tag: "P",
  },
];

/** Node colours: dark, apart from each other and from every state colour above. */
export const NODE_COLORS = [
  "#0072B2",
  "#882255",
  "#117733",
  "#332288",
  "#999933",
  "#44AA99",
  "#AA4499",
  "#6B4C2A",
];
export const NODE_INK = ["#fff", "#fff", "#fff", "#fff", "#000", "#000", "#fff", "#fff"];
export const nodeColor = (n: number) => NODE_COLORS[n % NODE_COLORS.length] as string;
export const nodeInk = (n: number) => NODE_INK[n % NODE_INK.length] as string;

/** Fill and ink of a page cell: an ordinary page in use shows its node's colour. */
export function cellColors(cls: number, node: number): { color: string; ink: string } {
  if (cls === PageClass.anon) return { color: nodeColor(node), ink: nodeInk(node) };
  return CLASS_INFO[cls] ?? (CLASS_INFO[0] as { color: string; ink: string });
}

/** The most telling state wins: a locked swap-cache page shows as locked (migration in flight). */
export function classify(pages: Int32Array, pfn: number): number {
  const b = pfn * PAGE_COLS;
  if (pages[b + Col.count] === 0) return PageClass.free;
  // Migrated away or otherwise unused, held only by a pagevec until it drains (putback_lru_page).
  if (pages[b + Col.mapping] === MappingKind.none && pages[b + Col.where] === LruWhere.pagevec) {
    return PageClass.freeing;
  }
  const flags = pages[b + Col.flags] as number;
  if (flags & PG.locked) return PageClass.locked;
  if (flags & PG.writeback) return PageClass.writeback;
  if (pages[b + Col.where] === LruWhere.isolated) return PageClass.isolated;
  if (flags & PG.swapcache) return PageClass.swapcache;
  if (flags & PG.ksm || pages[b + Col.mapping] === MappingKind.ksm) return PageClass.ksm;
  if (flags & (PG.head | PG.tail)) return PageClass.thp;
  if (pages[b + Col.mapping] === MappingKind.file) return PageClass.file;
  return PageClass.anon;
}

/**
 * A second state the class hides: a locked (or isolated, under writeback) page that is also in
 * the swap cache is both, and the lazy migration path is exactly where that happens.
 */
export function alsoSwapCache(pages: Int32Array, pfn: number, cls: number): boolean {
  if (cls !== PageClass.locked && cls !== PageClass.isolated && cls !== PageClass.writeback)
    return false;
  return ((pages[pfn * PAGE_COLS + Col.flags] as number) & PG.swapcache) !== 0;
}

/**
 * Per-pfn class and per-node class counts, kept up to date from the pfns each move changed. A
 * page in the swap cache that shows another class (`alsoSwapCache`: locked, isolated, under
 * writeback) is counted under both, so a node's count of swap-cache pages agrees with the swap
 * cache's slots.
 */
export class PageClasses {
  readonly classes: Uint8Array;
  readonly counts: Int32Array;
  /** Per node and class, the pages of that class also in the swap cache (`alsoSwapCache`). */
  readonly alsoCounts: Int32Array;
  /** 1 where the page is also in the swap cache, under another class. */
  private readonly alsoSwap: Uint8Array;
  /**
   * Per node, a number that changes whenever one of its counts does: what a node's facts line
   * watches (a selector building its twenty counts ran for every node on every move).
   */
  readonly countsRev: Uint32Array;
  /** Page frames per node. */
  private readonly nodeFrames: Int32Array;

  constructor(
    private readonly nodeOf: Uint8Array,
    nodes: number,
  ) {
    this.classes = new Uint8Array(nodeOf.length);
    this.alsoSwap = new Uint8Array(nodeOf.length);
    this.counts = new Int32Array(nodes * CLASS_COUNT);
    this.alsoCounts = new Int32Array(nodes * CLASS_COUNT);
    this.countsRev = new Uint32Array(nodes);
    this.nodeFrames = new Int32Array(nodes);
    for (const n of nodeOf) this.nodeFrames[n] = (this.nodeFrames[n] as number) + 1;
  }

  /** Classify every page frame (a new run's frame 0; a far move updates the touched ones). */
  recomputeAll(pages: Int32Array): void {
    const { classes, alsoSwap, nodeOf, counts } = this;
    counts.fill(0);
    this.alsoCounts.fill(0);
    // Every page starts free, each node's frames counted free: most of a large machine's frames
    // are, and a free page then costs one read (131,072 of them on the large machine).
    classes.fill(PageClass.free);
    alsoSwap.fill(0);
    this.nodeFrames.forEach((n, node) => {
      counts[node * CLASS_COUNT + PageClass.free] = n;
    });
    for (let pfn = 0; pfn < classes.length; pfn++) {
      if (pages[pfn * PAGE_COLS + Col.count] === 0) continue;
      const c = classify(pages, pfn);
      const also = alsoSwapCache(pages, pfn, c);
      const at = (nodeOf[pfn] as number) * CLASS_COUNT;
      classes[pfn] = c;
      alsoSwap[pfn] = also ? 1 : 0;
      this.add(at, PageClass.free, -1, false);
      this.add(at, c, 1, also);
    }
    // Each node's revision moves once, not once per page.
    for (let n = 0; n < this.countsRev.length; n++)
      this.countsRev[n] = (this.countsRev[n] as number) + 1;
  }

  /**
   * Reclassify the page frames `pfns`, which must include every one changed since the last
   * update or recomputeAll (a far move passes the run's touched page frames, Timeline.touched).
   */
  update(pages: Int32Array, pfns: ArrayLike<number>): void {
    for (let i = 0; i < pfns.length; i++) {
      const pfn = pfns[i] as number;
      const was = this.classes[pfn] as number;
      const wasAlso = this.alsoSwap[pfn] as number;
      const now = classify(pages, pfn);
      const nowAlso = alsoSwapCache(pages, pfn, now) ? 1 : 0;
      if (was === now && wasAlso === nowAlso) continue;
      this.bump(pfn, was, -1, wasAlso);
      this.bump(pfn, now, 1, nowAlso);
      this.classes[pfn] = now;
      this.alsoSwap[pfn] = nowAlso;
    }
  }

  /** Pages of `node` in class `cls`; for the swap cache, also those another class shows. */
  count(node: number, cls: number): number {
    return this.counts[node * CLASS_COUNT + cls] as number;
  }

  /** Pages of `node` in class `cls` that are also in the swap cache. */
  alsoCount(node: number, cls: number): number {
    return this.alsoCounts[node * CLASS_COUNT + cls] as number;
  }

  /** Count `d` pages of class `cls` at `pfn`'s node; `also`: they are in the swap cache too. */
  private bump(pfn: number, cls: number, d: number, also: number): void {
    const n = this.nodeOf[pfn] as number;
    this.countsRev[n] = (this.countsRev[n] as number) + 1;
    this.add(n * CLASS_COUNT, cls, d, also !== 0);
  }

  /**
   * Count `d` pages of class `cls` in the node whose counts start at `at`; `also`: they are in
   * the swap cache too, and counted there as well.
   */
  private add(at: number, cls: number, d: number, also: boolean): void {
    const counts = this.counts;
    counts[at + cls] = (counts[at + cls] as number) + d;
    if (!also) return;
    const swap = at + PageClass.swapcache;
    counts[swap] = (counts[swap] as number) + d;
    this.alsoCounts[at + cls] = (this.alsoCounts[at + cls] as number) + d;
  }
}

/**
 * A node's one-line count of the pages it holds, by class ("1 in use · 24 swap cache (1 locked)
 * · 2 isolated"): a page in the swap cache that another class shows is named inside the swap
 * cache's count, not again after it, so the counts add up to the frames in use.
 */
export function heldText(count: (cls: number) => number, also: (cls: number) => number): string {
  const inSwap = CLASS_INFO.flatMap((c, cls) => (also(cls) > 0 ? [`${also(cls)} ${c.short}`] : []));
  return CLASS_INFO.flatMap((c, cls) => {
    if (cls === PageClass.free) return [];
    if (cls === PageClass.swapcache) {
      const n = count(cls);
      if (n === 0) return [];
      return [`${n} ${c.short}${inSwap.length > 0 ? ` (${inSwap.join(", ")})` : ""}`];
    }
    const n = count(cls) - also(cls);
    return n > 0 ? [`${n} ${c.short}`] : [];
  }).join(" · ");
}
