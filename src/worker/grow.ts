/** Append-only typed arrays that double as they fill; `take` hands the filled part over for transfer. */

type Typed = Int32Array | Uint32Array | Float64Array | Uint8Array;

/** Once buffers come back, new ones are this much larger, so one fits a batch a little bigger. */
const SLACK = 1 / 16;
const PAGE = 4096;

/**
 * Buffers handed back by the UI (Cmd.recycle), to write batches into: memory the process has not
 * touched before costs a page fault per 4 KiB, which in a VM is most of what sending a batch costs.
 * Holds at most `limit` bytes. Until the UI hands any back, `get` gives null (the batch is sliced,
 * right-sized); after, what it lacks is allocated a little larger, to be reused for later batches.
 */
export class BufferPool {
  private readonly free: ArrayBuffer[] = [];
  private held = 0;
  private used = false;

  constructor(private readonly limit = 16 * 2 ** 20) {}

  /** Keep these buffers for reuse (detached or unusable ones, and any beyond the limit, are dropped). */
  give(buffers: readonly unknown[]): void {
    for (const b of buffers) {
      if (!(b instanceof ArrayBuffer) || b.byteLength === 0) continue;
      if (this.held + b.byteLength > this.limit) continue;
      this.free.push(b);
      this.held += b.byteLength;
      this.used = true;
    }
  }

  /**
   * A buffer of at least `bytes`: the smallest kept one that fits without being twice as big, else
   * a new one (see above).
   */
  get(bytes: number): ArrayBuffer | null {
    if (!this.used) return null;
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = (this.free[i] as ArrayBuffer).byteLength;
      if (n < bytes || n > 2 * bytes + PAGE) continue; // too big: its slack would ride along
      if (best < 0 || n < (this.free[best] as ArrayBuffer).byteLength) best = i;
    }
    if (best < 0) return new ArrayBuffer(Math.ceil((bytes * (1 + SLACK)) / PAGE) * PAGE || PAGE);
    const b = this.free[best] as ArrayBuffer;
    this.free[best] = this.free[this.free.length - 1] as ArrayBuffer;
    this.free.pop();
    this.held -= b.byteLength;
    return b;
  }
}

/**
 * A copy of `src` in one of the pool's buffers (the view is exactly as long as `src`; the buffer
 * may be longer), or without a pool or before any buffer came back, a right-sized slice.
 */
export function pooledCopy<T extends Typed>(src: T, pool?: BufferPool): T {
  const into = pool?.get(src.byteLength);
  if (!into) return src.slice() as T;
  const out = new (src.constructor as TypedConstructor<T>)(into, 0, src.length);
  out.set(src as never);
  return out;
}

/** `n` bytes in one of the pool's buffers (not zeroed: the caller writes them all), or new ones. */
export function pooledBytes(n: number, pool?: BufferPool): Uint8Array {
  const into = pool?.get(n);
  return into ? new Uint8Array(into, 0, n) : new Uint8Array(n);
}

/** Byte arrays one after another in one array (from `pool` if given), and where each ends. */
export function concatBytes(
  parts: readonly Uint8Array[],
  pool?: BufferPool,
): { bytes: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(parts.length);
  let n = 0;
  for (const [i, b] of parts.entries()) {
    n += b.length;
    ends[i] = n;
  }
  const bytes = pooledBytes(n, pool);
  for (const [i, b] of parts.entries()) bytes.set(b, (ends[i] as number) - b.length);
  // The ends too go back to the pool with the answer: each buffer handed back is taken again.
  return { bytes, ends: pooledCopy(ends, pool) };
}

/** A typed array's constructor: a new array of `n`, or a view of `n` values over a buffer. */
interface TypedConstructor<T extends Typed> {
  new (n: number): T;
  new (buffer: ArrayBuffer, offset: number, n: number): T;
}

class Grow<T extends Typed> {
  private buf: T;
  length = 0;

  constructor(
    private readonly make: TypedConstructor<T>,
    capacity = 1024,
  ) {
    this.buf = new make(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }

  /** Make room for `n` more values (bulk writers then use `array` directly). */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new this.make(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length) as never);
    this.buf = next;
  }

  get array(): T {
    return this.buf;
  }

  /**
   * Drop the room beyond `length` (pushing more makes room again): growth doubles, so an array
   * that has stopped growing can hold up to twice what it needs.
   */
  fit(): void {
    if (this.buf.length > this.length) this.buf = this.buf.slice(0, this.length) as T;
  }

  /**
   * A right-sized copy (so the transfer carries no slack), or with a pool, a copy into one of its
   * buffers (only the buffer's slack beyond the values rides along); then start afresh.
   */
  take(pool?: BufferPool): T {
    const out = pooledCopy(this.buf.subarray(0, this.length) as T, pool);
    this.length = 0;
    return out;
  }
}

export const growI32 = () => new Grow(Int32Array);
export const growU32 = () => new Grow(Uint32Array);
export const growF64 = () => new Grow(Float64Array);
export const growU8 = () => new Grow(Uint8Array);
export type { Grow };
