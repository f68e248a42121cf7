/**
 * Every frame's narration, kept as the worker sends it: per frame a sentence template's id and its
 * numbers (src/worker/narrationCodec.ts), about 10 bytes where the UTF-8 is about 140. So a
 * million-frame run keeps its whole text on the main thread in about 15 MiB, read back at once by
 * the trace list, the frame on screen and search, and nothing is compressed while a run loads
 * (deflating each batch here used to cost more of the main thread than everything else a load did).
 */
import { NarrationDecoder } from "../../worker/narrationDecoder.ts";
import { recordStart } from "../../worker/viewState.ts";
import { containsWhole, digitAtEnd } from "./textMatch.ts";

interface Batch {
  readonly first: number;
  readonly text: Uint8Array;
  readonly ends: Uint32Array;
}

export class Narration {
  private readonly batches: Batch[] = [];
  private readonly decoder = new NarrationDecoder();
  /** Bytes kept, for the memory budget. */
  bytes = 0;

  /**
   * Keep the narration of the batch of frames from `first` (batches must come in order), with the
   * templates new in it. The bytes are copied (a right-sized copy: the batch's buffers may be
   * larger, and go back to the worker to be written again).
   */
  add(first: number, text: Uint8Array, textEnd: Uint32Array, templates: readonly string[]): void {
    this.decoder.add(templates);
    if (textEnd.length === 0) return;
    this.batches.push({ first, text: text.slice(), ends: textEnd.slice() });
    this.bytes += text.byteLength + textEnd.byteLength;
  }

  /** The narration of frame `f` (1-based), or null if no batch held it. */
  text(f: number): string | null {
    const b = this.batches[this.find(f)];
    if (!b) return null;
    const j = f - b.first;
    return this.decoder.decode(b.text, recordStart(b.ends, j));
  }

  /**
   * The template of frame `f`'s sentence: its text with a marker where each number goes, the same
   * for every sentence one line of the model says (null: a sentence sent whole, or no batch).
   */
  template(f: number): string | null {
    const b = this.batches[this.find(f)];
    if (!b) return null;
    return this.decoder.key(this.decoder.idAt(b.text, recordStart(b.ends, f - b.first)));
  }

  /**
   * A test of whether frame `f`'s narration contains `needle` (lowercase) that decodes a sentence
   * only when its template alone cannot tell (NarrationDecoder.classify): a search that finds
   * nothing over a million frames reads each frame's template id and little else.
   */
  matcher(needle: string): (f: number) => boolean {
    const known = new Map<number, "all" | "none" | "depends">();
    // A template whose fixed text holds the needle may still put a digit beside it.
    const whole = digitAtEnd(needle);
    return (f) => {
      const b = this.batches[this.find(f)];
      if (!b) return false;
      const at = recordStart(b.ends, f - b.first);
      const id = this.decoder.idAt(b.text, at);
      let kind = known.get(id);
      if (kind === undefined) {
        kind = this.decoder.classify(id, needle);
        if (kind === "all" && whole) kind = "depends";
        known.set(id, kind);
      }
      if (kind !== "depends") return kind === "all";
      return containsWhole(this.decoder.decode(b.text, at).toLowerCase(), needle);
    };
  }

  private find(f: number): number {
    let lo = 0;
    let hi = this.batches.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.batches[mid] as Batch;
      if (f < b.first) hi = mid - 1;
      else if (f >= b.first + b.ends.length) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}
