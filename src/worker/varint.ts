/**
 * Unsigned LEB128 varints (and zigzag for signed numbers): the number format of packed frame
 * batches (compact.ts). Numbers up to 2^53 - 1, so a varint is at most 8 bytes.
 */
import type { Grow } from "./grow.ts";

const TWO31 = 2 ** 31;

/** Write `v` (a non-negative safe integer, so at most 8 bytes) as a varint at `a[n]`; the end. */
export function write(a: Uint8Array, n: number, v: number): number {
  if (v < TWO31) {
    while (v >= 0x80) {
      a[n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
  } else {
    while (v >= 0x80) {
      a[n++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
  }
  a[n++] = v;
  return n;
}

/** How many bytes `write` takes for `v`. */
export function size(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/** Append `v` as a varint. */
export function put(out: Grow<Uint8Array>, v: number): void {
  out.reserve(8);
  out.length = write(out.array, out.length, v);
}

export const zigzag = (d: number): number => (d >= 0 ? d * 2 : -d * 2 - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Reads varints from a packed batch. */
export class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  u(): number {
    const a = this.bytes;
    let b = a[this.pos++] as number;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let mul = 0x80;
    do {
      b = a[this.pos++] as number;
      v += (b & 0x7f) * mul;
      mul *= 0x80;
    } while (b >= 0x80);
    return v;
  }
}
