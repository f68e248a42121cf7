/**
 * The LRU lists as the kernel links them: through `page->lru`, a list_head inside struct page, so
 * putting a page on a list or taking it off touches only that page and its two neighbours.
 *
 * @see include/linux/list.h list_add_tail(), list_del(); include/linux/mm_types.h (struct page's
 *      `lru` field); include/linux/mmzone.h (struct lruvec's lists[NR_LRU_LISTS]).
 * The links live in typed arrays indexed by pfn, one pair for the whole machine (a page is on at
 * most one list): hashing each pfn into a Set per list cost more than the rest of adding a page
 * to the LRU. `owner` records which list holds a page, so membership is a read, not a walk.
 */
import type { Pfn } from "./types.ts";

/** The per-machine `page->lru` links of every struct page (-1: none). */
export class LruLinks {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** The id of the list that holds each page, 0 for none. */
  readonly owner: Int32Array;
  private lists = 0;

  constructor(frames: number) {
    this.next = new Int32Array(frames);
    this.prev = new Int32Array(frames);
    this.owner = new Int32Array(frames);
  }

  /** A new, empty list head linked through these links. */
  list(): PageList {
    return new PageList(this, ++this.lists);
  }
}

/**
 * One LRU list: oldest page first, as a Set<Pfn> would iterate it. add() of a page already on
 * this list leaves it where it is, delete() of a page not on it is a no-op, as with a Set.
 */
export class PageList implements Iterable<Pfn> {
  private head = -1;
  private tail = -1;
  private count = 0;

  constructor(
    private readonly links: LruLinks,
    private readonly id: number,
  ) {}

  get size(): number {
    return this.count;
  }

  has(pfn: number): boolean {
    return this.links.owner[pfn] === this.id;
  }

  /** list_add_tail - the page becomes the newest on the list. */
  add(pfn: number): this {
    const { next, prev, owner } = this.links;
    const was = owner[pfn] as number;
    if (was === this.id) return this;
    if (was !== 0) throw new Error(`pfn ${pfn} is already on another LRU list`);
    owner[pfn] = this.id;
    prev[pfn] = this.tail;
    next[pfn] = -1;
    if (this.tail >= 0) next[this.tail] = pfn;
    else this.head = pfn;
    this.tail = pfn;
    this.count++;
    return this;
  }

  /** list_del - unlink the page; false when it was not on this list. */
  delete(pfn: number): boolean {
    const { next, prev, owner } = this.links;
    if (owner[pfn] !== this.id) return false;
    const n = next[pfn] as number;
    const p = prev[pfn] as number;
    if (p >= 0) next[p] = n;
    else this.head = n;
    if (n >= 0) prev[n] = p;
    else this.tail = p;
    owner[pfn] = 0;
    this.count--;
    return true;
  }

  *[Symbol.iterator](): Iterator<Pfn> {
    const { next } = this.links;
    for (let pfn = this.head; pfn >= 0; pfn = next[pfn] as number) yield pfn as Pfn;
  }
}
