/**
 * Narration as sentence templates and numbers: how the worker sends every frame's sentence and how
 * the UI keeps it.
 *
 * A run says the same few hundred sentences over and over with other numbers ("pid 100's PTE for
 * 0x7f0001413000 becomes a swap entry for slot 5140; pfn 5139 mapcount is now 0."). So each
 * sentence is sent as the id of its template (the sentence with its numbers taken out, each new one
 * sent once) and the numbers, as varints: about 9 bytes a frame where the UTF-8 is about 140. The
 * main thread keeps that as it is (no deflate: over a million frames deflate cost seconds of the
 * main thread) and reads any frame back at once. The round trip is exact: a number is taken out
 * only if writing it back gives the same characters (no leading zeros, lowercase hex after "0x",
 * at most 15 decimal or 13 hex digits); a sentence that could be ambiguous is sent whole.
 */
import type { Grow } from "./grow.ts";

/** In a template: where a decimal number goes, and where a hex one (after "0x") goes. */
const DEC = "\u0000";
const HEX = "\u0001";
/** Template id 0: the sentence follows whole (varint byte length, UTF-8). */
const WHOLE = 0;
/** Templates a run may make; past that, new sentences are sent whole (a pathological scenario). */
const MAX_TEMPLATES = 1 << 16;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102);

function putVarint(out: Grow<Uint8Array>, v: number): void {
  out.reserve(8);
  const a = out.array;
  while (v >= 128) {
    a[out.length++] = (v % 128) | 128;
    v = Math.floor(v / 128);
  }
  a[out.length++] = v;
}

/**
 * The worker's side: sentences in, varint records out; `takeFresh` gives the templates made since.
 * Encoding runs for every frame of a load, so it reads the sentence once, char by char, hashing
 * the template as it goes, and builds the template string only the first time it meets it (a
 * hash match is checked piece by piece, so a collision costs time, never a wrong sentence).
 */
export class NarrationEncoder {
  /** Template hash -> ids of the templates with that hash. */
  private readonly byHash = new Map<number, number[]>();
  private readonly templates: (Template | null)[] = [null];
  private fresh: string[] = [];
  /** The sentence being encoded: its numbers, and where each sits [start, end) in it. */
  private nums: number[] = [];
  private spans: number[] = [];
  private hexes: boolean[] = [];
  private readonly utf8 = new TextEncoder();

