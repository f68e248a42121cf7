/**
 * Text <-> URL-safe compressed text for share links: zlib (fflate) then base64url.
 *
 * Inflating untrusted input is capped: the compressed text is limited before anything runs, and
 * the inflater is fed in small chunks and stopped as soon as its output passes the cap, so a short
 * link that would inflate to gigabytes is refused after at most `maxBytes` (plus one chunk's
 * worth) has been produced. fflate's streaming Unzlib does not check the zlib trailer's Adler-32,
 * so it is checked here: a tampered link that still inflates is caught by the checksum.
 */
import { strFromU8, strToU8, Unzlib, zlibSync } from "fflate";

export class CompressError extends Error {
  constructor(
    readonly kind: "malformed" | "truncated" | "damaged" | "oversized",
    message: string,
  ) {
    super(message);
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  if (!B64URL.test(text) || text.length % 4 === 1) {
    throw new CompressError("malformed", "is not base64url text");
  }
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Adler-32 of `data`, as in the zlib trailer (RFC 1950). */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(data.length, i + 5552);
    for (; i < end; i++) {
      a += data[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function compressText(text: string): string {
  return toBase64Url(zlibSync(strToU8(text), { level: 9, mem: 8 }));
}

const CHUNK = 1024;

/**
 * decompressText - inflate `text` (from compressText), refusing more than `maxBytes` of output.
 * Throws CompressError saying what is wrong.
 */
export function decompressText(text: string, maxBytes: number): string {
  const data = fromBase64Url(text);
  if (data.length < 6) throw new CompressError("truncated", "is cut short");
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflater = new Unzlib((chunk) => {
    size += chunk.length;
    if (size > maxBytes) {
      throw new CompressError(
        "oversized",
        `inflates to more than ${maxBytes.toLocaleString("en")} bytes (the limit)`,
      );
    }
    parts.push(chunk);
  });
  try {
    // Unzlib drops the 4-byte trailer at the final push; it is checked below.
    for (let i = 0; i < data.length; i += CHUNK) {
      inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    }
  } catch (e) {
    if (e instanceof CompressError) throw e;
    const why = (e as Error).message;
    if (/EOF|unexpected end/i.test(why)) throw new CompressError("truncated", "is cut short");
    throw new CompressError("damaged", `does not decompress (${why})`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  const t = data.length - 4;
  const stored =
    (((data[t] as number) << 24) |
      ((data[t + 1] as number) << 16) |
      ((data[t + 2] as number) << 8) |
      (data[t + 3] as number)) >>>
    0;
  if (stored !== adler32(out)) {
    throw new CompressError("damaged", "does not match its checksum");
  }
  try {
    return strFromU8(out);
  } catch {
    throw new CompressError("damaged", "is not UTF-8 text");
  }
}
