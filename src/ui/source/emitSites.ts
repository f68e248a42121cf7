/**
 * Finds the line of the model that produced a frame, the way a debugger shows the current line.
 *
 * A frame carries its kernel function and its sentence, not a source position (the model stays
 * free of stack tricks). Every sentence is built from string literals in the model's files, so
 * the literal whose fixed parts best match the sentence, in order, is the line that said it. The
 * files are the model's own, read at build time; nothing here knows their contents in advance.
 */

import { candidatesFor } from "./literalIndex.ts";

/**
 * An `emit(k, fn, …)` call: the statement that hands the frame over, and the straight-line code
 * just before it, which surely ran for that frame (from the enclosing block's start, the previous
 * emit call, or the last branch that closed, whichever is latest).
 */
export interface EmitCall {
  /** 1-based lines of the call, from `emit(` to its closing parenthesis. */
  readonly line: number;
  readonly end: number;
  /** First line run since the frame before: `line` when there is none. */
  readonly ranFrom: number;
}

export interface Literal {
  /** 1-based line where the literal starts. */
  readonly line: number;
  /** The literal's fixed text, split where `${...}` holes were. */
  readonly pieces: readonly string[];
  /** The emit call the literal is an argument of (null: a helper's text, or a variable's). */
  readonly emit: EmitCall | null;
  /** The named function the literal is in ("" at the top level). */
  readonly fn: string;
  /** Functions called in its `${...}` holes: helpers whose text this literal takes in. */
  readonly calls: readonly string[];
  /** Pushed onto `k.note`: a remark added to whatever frame comes next, not a frame's own line. */
  readonly note: boolean;
  /** Its longest piece: a sentence without it scores 0, and is passed over at once. */
  readonly longest: string;
  /** The most it can score: the length of its pieces that count. */
  readonly most: number;
}

export interface SourceLine {
  readonly file: string;
  readonly line: number;
  readonly emit: EmitCall | null;
}

/** Pieces shorter than this say too little to pick a line by ("s", ", "). */
const MIN_PIECE = 4;

/** `emit(` at `i` as a call (not `function emit(`, not `xemit(`). */
function emitCallAt(text: string, i: number): boolean {
  if (!text.startsWith("emit(", i)) return false;
  if (/[\w$.]/.test(text[i - 1] ?? "")) return false;
  return !text.slice(Math.max(0, i - 9), i).endsWith("function ");
}

const NOTE_PUSH = "note.push";
const FUNCTION_NAME = /^function (\w+)[<(]/;
const CALL = /([A-Za-z_$][\w$]*)\(/g;

/**
 * Every string and template literal of a TypeScript file, with its fixed parts and the emit call
 * it is an argument of. Brackets are counted outside comments and literals (the model's files
 * have no regular expressions that hold one).
 */
export function literalsOf(text: string): Literal[] {
  const out: Literal[] = [];
  /** Open blocks' lines; open parentheses; emit calls not yet closed, with their depth. */
  const blocks: number[] = [];
  let depth = 0;
  const open: { depth: number; call: { line: number; end: number; ranFrom: number } }[] = [];
  const notes: number[] = [];
  let lastEmitEnd = 0;
  /** The last line that closed a block opened on an earlier line (a branch: it may not have run). */
  let lastClosedEnd = 0;
  let fn = "";
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "\n") line++;
    if (c === "{") blocks.push(line);
    else if (c === "}") {
      const opened = blocks.pop();
      if (opened !== undefined && opened < line) lastClosedEnd = line;
    } else if (c === "f" && !/[\w$]/.test(text[i - 1] ?? "")) {
      const decl = FUNCTION_NAME.exec(text.slice(i, i + 80));
      if (decl) fn = decl[1] as string;
    } else if (c === "(") {
      depth++;
      if (text.startsWith(NOTE_PUSH, i - NOTE_PUSH.length)) notes.push(depth);
      if (emitCallAt(text, i - 4)) {
        // Straight-line code since the block opened, the last emit call, or the last branch or
        // closure closed: all of it ran for this frame (a branch before it may not have).
        const from = Math.max((blocks.at(-1) ?? 0) + 1, lastEmitEnd + 1, lastClosedEnd + 1);
        open.push({ depth, call: { line, end: line, ranFrom: Math.min(from, line) } });
      }
    } else if (c === ")") {
      const top = open.at(-1);
      if (top && top.depth === depth) {
        top.call.end = line;
        lastEmitEnd = line;
        open.pop();
      }
      if (notes.at(-1) === depth) notes.pop();
      depth--;
    }
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
      const { pieces, end, lines, calls } = readLiteral(text, i);
      line += lines;
      if (pieces.some((p) => p.length >= MIN_PIECE))
        out.push({
          line: start,
          pieces,
          emit: open.at(-1)?.call ?? null,
          fn,
          calls,
          note: notes.length > 0,
          longest: pieces.reduce((a, p) => (p.length > a.length ? p : a), ""),
          most: pieces.reduce((sum, p) => sum + (p.length >= MIN_PIECE ? p.length : 0), 0),
        });
      i = end;
      continue;
    }
    i++;
  }
  return out;
}

