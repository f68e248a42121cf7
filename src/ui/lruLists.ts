/**
 * The LRU lists, pagevecs and isolated pages of a run's view, kept up to date from the pfns each
 * move changed (as PageClasses keeps the cell classes), so the LRU panel is current at every frame,
 * on screen or not, without scanning every page frame. Each list carries the version it last
 * changed at: its row re-renders only then.
 */
import { Col, LRU_LISTS, LruWhere, listOf, PAGE_COLS } from "../worker/viewState.ts";
import { PfnLists } from "./pfnLists.ts";

/** The kernel's LRU lists, in its order (enum lru_list): one definition, the model's. */
export const LISTS = LRU_LISTS;
/** Long lists show their newest entries only (the LRU head is where pages arrive). */
export const SHOW = 28;
/**
 * On a large machine (selectIsLarge: the built-in one has eight nodes and thousands of pages a
 * list) one line of them at 1920 px, the isolated pages' list too: 28 made the panel 1,500 px
 * tall, and a far seek there mounted about 135 new chips.
 */
export const SHOW_LARGE = 6;

const NONE = -1;
const ISOLATED = -2;
/** Per-CPU pagevec keys start here: PAGEVEC + cpu * LISTS.length + list. */
const PAGEVEC = 1 << 20;

export const listKey = (node: number, list: number) => node * LISTS.length + list;
export const pagevecKey = (cpu: number, list: number) => PAGEVEC + cpu * LISTS.length + list;
export const ISOLATED_KEY = ISOLATED;

/** A list position (LRU sequence, then pfn) every member not kept is older than. */
interface Floor {
  readonly seq: number;
  readonly pfn: number;
}
interface Shown {
  readonly cap: number;
  /** The newest 2 * cap members at most, oldest first. */
  readonly kept: readonly number[];
  /** Null when `kept` holds the whole list. */
  readonly floor: Floor | null;
  readonly top: readonly number[];
}

export class LruLists {
  private readonly key: Int32Array;
  private readonly seq: Int32Array;
  private readonly members: PfnLists;
  private readonly revs = new Map<number, number>();
  /** The newest members, oldest first, kept across moves (see `newest`). */
  private readonly shown = new Map<number, Shown>();
  /** Per list, the pfns that joined, left or moved on it since its `shown` was brought up to date. */
  private readonly pending = new Map<number, Set<number>>();

  constructor(private readonly nodeOf: Uint8Array) {
    this.key = new Int32Array(nodeOf.length).fill(NONE);
    this.seq = new Int32Array(nodeOf.length);
    this.members = new PfnLists(nodeOf.length);
  }

  private keyOf(pages: Int32Array, pfn: number): number {
    const where = pages[pfn * PAGE_COLS + Col.where] as number;
    if (where === LruWhere.none) return NONE;
    if (where === LruWhere.isolated) return ISOLATED;
    // Which CPU's pagevec, for which list (on 3.3 PG_active is clear while a page waits there).
    if (where === LruWhere.pagevec)
      return PAGEVEC + (pages[pfn * PAGE_COLS + Col.pagevec] as number);
    const list = listOf(where as LruWhere);
    return list === null ? NONE : listKey(this.nodeOf[pfn] as number, LISTS.indexOf(list));
  }

  private touch(k: number, version: number, pfn: number, reorder: boolean): void {
    if (k === NONE) return;
    this.revs.set(k, version);
    if (!reorder || !this.shown.has(k)) return;
    let p = this.pending.get(k);
    if (!p) {
      p = new Set();
      this.pending.set(k, p);
    }
    p.add(pfn);
  }

  /** Recount everything (a new run's frame 0): every list, old or new, changed at `version`. */
  recomputeAll(pages: Int32Array, version: number): void {
    for (const k of this.members.keys()) this.revs.set(k, version);
    this.shown.clear();
    this.pending.clear();
    this.members.clear();
    this.key.fill(NONE);
    // Most page frames of a large machine are on no list: skip them without a call.
    for (let pfn = 0; pfn < this.key.length; pfn++) {
      if (pages[pfn * PAGE_COLS + Col.where] === LruWhere.none) continue;
      const k = this.keyOf(pages, pfn);
      this.key[pfn] = k;
      this.seq[pfn] = pages[pfn * PAGE_COLS + Col.lruSeq] as number;
      this.members.add(k, pfn);
    }
    for (const k of this.members.keys()) this.revs.set(k, version);
  }

