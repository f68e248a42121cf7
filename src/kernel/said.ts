/**
 * Narration kept as what its template literal was given, written out only when someone reads it.
 *
 * `said\`pfn ${pfn} is on node ${node}\`` keeps the literal's pieces and its values. JavaScript
 * hands a tagged call site the same frozen array of pieces every time, so the pieces name the
 * sentence's shape. Written out (`String(s)`, or inside another template literal) it reads
 * exactly as the untagged literal would, with one rule added: a number right after a piece that
 * ends in "0x" is written in lowercase hex, as addresses are.
 *
 * Why: a load makes a million frames, and the worker sends each sentence as its template and its
 * numbers (src/worker/narrationCodec.ts). Built as a string, every sentence had to be joined
 * character by character only for the worker to read the characters back to find the numbers;
 * kept as pieces and values, the worker reads the numbers as they are. The hottest sentences use
 * it; the rest are plain strings, and both read the same.
 */

/** A value in a sentence: a number, a word or phrase, or another sentence. */
export type SaidValue = number | string | Said;

/** A sentence as a frame carries it: already written, or kept as pieces and values. */
export type Text = string | Said;

export class Said {
  constructor(
    /** The literal's text between its values: one more piece than values. */
    readonly pieces: readonly string[],
    readonly values: readonly SaidValue[],
  ) {}

  toString(): string {
    const { pieces, values } = this;
    let s = pieces[0] as string;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as SaidValue;
      s += typeof v === "number" && writtenInHex(pieces[i] as string) ? v.toString(16) : String(v);
      s += pieces[i + 1] as string;
    }
    return s;
  }
}

/** Is the number after this piece an address, written in hex? */
export function writtenInHex(piece: string): boolean {
  const n = piece.length;
  return n >= 2 && piece.charCodeAt(n - 1) === 120 && piece.charCodeAt(n - 2) === 48; // "0x"
}

/** The tag: keep the sentence as its pieces and values. */
export function said(pieces: TemplateStringsArray, ...values: SaidValue[]): Said {
  return new Said(pieces, values);
}
