/**
 * Frames: one per kernel event a lecturer would point at.
 *
 * Every mutation helper marks what it changed in the kernel's ChangeLog; `emit` turns the marks into a
 * frame's `changed` ids and clears them. Frames therefore stay small (ids, not state), and a consumer
 * that wants the new values (the worker's projection) reads them from the kernel right then.
 */
import type { Text } from "./said.ts";

export interface Changed {
  /** pfns whose struct page (or LRU/pagevec membership) changed. */
  readonly pages: readonly number[];
  /** Flat pairs [pid, vpn, pid, vpn, ...] of PTEs that changed. */
  readonly ptes: readonly number[];
  /** Swap slots whose swap_map count or swap-cache page changed. */
  readonly slots: readonly number[];
  /** Flat pairs [from pfn, to pfn, ...] of pages migrated in this frame (for drawing the move). */
  readonly moves: readonly number[];
  /** Some vmstat / numastat counter changed. */
  readonly counters: boolean;
  /**
   * Which ones, as indexes into vmstat.ts's counterNames (each once), or null
   * when some change did not say which counter it touched: then any may have changed.
   */
  readonly counterIds: readonly number[] | null;
  /** A VMA, a policy or a process/thread changed. */
  readonly layout: boolean;
}

export interface Frame {
  /** Index of the scenario step that produced this frame. */
  readonly step: number;
  /** The kernel function this frame shows, e.g. "migrate_pages_unmap_only". */
  readonly fn: string;
  /** Where that function lives in the kernel tree, e.g. "mm/migrate.c (RFC 03/26)". */
  readonly file: string;
  /** One sentence a student understands. */
  readonly text: string;
  /** The same sentence as it was said: written out, or as pieces and numbers (said.ts). */
  readonly said: Text;
  readonly changed: Changed;
}

/** A frame as `emit` hands it out: its sentence is written out each time `text` is read. */
export class EmittedFrame implements Frame {
  constructor(
    readonly step: number,
    readonly fn: string,
    readonly file: string,
    readonly said: Text,
    readonly changed: Changed,
  ) {}

  get text(): string {
    return String(this.said);
  }

  /** As a plain object, with the sentence written out (JSON has no getters). */
  toJSON(): Omit<Frame, "said"> {
    const { step, fn, file, text, changed } = this;
    return { step, fn, file, text, changed };
  }
}

export type FrameSink = (frame: Frame) => void;

/** For the narration: "1 page", "3 pages"; "1 entry", "2 entries" with `many`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Shared by every frame that changed nothing of a kind (most change no PTE or no slot). */
const NONE: readonly number[] = Object.freeze([]);

export class ChangeLog {
  private readonly pages = new Ids();
  /** The frame number in which each pfn / slot was last marked: no clearing between frames. */
  private pageMarks: Uint32Array;
  private readonly ptes = new Ids();
  private readonly slots = new Ids();
  private slotMarks: Uint32Array;
  private readonly moves = new Ids();
  private frame = 1;
  private counters = false;
  private readonly counterIds = new Ids();
  /** Frames of one kind name the same few counters: their lists are shared (see Interned). */
  private readonly counterLists = new Interned();
  /** As pageMarks, for counter indexes (grown on demand: the log does not know how many). */
  private counterMarks = new Uint32Array(128);
  /** A change that named no counter was marked since the last frame. */
  private someCounter = false;
  /** A hash of this frame's counterIds so far, in order (Interned looks the list up by it). */
  private counterHash = 0;
  private layout = false;

  constructor(frames: number, swapSlots: number) {
    this.pageMarks = new Uint32Array(frames);
    this.slotMarks = new Uint32Array(swapSlots);
  }

  page(pfn: number): void {
    if (this.pageMarks[pfn] !== this.frame) {
      this.pageMarks[pfn] = this.frame;
      this.pages.push(pfn);
    }
  }

  pte(pid: number, vpn: number): void {
    this.ptes.push(pid);
    this.ptes.push(vpn);
  }

  slot(slot: number): void {
    if (this.slotMarks[slot] !== this.frame) {
      this.slotMarks[slot] = this.frame;
      this.slots.push(slot);
    }
  }

  /** A page's contents and identity moved from one frame to another (migrate_page_copy). */
  move(from: number, to: number): void {
    this.moves.push(from);
    this.moves.push(to);
  }