  /** Append the record of `text` to `out`. */
  encode(text: string, out: Grow<Uint8Array>): void {
    const { nums, spans, hexes } = this;
    nums.length = 0;
    spans.length = 0;
    hexes.length = 0;
    let h = 0;
    const n = text.length;
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      if (c < 2) {
        this.whole(text, out); // a marker character: the template would lie
        return;
      }
      if (c < 48 || c > 57) {
        h = (Math.imul(h, 31) + c) | 0;
        i++;
        continue;
      }
      if (c === 48 && text.charCodeAt(i + 1) === 120 && isHexDigit(text.charCodeAt(i + 2))) {
        let j = i + 2;
        let v = 0;
        while (j < n && isHexDigit(text.charCodeAt(j))) {
          const d = text.charCodeAt(j++);
          v = v * 16 + (d <= 57 ? d - 48 : d - 87);
        }
        const digits = j - i - 2;
        if (digits <= 13 && (digits === 1 || text.charCodeAt(i + 2) !== 48)) {
          h = (Math.imul(h, 31) + 48 * 7 + 120) | 0; // the "0x" stays in the template
          h = (Math.imul(h, 31) + 1) | 0;
          nums.push(v);
          spans.push(i + 2, j);
          hexes.push(true);
          i = j;
          continue;
        }
      }
      let j = i;
      let v = 0;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 48 || d > 57) break;
        v = v * 10 + d - 48;
        j++;
      }
      if (j - i <= 15 && (j - i === 1 || c !== 48)) {
        h = Math.imul(h, 31) | 0;
        nums.push(v);
        spans.push(i, j);
        hexes.push(false);
      } else {
        for (let k = i; k < j; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
      }
      i = j;
    }
    const id = this.idOf(text, h);
    if (id === WHOLE) {
      this.whole(text, out);
      return;
    }
    putVarint(out, id);
    for (let k = 0; k < nums.length; k++) putVarint(out, nums[k] as number);
  }

  /** The id of the template of `text` (numbers at `spans`), made if new; WHOLE if none may be. */
  private idOf(text: string, h: number): number {
    const ids = this.byHash.get(h & 0x3fffffff);
    if (ids) {
      for (const id of ids) if (this.fits(this.templates[id] as Template, text)) return id;
    }
    if (this.templates.length >= MAX_TEMPLATES) return WHOLE;
    const pieces: string[] = [];
    let from = 0;
    for (let k = 0; k < this.nums.length; k++) {
      pieces.push(text.slice(from, this.spans[2 * k]));
      from = this.spans[2 * k + 1] as number;
    }
    pieces.push(text.slice(from));
    const t: Template = { pieces, hex: this.hexes.slice() };
    const id = this.templates.length;
    this.templates.push(t);
    if (ids) ids.push(id);
    else this.byHash.set(h & 0x3fffffff, [id]);
    this.fresh.push(templateKey(t));
    return id;
  }

  /** Whether `text`, with its numbers at `spans`, is template `t`. */
  private fits(t: Template, text: string): boolean {
    const { spans, hexes } = this;
    if (t.hex.length !== hexes.length) return false;
    let from = 0;
    for (let k = 0; k < t.hex.length; k++) {
      const piece = t.pieces[k] as string;
      const start = spans[2 * k] as number;
      if (t.hex[k] !== hexes[k] || start - from !== piece.length || !text.startsWith(piece, from))
        return false;
      from = spans[2 * k + 1] as number;
    }
    const tail = t.pieces[t.hex.length] as string;
    return text.length - from === tail.length && text.endsWith(tail);
  }

  private whole(text: string, out: Grow<Uint8Array>): void {
    const bytes = this.utf8.encode(text);
    putVarint(out, WHOLE);
    putVarint(out, bytes.length);
    out.reserve(bytes.length);
    out.array.set(bytes, out.length);
    out.length += bytes.length;
  }

  /** The templates made since the last call, to send with the batch. */
  takeFresh(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

/** A template as sent: its pieces joined by the number markers. */
const templateKey = (t: Template) =>
  t.pieces.reduce((s, p, k) => s + (k === 0 ? "" : t.hex[k - 1] ? HEX : DEC) + p, "");

interface Template {
  /** The text between the numbers: one more piece than numbers. */
  readonly pieces: readonly string[];
  /** Per number: true for hex. */
  readonly hex: readonly boolean[];
}

/** The UI's side: templates in (in the order made), records back to sentences. */
export class NarrationDecoder {
  private readonly templates: (Template | null)[] = [null];
  private readonly utf8 = new TextDecoder();
  private at = 0;

  add(fresh: readonly string[]): void {
    for (const key of fresh) {
      const pieces: string[] = [];
      const hex: boolean[] = [];
      let from = 0;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (c > 1) continue;
        pieces.push(key.slice(from, i));
        hex.push(c === 1);
        from = i + 1;
      }
      pieces.push(key.slice(from));
      this.templates.push({ pieces, hex });
    }
  }

  /** The template id of the record at `bytes[from]` (0: a sentence sent whole). */
  idAt(bytes: Uint8Array, from: number): number {
    this.at = from;
    return this.varint(bytes);
  }

  /**
   * Whether every sentence of template `id` contains `needle` (lowercase), none does, or it
   * depends on its numbers. A number is written in [0-9a-f] only, so a needle can overlap a
   * decimal one only if it has a digit, and a hex one (always after "0x") only if it starts with
   * a hex digit or has "x" then one; otherwise it can only lie inside one piece of the template.
   */
  classify(id: number, needle: string): "all" | "none" | "depends" {
    const t = this.templates[id];
    if (!t) return "depends";
    if (t.pieces.some((p) => p.toLowerCase().includes(needle))) return "all";
    const dec = /[0-9]/.test(needle) && t.hex.some((h) => !h);
    const hex = /^[0-9a-f]|x[0-9a-f]/.test(needle) && t.hex.some((h) => h);
    return dec || hex ? "depends" : "none";
  }

  /** The sentence whose record starts at `bytes[from]`. */
  decode(bytes: Uint8Array, from: number): string {
    this.at = from;
    const id = this.varint(bytes);
    if (id === WHOLE) {
      const len = this.varint(bytes);
      return this.utf8.decode(bytes.subarray(this.at, this.at + len));
    }
    const t = this.templates[id];
    if (!t) return "";
    let s = t.pieces[0] as string;
    for (let k = 0; k < t.hex.length; k++) {
      const v = this.varint(bytes);
      s += (t.hex[k] ? v.toString(16) : String(v)) + (t.pieces[k + 1] as string);
    }
    return s;
  }

  private varint(bytes: Uint8Array): number {
    let v = 0;
    let scale = 1;
    while (this.at < bytes.length) {
      const b = bytes[this.at++] as number;
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
    return v; // a cut record: the numbers it has
  }
}
