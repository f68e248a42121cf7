/**
 * Every frame's narration, kept compressed: about 140 bytes of UTF-8 a frame, which deflate
 * brings to about 7 (the sentences repeat with other numbers), so a million-frame run keeps its
 * whole text on the main thread in a few MiB and the trace list and search read any frame at once.
 *
 * The browser's own deflate (CompressionStream, native code) packs each batch as it arrives,
 * several times faster than deflate in JavaScript, which took longer than the model itself over a
 * million frames; the batch stays unpacked until it is done. Reading must be synchronous, so a
 * chunk is inflated with fflate when one of its frames is read; the last few inflated stay.
 */
import { inflateSync } from "fflate";
import { recordStart } from "../../worker/protocol.ts";

/**
 * Frames a compressed chunk holds: a far seek inflates one to show its frame's sentence, so it is
 * small (about 70 KiB raw, under 2 ms to inflate; a whole 4,096-frame batch took about 15 ms),
 * and still big enough for deflate to find the repeats.
 */
const CHUNK_FRAMES = 512;
/** Inflated chunks kept: a screen of trace rows spans at most two. */
const CACHED = 8;

interface Chunk {
  readonly first: number;
  readonly count: number;
  /** [count ends as Uint32, text], raw deflated once the stream has packed it. */
  data: Uint8Array;
  packed: boolean;
}

interface Open {
  readonly ends: Uint32Array;
  readonly text: Uint8Array;
}

export class Narration {
  private readonly chunks: Chunk[] = [];
  private readonly open = new Map<number, Open>();
  private readonly decoder = new TextDecoder();
  /** Compressed bytes kept, for the memory budget. */
  bytes = 0;

  /** Keep the narration of the batch of frames from `first` (frames must come in order). */
  add(first: number, text: Uint8Array, textEnd: Uint32Array): void {
    for (let j0 = 0; j0 < textEnd.length; j0 += CHUNK_FRAMES) {
      const count = Math.min(CHUNK_FRAMES, textEnd.length - j0);
      const from = recordStart(textEnd, j0);
      const to = textEnd[j0 + count - 1] as number;
      const raw = new Uint8Array(count * 4 + (to - from));
      const ends = new Uint32Array(raw.buffer, 0, count);
      for (let j = 0; j < count; j++) ends[j] = (textEnd[j0 + j] as number) - from;
      raw.set(text.subarray(from, to), count * 4);
      this.keep({ first: first + j0, count, data: raw, packed: false });
    }
  }

  private keep(chunk: Chunk): void {
    this.chunks.push(chunk);
    this.bytes += chunk.data.byteLength;
    void deflate(chunk.data).then(
      (packed) => {
        this.bytes += packed.byteLength - chunk.data.byteLength;
        chunk.data = packed;
        chunk.packed = true;
      },
      () => {}, // kept unpacked: still correct, only larger
    );
  }

  /** The narration of frame `f` (1-based), or null if no batch held it. */
  text(f: number): string | null {
    const i = this.find(f);
    const chunk = this.chunks[i];
    if (!chunk) return null;
    let o = this.open.get(i);
    if (o) {
      this.open.delete(i);
    } else {
      const raw = chunk.packed ? inflateSync(chunk.data) : chunk.data;
      o = {
        ends: new Uint32Array(raw.buffer, 0, chunk.count),
        text: raw.subarray(chunk.count * 4),
      };
      if (this.open.size >= CACHED) this.open.delete(this.open.keys().next().value as number);
    }
    this.open.set(i, o);
    const j = f - chunk.first;
    return this.decoder.decode(o.text.subarray(recordStart(o.ends, j), o.ends[j]));
  }

  private find(f: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid] as Chunk;
      if (f < c.first) hi = mid - 1;
      else if (f >= c.first + c.count) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}

/** Raw deflate by the platform's CompressionStream (written to directly: a Blob costs more). */
async function deflate(raw: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream("deflate-raw");
  const writer = stream.writable.getWriter();
  void writer.write(raw as Uint8Array<ArrayBuffer>);
  void writer.close();
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}