  /**
   * After a far move, which can have changed only `pfns` (the run's touched page frames): move
   * them between lists, and count every list as changed at `version`, as recomputeAll does,
   * without reading the page frames no frame touches. (Updating them one by one, as a step does,
   * kept a note per page of the lists to patch: on the million-frame run's far seeks it cost as
   * much as recounting every page frame.)
   */
  recount(pages: Int32Array, pfns: ArrayLike<number>, version: number): void {
    this.shown.clear();
    this.pending.clear();
    for (let i = 0; i < pfns.length; i++) {
      const pfn = pfns[i] as number;
      const was = this.key[pfn] as number;
      const now = this.keyOf(pages, pfn);
      this.seq[pfn] = pages[pfn * PAGE_COLS + Col.lruSeq] as number;
      if (was === now) continue;
      if (was !== NONE) this.members.remove(was, pfn);
      if (now !== NONE) this.members.add(now, pfn);
      this.key[pfn] = now;
    }
    for (const k of this.members.keys()) this.revs.set(k, version);
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
      if (was !== NONE) this.members.remove(was, pfn);
      if (now !== NONE) this.members.add(now, pfn);
      this.key[pfn] = now;
      this.touch(was, version, pfn, true);
    }
    this.touch(now, version, pfn, reorder);
  }

  /** The version list `k` last changed at (0: never). */
  rev(k: number): number {
    return this.revs.get(k) ?? 0;
  }

  count(k: number): number {
    return this.members.size(k);
  }

  /**
   * The newest `cap` members of list `k`, oldest first (by LRU sequence, then pfn). A step moves
   * a page or two on lists of thousands: the newest 2 * cap are kept and patched with the pages
   * that moved, and the whole list is scanned again only when too few of them are left.
   */
  newest(k: number, cap = SHOW): readonly number[] {
    let hit = this.shown.get(k);
    const moved = this.pending.get(k);
    this.pending.delete(k);
    if (hit && hit.cap === cap && moved) hit = this.patch(k, hit, moved) ?? undefined;
    if (!hit || hit.cap !== cap) hit = this.scan(k, cap);
    this.shown.set(k, hit);
    return hit.top;
  }

  /** `a` is older than `b` on its list (a negative number), or newer. */
  private older(a: number, b: number): number {
    return (this.seq[a] as number) - (this.seq[b] as number) || a - b;
  }

  private scan(k: number, cap: number): Shown {
    const keep = 2 * cap;
    // Lists run to thousands of pages, mostly met oldest first: the newest `keep` so far stay in
    // order, each page taking its place from the end; whatever is older than the oldest kept once
    // `keep` are found is skipped. No sort: a far seek scans every list, and sorting allocated.
    const kept: number[] = [];
    const lists = this.members;
    for (let pfn = lists.first(k); pfn >= 0; pfn = lists.after(pfn)) {
      if (kept.length === keep && this.older(pfn, kept[0] as number) < 0) continue;
      let i = kept.length;
      kept.push(pfn);
      for (; i > 0 && this.older(pfn, kept[i - 1] as number) < 0; i--)
        kept[i] = kept[i - 1] as number;
      kept[i] = pfn;
      if (kept.length > keep) kept.shift();
    }
    return this.make(k, cap, kept);
  }

  /** `hit` with the moved pages taken out and put back where they now belong; null: scan again. */
  private patch(k: number, hit: Shown, moved: Set<number>): Shown | null {
    const kept = hit.kept.filter((pfn) => !moved.has(pfn));
    // Every member outside `kept` is older than `floor`, so a moved page older than it may stay out.
    const floor = hit.floor;
    for (const pfn of moved) {
      if (this.key[pfn] !== k) continue;
      if (floor && ((this.seq[pfn] as number) - floor.seq || pfn - floor.pfn) < 0) continue;
      let i = kept.length;
      while (i > 0 && this.older(pfn, kept[i - 1] as number) < 0) i--;
      kept.splice(i, 0, pfn);
    }
    const count = this.members.size(k);
    if (kept.length < Math.min(hit.cap, count)) return null;
    if (kept.length > 2 * hit.cap) kept.splice(0, kept.length - 2 * hit.cap);
    const next = this.make(k, hit.cap, kept);
    // Unchanged newest: the same array, so the row showing it need not render again.
    const same = next.top.length === hit.top.length && next.top.every((p, i) => p === hit.top[i]);
    return same ? { ...next, top: hit.top } : next;
  }

  /** `kept` holds the newest members of `k`: whatever it leaves out is older than its first. */
  private make(k: number, cap: number, kept: number[]): Shown {
    const first = kept[0];
    const whole = first === undefined || kept.length === this.members.size(k);
    const floor = whole ? null : { seq: this.seq[first] as number, pfn: first };
    return { cap, kept, floor, top: kept.slice(-cap) };
  }

  /** CPUs with a non-empty pagevec. */
  busyCpus(): Set<number> {
    const out = new Set<number>();
    for (const k of this.members.keys())
      if (k >= PAGEVEC && this.members.size(k) > 0)
        out.add(Math.floor((k - PAGEVEC) / LISTS.length));
    return out;
  }
}
