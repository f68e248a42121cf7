/** Append-only typed arrays that double as they fill; `take` hands the filled part over for transfer. */

type Typed = Int32Array | Uint32Array | Float64Array | Uint8Array;

class Grow<T extends Typed> {
  private buf: T;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    capacity = 1024,
  ) {
    this.buf = make(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }

  /** Make room for `n` more values (bulk writers then use `array` directly). */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = this.make(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length) as never);
    this.buf = next;
  }

  get array(): T {
    return this.buf;
  }

  /** A right-sized copy (so the transfer carries no slack), and start afresh. */
  take(): T {
    const out = this.buf.slice(0, this.length) as T;
    this.length = 0;
    return out;
  }
}

export const growI32 = () => new Grow((n) => new Int32Array(n));
export const growU32 = () => new Grow((n) => new Uint32Array(n));
export const growF64 = () => new Grow((n) => new Float64Array(n));
export const growU8 = () => new Grow((n) => new Uint8Array(n));
export type { Grow };