/** Read the literal opening at `at`: its fixed pieces, the index after it, the newlines inside. */
function readLiteral(
  text: string,
  at: number,
): { pieces: string[]; end: number; lines: number; calls: string[] } {
  const quote = text[at];
  const pieces: string[] = [];
  const calls: string[] = [];
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
      // Skip the hole, nested braces and inner literals included, noting the calls in it.
      let depth = 1;
      i += 2;
      const hole = i;
      while (i < text.length && depth > 0) {
        const d = text[i];
        if (d === "\n") lines++;
        if (d === '"' || d === "'" || d === "`") {
          const inner = readLiteral(text, i);
          lines += inner.lines;
          calls.push(...inner.calls);
          i = inner.end;
          continue;
        }
        if (d === "{") depth++;
        else if (d === "}") depth--;
        i++;
      }
      for (const m of text.slice(hole, i).matchAll(CALL)) calls.push(m[1] as string);
      continue;
    }
    piece += c;
    i++;
  }
  pieces.push(piece);
  return { pieces, end: i + 1, lines, calls };
}

/**
 * How much of `sentence` the literal's pieces explain, taken in order; 0 if one is missing. A
 * short piece counts for nothing but must be there too: `mbind returns ${err}: ${why}.` does not
 * explain "mbind returns 0.", which has no ": ".
 */
export function score(lit: Literal, sentence: string): number {
  let from = 0;
  let total = 0;
  for (const p of lit.pieces) {
    const at = sentence.indexOf(p, from);
    if (at < 0) return 0;
    if (p.length >= MIN_PIECE) total += p.length;
    from = at + p.length;
  }
  return total;
}

/** Helpers a sentence may pass through on its way to the emit call (nodeMask in a said`…`). */
const MAX_HELPER_DEPTH = 3;

/**
 * The line that produced `sentence`: the best-matching literal over every file, the table's
 * model file winning a tie. Null when no literal explains any of it.
 *
 * Two refinements keep it on the line that made the frame rather than on text added to it: a
 * remark pushed onto `k.note` (a pagevec that filled meanwhile) never counts, and a helper's
 * text (`nodeMask`, `unmappedAs`) gives way to the literal that calls the helper in one of its
 * holes, up to the emit call. A reason kept in a variable (`why`) stays where it was decided.
 */
export function lineOf(
  files: ReadonlyMap<string, readonly Literal[]>,
  sentence: string,
  modelFile: string | null,
): SourceLine | null {
  let best: { file: string; lit: Literal } | null = null;
  let bestScore = 0;
  // Only the literals whose longest piece the sentence may hold (literalIndex.ts), in the files'
  // order, so a tie goes to the same one as a pass over every literal.
  for (const { file, lit } of candidatesFor(files, sentence)) {
    const bonus = file === modelFile ? 0.5 : 0;
    // Passed over when it cannot win: exactly the literals that could not have scored more.
    if (lit.note || lit.most + bonus <= bestScore || !sentence.includes(lit.longest)) continue;
    const s = score(lit, sentence) + bonus;
    if (s > bestScore) {
      bestScore = s;
      best = { file, lit };
    }
  }
  if (!best || bestScore < MIN_PIECE) return null;
  for (let d = 0; d < MAX_HELPER_DEPTH && !best.lit.emit && best.lit.fn; d++) {
    const caller = callerOf(files, best.file, best.lit.fn, sentence);
    if (!caller) break;
    best = caller;
  }
  return { file: best.file, line: best.lit.line, emit: best.lit.emit };
}

/**
 * The literal that best explains `sentence` and calls `fn` in a hole, if any does: in `fn`'s own
 * file first, then in the others (a helper one file exports, as do_wp_page.ts's swapCacheFate is
 * for do_swap_page.ts, is called from another).
 */
function callerOf(
  files: ReadonlyMap<string, readonly Literal[]>,
  home: string,
  fn: string,
  sentence: string,
): { file: string; lit: Literal } | null {
  let found: { file: string; lit: Literal } | null = null;
  let foundScore = 0;
  const order = [home, ...[...files.keys()].filter((f) => f !== home)];
  for (const file of order) {
    for (const lit of files.get(file) ?? []) {
      if (lit.note || lit.fn === fn || !lit.calls.includes(fn)) continue;
      const s = score(lit, sentence);
      if (s > foundScore) {
        foundScore = s;
        found = { file, lit };
      }
    }
  }
  return found;
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
