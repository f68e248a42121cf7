/**
 * Lists of pfns threaded through two arrays indexed by pfn, the way the kernel threads its LRU
 * lists through each `struct page`'s `lru` list_head: a page joins or leaves a list in constant
 * time, it is on one list at most, and rebuilding every list allocates nothing per page. (A Set
 * per list cost a far seek on the large machine about 3 ms and half a megabyte of garbage.)
 * Members are kept in the order they joined, oldest first.
 */

const END = -1;

interface Ends {
  head: number;
  tail: number;
  size: number;
}

export class PfnLists {
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly lists = new Map<number, Ends>();

  constructor(pfns: number) {
    this.next = new Int32Array(pfns);
    this.prev = new Int32Array(pfns);
  }

  /** Put `pfn` (on no list) at the tail of list `k`. */
  add(k: number, pfn: number): void {
    let l = this.lists.get(k);
    if (!l) {
      l = { head: END, tail: END, size: 0 };
      this.lists.set(k, l);
    }
    this.prev[pfn] = l.tail;
    this.next[pfn] = END;
    if (l.tail === END) l.head = pfn;
    else this.next[l.tail] = pfn;
    l.tail = pfn;
    l.size++;
  }

  /** Take `pfn` off list `k`, which the caller knows it is on. */
  remove(k: number, pfn: number): void {
    const l = this.lists.get(k);
    if (!l) return;
    const before = this.prev[pfn] as number;
    const after = this.next[pfn] as number;
    if (before === END) l.head = after;
    else this.next[before] = after;
    if (after === END) l.tail = before;
    else this.prev[after] = before;
    l.size--;
  }

  size(k: number): number {
    return this.lists.get(k)?.size ?? 0;
  }

  /** The oldest member of list `k`, or -1. */
  first(k: number): number {
    return this.lists.get(k)?.head ?? END;
  }

  /** The member after `pfn` on its list, or -1. */
  after(pfn: number): number {
    return this.next[pfn] as number;
  }

  /** The lists that have had members since the last `clear`. */
  keys(): IterableIterator<number> {
    return this.lists.keys();
  }

  clear(): void {
    this.lists.clear();
  }
}
