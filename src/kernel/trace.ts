/**
 * Frames: one per kernel event a lecturer would point at.
 *
 * Every mutation helper marks what it changed in the kernel's ChangeLog; `emit` turns the marks into a
 * frame's `changed` ids and clears them. Frames therefore stay small (ids, not state), and a consumer
 * that wants the new values (the worker's projection) reads them from the kernel right then.
 */

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
  readonly changed: Changed;
}

export type FrameSink = (frame: Frame) => void;

/** For the narration: "1 page", "3 pages"; "1 entry", "2 entries" with `many`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Shared by every frame that changed nothing of a kind (most change no PTE or no slot). */
const NONE: readonly number[] = Object.freeze([]);

export class ChangeLog {
  private readonly pages: number[] = [];
  /** The frame number in which each pfn / slot was last marked: no clearing between frames. */
  private pageMarks: Uint32Array;
  private readonly ptes: number[] = [];
  private readonly slots: number[] = [];
  private slotMarks: Uint32Array;
  private readonly moves: number[] = [];
  private frame = 1;
  private counters = false;
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
    this.ptes.push(pid, vpn);
  }

  slot(slot: number): void {
    if (this.slotMarks[slot] !== this.frame) {
      this.slotMarks[slot] = this.frame;
      this.slots.push(slot);
    }
  }

  /** A page's contents and identity moved from one frame to another (migrate_page_copy). */
  move(from: number, to: number): void {
    this.moves.push(from, to);
  }

  counter(): void {
    this.counters = true;
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
    // Wraps after 2^32 frames; a stale mark then only costs one missed id in that frame.
    this.frame = (this.frame + 1) >>> 0 || 1;
    const changed: Changed = {
      pages: handOut(this.pages),
      ptes: handOut(this.ptes),
      slots: handOut(this.slots),
      moves: handOut(this.moves),
      counters: this.counters,
      layout: this.layout,
    };
    this.counters = false;
    this.layout = false;
    return changed;
  }
}

/** A copy of `ids` (or the shared empty list), and `ids` emptied for the next frame. */
function handOut(ids: number[]): readonly number[] {
  if (ids.length === 0) return NONE;
  const out = ids.slice();
  ids.length = 0;
  return out;
}
