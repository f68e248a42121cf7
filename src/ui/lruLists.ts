/**
 * The LRU lists, pagevecs and isolated pages of a run's view, kept up to date from the pfns each
 * move changed (as PageClasses keeps the cell classes), so the LRU panel is current at every frame,
 * on screen or not, without scanning every page frame. Each list carries the version it last
 * changed at: its row re-renders only then.
 */
import { Col, LruWhere, MappingKind, PAGE_COLS, PG } from "../worker/protocol.ts";

export const LISTS = ["inactive_anon", "active_anon", "inactive_file", "active_file"] as const;
export type ListName = (typeof LISTS)[number];
/** Long lists show their newest entries only (the LRU head is where pages arrive). */
export const SHOW = 28;

const NONE = -1;
const ISOLATED = -2;
/** Per-CPU pagevec keys start here: PAGEVEC + cpu * LISTS.length + list. */
const PAGEVEC = 1 << 20;

/** page_lru(): the list a page is queued for, by PageActive and file/anon. */
function listIndex(pages: Int32Array, pfn: number): number {
  const b = pfn * PAGE_COLS;
  const active = ((pages[b + Col.flags] as number) & PG.active) !== 0;
  const file = pages[b + Col.mapping] === MappingKind.file;
  return (file ? 2 : 0) + (active ? 1 : 0);
}

export const listKey = (node: number, list: number) => node * LISTS.length + list;
export const pagevecKey = (cpu: number, list: number) => PAGEVEC + cpu * LISTS.length + list;
export const ISOLATED_KEY = ISOLATED;

export class LruLists {
  private readonly key: Int32Array;
  private readonly seq: Int32Array;
  private readonly members = new Map<number, Set<number>>();
  private readonly revs = new Map<number, number>();
  /** Sorted members, cached until the list changes. */
  private readonly shown = new Map<number, { cap: number; top: readonly number[] }>();

  constructor(private readonly nodeOf: Uint8Array) {
    this.key = new Int32Array(nodeOf.length).fill(NONE);
    this.seq = new Int32Array(nodeOf.length);
  }

  private keyOf(pages: Int32Array, pfn: number): number {
    const where = pages[pfn * PAGE_COLS + Col.where] as number;
    if (where === LruWhere.none) return NONE;
    if (where === LruWhere.isolated) return ISOLATED;
    if (where === LruWhere.pagevec)
      return pagevecKey(pages[pfn * PAGE_COLS + Col.pagevecCpu] as number, listIndex(pages, pfn));
    return listKey(this.nodeOf[pfn] as number, where - 1);
  }

  private touch(k: number, version: number, reorder: boolean): void {
    if (k === NONE) return;
    this.revs.set(k, version);
    if (reorder) this.shown.delete(k);
  }

  /** Recount everything (a new run, a far seek). */
  recomputeAll(pages: Int32Array, version: number): void {
    for (const k of this.members.keys()) this.touch(k, version, true);
    this.members.clear();
    this.key.fill(NONE);
    for (let pfn = 0; pfn < this.key.length; pfn++) this.place(pages, pfn, version);
  }

  /**
   * Move the changed pfns between lists. A list gets `version` when a page joins, leaves or
   * changes on it (its chip's colour may change too).
   */
  update(pages: Int32Array, pfns: readonly number[], version: number): void {
    for (const pfn of pfns) this.place(pages, pfn, version);
  }

  private place(pages: Int32Array, pfn: number, version: number): void {
    const was = this.key[pfn] as number;
    const now = this.keyOf(pages, pfn);
    const seq = pages[pfn * PAGE_COLS + Col.lruSeq] as number;
    const reorder = was !== now || this.seq[pfn] !== seq;
    this.seq[pfn] = seq;
    if (was !== now) {
      if (was !== NONE) this.members.get(was)?.delete(pfn);
      if (now !== NONE) {
        let set = this.members.get(now);
        if (!set) {
          set = new Set();
          this.members.set(now, set);
        }
        set.add(pfn);
      }
      this.key[pfn] = now;
      this.touch(was, version, true);
    }
    this.touch(now, version, reorder);
  }

  /** The version list `k` last changed at (0: never). */
  rev(k: number): number {
    return this.revs.get(k) ?? 0;
  }

  count(k: number): number {
    return this.members.get(k)?.size ?? 0;
  }

  /** The newest `cap` members of list `k`, oldest first (by LRU sequence, then pfn). */
  newest(k: number, cap = SHOW): readonly number[] {
    const hit = this.shown.get(k);
    if (hit && hit.cap === cap) return hit.top;
    const seq = this.seq;
    const older = (a: number, b: number) => (seq[a] as number) - (seq[b] as number) || a - b;
    // Keep the `cap` newest in a small sorted array: lists run to thousands of pages.
    const top: number[] = [];
    for (const pfn of this.members.get(k) ?? []) {
      if (top.length === cap && older(pfn, top[0] as number) < 0) continue;
      let i = top.length;
      while (i > 0 && older(pfn, top[i - 1] as number) < 0) i--;
      top.splice(i, 0, pfn);
      if (top.length > cap) top.shift();
    }
    this.shown.set(k, { cap, top });
    return top;
  }

  /** CPUs with a non-empty pagevec. */
  busyCpus(): Set<number> {
    const out = new Set<number>();
    for (const [k, set] of this.members)
      if (k >= PAGEVEC && set.size > 0) out.add(Math.floor((k - PAGEVEC) / LISTS.length));
    return out;
  }
}