  /** Counter `index` of counterNames changed; without an index, some counter did. */
  counter(index?: number): void {
    this.counters = true;
    if (index === undefined) {
      this.someCounter = true;
      return;
    }
    if (index >= this.counterMarks.length) {
      const marks = new Uint32Array(Math.max(2 * this.counterMarks.length, index + 1));
      marks.set(this.counterMarks);
      this.counterMarks = marks;
    }
    if (this.counterMarks[index] !== this.frame) {
      this.counterMarks[index] = this.frame;
      this.counterIds.push(index);
      this.counterHash = (Math.imul(this.counterHash, 31) + index) | 0;
    }
  }

  layoutChanged(): void {
    this.layout = true;
  }

  /**
   * Hand out what changed since the last call, and start afresh. The log keeps its own arrays
   * (their capacity survives from frame to frame) and hands out right-sized copies: one small
   * array per kind that changed, instead of an array grown push by push in every frame.
   */
  take(): Changed {
    return this.takeWith(this.takePages());
  }

  /**
   * The first half of `take`, for a caller that accounts the pages (which marks counters) before
   * the frame is handed out: the pages changed since the last frame.
   */
  takePages(): readonly number[] {
    return this.pages.handOut();
  }

  /** The rest of `take`: the frame's changes, with the `pages` takePages gave. */
  takeWith(pages: readonly number[]): Changed {
    // Wraps after 2^32 frames; a stale mark then only costs one missed id in that frame.
    this.frame = (this.frame + 1) >>> 0 || 1;
    const counterIds = this.counterIds.handOutTo(this.counterLists, this.counterHash);
    this.counterHash = 0;
    const changed: Changed = {
      pages,
      ptes: this.ptes.handOut(),
      slots: this.slots.handOut(),
      moves: this.moves.handOut(),
      counters: this.counters,
      counterIds: this.someCounter ? null : counterIds,
      layout: this.layout,
    };
    this.counters = false;
    this.someCounter = false;
    this.layout = false;
    return changed;
  }
}

/**
 * A list of ids that keeps its storage from frame to frame: emptying an array by setting its
 * length to 0 gives its storage back, and the next frame would grow a new one push by push.
 */
class Ids {
  private readonly items: number[] = [];
  private length = 0;

  push(id: number): void {
    this.items[this.length++] = id;
  }

  /** A right-sized copy (or the shared empty list), and the list emptied for the next frame. */
  handOut(): readonly number[] {
    const n = this.length;
    this.length = 0;
    const items = this.items;
    // Most frames name one or two ids of a kind: a literal is allocated inline, slice() is a call.
    if (n === 0) return NONE;
    if (n === 1) return [items[0] as number];
    if (n === 2) return [items[0] as number, items[1] as number];
    return items.slice(0, n);
  }

  /** As handOut, but the list is `lists`' shared copy of it (`hash`: Interned.of's). */
  handOutTo(lists: Interned, hash: number): readonly number[] {
    const n = this.length;
    this.length = 0;
    return n === 0 ? NONE : lists.of(this.items, n, hash);
  }
}

/**
 * Frames are handed to sinks that may keep them (tests, the CLI), so their lists cannot be reused
 * the next frame; but a list is a value (read-only to its readers), and equal lists may be one
 * object. The counters a frame names repeat from frame to frame (a fault changes the same few), so
 * their lists are shared: most of the frames of a large run allocate none. Page and slot lists are
 * not: a list kept per pfn would be read back cold, which measured slower than making a new one.
 *
 * The last list seen with each hash is kept (a direct-mapped cache): equal lists come back as one.
 * The lists are not frozen: V8 reads a frozen array's elements more slowly, and comparing each
 * frame's ids with a frozen cached list cost the model about a tenth of its time.
 */
class Interned {
  private readonly lists = new Array<readonly number[] | undefined>(256);

  /**
   * The shared copy of items[0..n); `hash` folds the items in order (h = h * 31 + item,
   * from 0), worked out by the caller as it collects them.
   */
  of(items: readonly number[], n: number, hash: number): readonly number[] {
    const slot = (hash ^ n) & 255;
    const seen = this.lists[slot];
    if (seen !== undefined && seen.length === n) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = seen[i] === items[i];
      if (same) return seen;
    }
    const list = items.slice(0, n);
    this.lists[slot] = list;
    return list;
  }
}
