/**
 * The columns of a FrameBatch as they fill, frame by frame (see viewState.ts for the layout).
 * The projector writes each frame's records here; `take` hands them over as one batch.
 */
import type { Text } from "../kernel/said.ts";
import { type BufferPool, growF64, growI32, growU8, growU32 } from "./grow.ts";
import { NarrationEncoder } from "./narrationCodec.ts";
import type { FrameBatch, LayoutSnap } from "./viewState.ts";

export class BatchColumns {
  readonly step = growI32();
  readonly fn = growI32();
  readonly file = growI32();
  readonly layout = growI32();
  readonly pages = growI32();
  readonly pageEnd = growU32();
  readonly ptes = growF64();
  readonly pteEnd = growU32();
  readonly slots = growI32();
  readonly slotEnd = growU32();
  readonly counters = growF64();
  readonly counterEnd = growU32();
  readonly moves = growI32();
  readonly moveEnd = growU32();
  private readonly text = growU8();
  private readonly textEnd = growU32();
  /** Narration as templates and numbers (narrationCodec.ts). */
  private readonly narrations = new NarrationEncoder();

  /** Frames written and not yet taken. */
  get count(): number {
    return this.step.length;
  }

  /** The narration of the frame being written. */
  narration(text: Text): void {
    if (typeof text === "string") this.narrations.encode(text, this.text);
    else this.narrations.encodeSaid(text, this.text);
    this.textEnd.push(this.text.length);
  }

  /**
   * Hand out the frames written since the last call as one batch, numbered from `first`, with the
   * names and layouts that are new since the last batch, in buffers from `pool` if given; the
   * columns start afresh.
   */
  take(first: number, names: string[], layouts: LayoutSnap[], pool?: BufferPool): FrameBatch {
    const count = this.step.length;
    return {
      first,
      count,
      step: this.step.take(pool),
      fn: this.fn.take(pool),
      file: this.file.take(pool),
      names,
      templates: this.narrations.takeFresh(),
      text: this.text.take(pool),
      textEnd: this.textEnd.take(pool),
      layout: this.layout.take(pool),
      layouts,
      pages: this.pages.take(pool),
      pageEnd: this.pageEnd.take(pool),
      ptes: this.ptes.take(pool),
      pteEnd: this.pteEnd.take(pool),
      slots: this.slots.take(pool),
      slotEnd: this.slotEnd.take(pool),
      counters: this.counters.take(pool),
      counterEnd: this.counterEnd.take(pool),
      moves: this.moves.take(pool),
      moveEnd: this.moveEnd.take(pool),
    };
  }
}
