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

/** Shared by every frame that changed nothing of a kind (most change no PTE or no slot). */
const NONE: readonly number[] = Object.freeze([]);

export class ChangeLog {
  private pages: number[] = [];
  private pageMarks: Uint8Array;
  private ptes: number[] = [];
  private slots: number[] = [];
  private slotMarks: Uint8Array;
  private counters = false;
  private layout = false;

  constructor(frames: number, swapSlots: number) {
    this.pageMarks = new Uint8Array(frames);
    this.slotMarks = new Uint8Array(swapSlots);
  }

  page(pfn: number): void {
    if (this.pageMarks[pfn] === 0) {
      this.pageMarks[pfn] = 1;
      this.pages.push(pfn);
    }
  }

  pte(pid: number, vpn: number): void {
    this.ptes.push(pid, vpn);
  }

  slot(slot: number): void {
    if (this.slotMarks[slot] === 0) {
      this.slotMarks[slot] = 1;
      this.slots.push(slot);
    }
  }

  counter(): void {
    this.counters = true;
  }

  layoutChanged(): void {
    this.layout = true;
  }

  /** Hand out what changed since the last call, and start afresh. */
  take(): Changed {
    for (const pfn of this.pages) this.pageMarks[pfn] = 0;
    for (const s of this.slots) this.slotMarks[s] = 0;
    const changed: Changed = {
      pages: this.pages.length ? this.pages : NONE,
      ptes: this.ptes.length ? this.ptes : NONE,
      slots: this.slots.length ? this.slots : NONE,
      counters: this.counters,
      layout: this.layout,
    };
    if (this.pages.length) this.pages = [];
    if (this.ptes.length) this.ptes = [];
    if (this.slots.length) this.slots = [];
    this.counters = false;
    this.layout = false;
    return changed;
  }
}
