/**
 * Finds the line of the model that produced a frame, the way a debugger shows the current line.
 *
 * A frame carries its kernel function and its sentence, not a source position (the model stays
 * free of stack tricks). Every sentence is built from string literals in the model's files, so
 * the literal whose fixed parts best match the sentence, in order, is the line that said it. The
 * files are the model's own, read at build time; nothing here knows their contents in advance.
 */

export interface Literal {
  /** 1-based line where the literal starts. */
  readonly line: number;
  /** The literal's fixed text, split where `${...}` holes were. */
  readonly pieces: readonly string[];
}

export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

/** Pieces shorter than this say too little to pick a line by ("s", ", "). */
const MIN_PIECE = 4;

/** Every string and template literal of a TypeScript file, with its fixed parts. */
export function literalsOf(text: string): Literal[] {
  const out: Literal[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "\n") line++;
    if (c === "/" && text[i + 1] === "/") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === "\n") line++;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      const start = line;
      const { pieces, end, lines } = readLiteral(text, i);
      line += lines;
      if (pieces.some((p) => p.length >= MIN_PIECE)) out.push({ line: start, pieces });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

/** Read the literal opening at `at`: its fixed pieces, the index after it, the newlines inside. */
function readLiteral(text: string, at: number): { pieces: string[]; end: number; lines: number } {
  const quote = text[at];
  const pieces: string[] = [];
  let piece = "";
  let lines = 0;
  let i = at + 1;
  while (i < text.length && text[i] !== quote) {
    const c = text[i] as string;
    if (c === "\\") {
      piece += text[i + 1] ?? "";
      i += 2;
      continue;
    }
    if (c === "\n") lines++;
    if (quote === "`" && c === "$" && text[i + 1] === "{") {
      pieces.push(piece);
      piece = "";
      // Skip the hole, nested braces and inner literals included.
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        const d = text[i];
        if (d === "\n") lines++;
        if (d === '"' || d === "'" || d === "`") {
          const inner = readLiteral(text, i);
          lines += inner.lines;
          i = inner.end;
          continue;
        }
        if (d === "{") depth++;
        else if (d === "}") depth--;
        i++;
      }
      continue;
    }
    piece += c;
    i++;
  }
  pieces.push(piece);
  return { pieces, end: i + 1, lines };
}

/** How much of `sentence` the literal's pieces explain, taken in order; 0 if one is missing. */
export function score(lit: Literal, sentence: string): number {
  let from = 0;
  let total = 0;
  for (const p of lit.pieces) {
    if (p.length < MIN_PIECE) continue;
    const at = sentence.indexOf(p, from);
    if (at < 0) return 0;
    total += p.length;
    from = at + p.length;
  }
  return total;
}

/**
 * The line that produced `sentence`: the best-matching literal over every file, the table's
 * model file winning a tie. Null when no literal explains any of it.
 */
export function lineOf(
  files: ReadonlyMap<string, readonly Literal[]>,
  sentence: string,
  modelFile: string | null,
): SourceLine | null {
  let best: SourceLine | null = null;
  let bestScore = 0;
  for (const [file, lits] of files) {
    for (const lit of lits) {
      const s = score(lit, sentence) + (file === modelFile ? 0.5 : 0);
      if (s > bestScore) {
        bestScore = s;
        best = { file, line: lit.line };
      }
    }
  }
  return bestScore >= MIN_PIECE ? best : null;
}

/** The lines [first, last] of the function around `line` (from its declaration to its closing brace). */
export function enclosingFunction(text: string, line: number): { first: number; last: number } {
  const lines = text.split("\n");
  let first = line;
  while (
    first > 1 &&
    !/^(export )?(async )?function |^(export )?const \w+ = /.test(lines[first - 1] ?? "")
  )
    first--;
  // Take the doc comment above it too.
  while (first > 1 && /^\s*(\/\*\*|\*)/.test(lines[first - 2] ?? "")) first--;
  let last = line;
  while (last < lines.length && !/^}/.test(lines[last - 1] ?? "")) last++;
  return { first, last };
}
