/**
 * The columns of a FrameBatch as they fill, frame by frame (see protocol.ts for the layout).
 * The projector writes each frame's records here; `take` hands them over as one batch.
 */
import { type BufferPool, growF64, growI32, growU8, growU32 } from "./grow.ts";
import type { FrameBatch, LayoutSnap } from "./protocol.ts";

/** Narrations encoded together (see BatchColumns.encodeTexts). */
const TEXT_GROUP = 64;

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
  private readonly encoder = new TextEncoder();
  /** Narrations not yet encoded (see encodeTexts). */
  private readonly texts: string[] = [];

  /** Frames written and not yet taken. */
  get count(): number {
    return this.step.length;
  }

  /** The narration of the frame being written. */
  narration(text: string): void {
    this.texts.push(text);
    if (this.texts.length === TEXT_GROUP) this.encodeTexts();
  }

  /**
   * Encode the narrations gathered since the last call as UTF-8 into the batch. They are joined
   * and encoded a few dozen at a time: a call to the encoder per frame costs more than the
   * encoding, and joining a whole batch at once reads strings long out of the cache. Narration is
   * ASCII, so each frame's bytes are its characters; a group with any other character is
   * encoded frame by frame instead.
   */
  private encodeTexts(): void {
    const { texts, text, textEnd } = this;
    if (texts.length === 0) return;
    const joined = texts.join("");
    text.reserve(joined.length * 3); // UTF-8 takes at most 3 bytes per UTF-16 unit
    const at = text.length;
    const written = this.encoder.encodeInto(joined, text.array.subarray(at)).written;
    if (written === joined.length) {
      let end = at;
      for (let i = 0; i < texts.length; i++) {
        end += (texts[i] as string).length;
        textEnd.push(end);
      }
      text.length = end;
    } else {
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i] as string;
        text.length += this.encoder.encodeInto(t, text.array.subarray(text.length)).written;
        textEnd.push(text.length);
      }
    }
    texts.length = 0;
  }

  /**
   * Hand out the frames written since the last call as one batch, numbered from `first`, with the
   * names and layouts that are new since the last batch, in buffers from `pool` if given; the
   * columns start afresh.
   */
  take(first: number, names: string[], layouts: LayoutSnap[], pool?: BufferPool): FrameBatch {
    const count = this.step.length;
    this.encodeTexts();
    return {
      first,
      count,
      step: this.step.take(pool),
      fn: this.fn.take(pool),
      file: this.file.take(pool),
      names,
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
