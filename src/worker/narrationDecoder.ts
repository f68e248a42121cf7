/**
 * The UI's side of the narration codec (narrationCodec.ts): templates in, in the order the worker
 * made them, and each frame's record (a template id and its numbers) back to its sentence.
 */
import { DEC, HEX, WHOLE } from "./narrationCodec.ts";

interface Template {
  /** The text between the numbers: one more piece than numbers. */
  readonly pieces: readonly string[];
  /** Per number: true for hex. */
  readonly hex: readonly boolean[];
}

/** The UI's side: templates in (in the order made), records back to sentences. */
export class NarrationDecoder {
  private readonly templates: (Template | null)[] = [null];
  /** Each template as the worker sent it (its text with a marker per number), by id. */
  private readonly keys: string[] = [""];
  private readonly utf8 = new TextDecoder();
  private at = 0;

  add(fresh: readonly string[]): void {
    for (const key of fresh) {
      const pieces: string[] = [];
      const hex: boolean[] = [];
      let from = 0;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        if (c !== DEC && c !== HEX) continue;
        pieces.push(key.slice(from, i));
        hex.push(c === HEX);
        from = i + 1;
      }
      pieces.push(key.slice(from));
      this.templates.push({ pieces, hex });
      this.keys.push(key);
    }
  }

  /** The template id of the record at `bytes[from]` (0: a sentence sent whole). */
  idAt(bytes: Uint8Array, from: number): number {
    this.at = from;
    return this.varint(bytes);
  }

  /** Template `id` as sent (null: 0, a sentence sent whole, or an id not known). */
  key(id: number): string | null {
    return id === WHOLE ? null : (this.keys[id] ?? null);
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
