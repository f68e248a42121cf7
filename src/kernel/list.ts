/**
 * The LRU lists as the kernel links them: through `page->lru`, a list_head inside struct page, so
 * putting a page on a list or taking it off touches only that page and its two neighbours.
 *
 * @see include/linux/list.h list_add_tail(), list_del(); include/linux/mm_types.h (struct page's
 *      `lru` field); include/linux/mmzone.h (struct lruvec's lists[NR_LRU_LISTS]).
 * The links live in one typed array for the whole machine (a page is on at most one list), a
 * page's next, prev and owning list side by side so that linking a page touches one cache line of
 * it: hashing each pfn into a Set per list cost more than the rest of adding a page to the LRU.
 * `owner` records which list holds a page, so membership is a read, not a walk.
 */
import type { Pfn } from "./types.ts";

/** Where a page's fields sit in LruLinks.at: pfn * STRIDE + NEXT, and so on. */
const STRIDE = 4;
const NEXT = 0;
const PREV = 1;
/** The id of the list that holds the page, 0 for none. */
const OWNER = 2;

/** The per-machine `page->lru` links of every struct page (-1: none). */
export class LruLinks {
  readonly at: Int32Array;
  private lists = 0;

  constructor(frames: number) {
    this.at = new Int32Array(frames * STRIDE);
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
    return this.links.at[pfn * STRIDE + OWNER] === this.id;
  }

  /** list_add_tail - the page becomes the newest on the list. */
  add(pfn: number): this {
    const at = this.links.at;
    const me = pfn * STRIDE;
    const was = at[me + OWNER] as number;
    if (was === this.id) return this;
    if (was !== 0) throw new Error(`pfn ${pfn} is already on another LRU list`);
    at[me + OWNER] = this.id;
    at[me + PREV] = this.tail;
    at[me + NEXT] = -1;
    if (this.tail >= 0) at[this.tail * STRIDE + NEXT] = pfn;
    else this.head = pfn;
    this.tail = pfn;
    this.count++;
    return this;
  }

  /** list_del - unlink the page; false when it was not on this list. */
  delete(pfn: number): boolean {
    const at = this.links.at;
    const me = pfn * STRIDE;
    if (at[me + OWNER] !== this.id) return false;
    const n = at[me + NEXT] as number;
    const p = at[me + PREV] as number;
    if (p >= 0) at[p * STRIDE + NEXT] = n;
    else this.head = n;
    if (n >= 0) at[n * STRIDE + PREV] = p;
    else this.tail = p;
    at[me + OWNER] = 0;
    this.count--;
    return true;
  }

  *[Symbol.iterator](): Iterator<Pfn> {
    const at = this.links.at;
    for (let pfn = this.head; pfn >= 0; pfn = at[pfn * STRIDE + NEXT] as number) yield pfn as Pfn;
  }
}
