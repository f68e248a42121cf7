/**
 * Which literals a sentence could match, found without trying each one (`lineOf`, emitSites.ts).
 * A literal matches only if the sentence holds its longest piece, so it is filed under one short
 * stretch of that piece (the stretch fewest literals share); a sentence's candidates are the
 * literals filed under its own stretches, in the files' order. The model's 1,400 literals were
 * each tried against every new frame's sentence.
 */

/** Characters in a stretch. */
const GRAM = 4;

/** What the index reads of a literal (emitSites.ts `Literal`): its longest piece. */
interface Piece {
  readonly longest: string;
}

type Files<L extends Piece> = ReadonlyMap<string, readonly L[]>;

/** A literal, the file it is in, and its place in the files' order. */
export interface Filed<L extends Piece> {
  readonly file: string;
  readonly lit: L;
  readonly order: number;
}

/** Per stretch, the literals filed under it; under "", those too short to file. */
const indexes = new WeakMap<Files<Piece>, Map<string, Filed<Piece>[]>>();

function stretchesOf(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + GRAM <= text.length; i++) out.add(text.slice(i, i + GRAM));
  return out;
}

function indexOf<L extends Piece>(files: Files<L>): Map<string, Filed<L>[]> {
  let index = indexes.get(files) as Map<string, Filed<L>[]> | undefined;
  if (index) return index;
  const all: Filed<L>[] = [];
  for (const [file, lits] of files)
    for (const lit of lits) all.push({ file, lit, order: all.length });
  const shared = new Map<string, number>();
  for (const { lit } of all)
    for (const s of stretchesOf(lit.longest)) shared.set(s, (shared.get(s) ?? 0) + 1);
  index = new Map();
  for (const filed of all) {
    let key = "";
    let fewest = Number.POSITIVE_INFINITY;
    for (const s of stretchesOf(filed.lit.longest)) {
      const n = shared.get(s) ?? 0;
      if (n < fewest) {
        fewest = n;
        key = s;
      }
    }
    const under = index.get(key);
    if (under) under.push(filed);
    else index.set(key, [filed]);
  }
  indexes.set(files, index);
  return index;
}

/**
 * The literals of `files` that `sentence` could match, in the files' order (the order `lineOf`
 * breaks ties by): every one whose longest piece it holds, and a few more.
 */
export function candidatesFor<L extends Piece>(files: Files<L>, sentence: string): Filed<L>[] {
  const index = indexOf(files);
  const found = new Set<Filed<L>>(index.get("") ?? []);
  for (let i = 0; i + GRAM <= sentence.length; i++) {
    const under = index.get(sentence.slice(i, i + GRAM));
    if (under) for (const filed of under) found.add(filed);
  }
  return [...found].sort((a, b) => a.order - b.order);
}
