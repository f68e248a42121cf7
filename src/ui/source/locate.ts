/**
 * The excerpt the source panel shows for a frame: the model function around the line that said
 * the frame's sentence, with that line marked. Pure over the model files' texts, so it is tested
 * in node against the real files and the real frames.
 */
import { enclosingFunction, type Literal, lineOf, literalsOf } from "./emitSites.ts";

export interface SourceExcerpt {
  /** Model file, relative to src/kernel/. */
  readonly file: string;
  /**
   * 1-based lines that produced the frame, `line` to `callEnd`: the emit call that handed it over
   * (or, for a sentence put together elsewhere, the line that said it).
   */
  readonly line: number;
  readonly callEnd: number;
  /** The lines run for this frame before that call: `ranFrom` to `line - 1` (none if equal). */
  readonly ranFrom: number;
  /** 1-based number of the excerpt's first line. */
  readonly first: number;
  readonly lines: readonly string[];
}

/** The model's files, read once: their text and their literals. */
export interface ModelFiles {
  readonly texts: ReadonlyMap<string, string>;
  readonly literals: ReadonlyMap<string, readonly Literal[]>;
}

export function modelFiles(texts: ReadonlyMap<string, string>): ModelFiles {
  const literals = new Map<string, readonly Literal[]>();
  for (const [file, text] of texts) literals.set(file, literalsOf(text));
  return { texts, literals };
}

/** The model of Linux 6.1 (mainline): its own files, beside those both kernels share. */
const MAINLINE_DIR = "mainline/";
const withoutMainline = new WeakMap<ModelFiles, ModelFiles>();

/**
 * The files a frame of the kernel `mainline` (or not) can come from. A 3.3 frame never comes
 * from the 6.1 model: its "mbind returns 0." said word for word in mainline/mempolicy.ts outscored
 * the RFC's own `mbind returns ${err}` template, and the panel showed 6.1 code for RFC frames.
 */
export function filesFor(files: ModelFiles, mainline: boolean): ModelFiles {
  if (mainline) return files;
  let rfc = withoutMainline.get(files);
  if (!rfc) {
    const keep = <T>(m: ReadonlyMap<string, T>) =>
      new Map([...m].filter(([file]) => !file.startsWith(MAINLINE_DIR)));
    rfc = { texts: keep(files.texts), literals: keep(files.literals) };
    withoutMainline.set(files, rfc);
  }
  return rfc;
}

/** A file's lines, split once per text (files are read once and never change). */
const splitFiles = new Map<string, readonly string[]>();
function linesOf(text: string): readonly string[] {
  let lines = splitFiles.get(text);
  if (!lines) {
    lines = text.split("\n");
    splitFiles.set(text, lines);
  }
  return lines;
}

/** The declaration line of `function fn(` in `text`, or null. */
function declarationOf(text: string, fn: string): number | null {
  const lines = linesOf(text);
  const at = lines.findIndex((l) => l.includes(`function ${fn}(`));
  return at < 0 ? null : at + 1;
}

/** Per model files: excerpts by sentence, and one excerpt object per line shown. */
interface Found {
  readonly bySentence: Map<string, SourceExcerpt | null>;
  readonly byLine: Map<string, SourceExcerpt>;
}
const found = new WeakMap<ModelFiles, Found>();
/** At most this many lines before the emit call are shown as run for the frame. */
const MAX_RAN = 15;
/** Sentences remembered (stepping back and forth asks for the same ones again). */
const REMEMBER = 4096;

/**
 * Where the frame came from: the line whose literal best explains `narration`, else the
 * declaration of the model function named `fn` in `modelFile`. Null when neither is found.
 * Frames that point at the same line get the same excerpt object, so a view of it can skip
 * redrawing when the line did not move.
 *
 * `template`: the sentence's template (Narration.template), when known. Sentences of one
 * template differ only in their numbers and come from one line, so the first one's answer serves
 * them all: most frames' sentences are new, their templates not (a search took about 0.2 ms a
 * step on the large machine, 9 ms in a far seek's first one). Over every frame of the built-ins
 * and a large machine (20,021 frames, 359 templates) no sentence located elsewhere than its
 * template's first.
 */
export function locate(
  files: ModelFiles,
  fn: string,
  narration: string,
  modelFile: string | null,
  template: string | null = null,
): SourceExcerpt | null {
  let f = found.get(files);
  if (!f) {
    f = { bySentence: new Map(), byLine: new Map() };
    found.set(files, f);
  }
  // A sentence never holds the codec's number markers (U+0000, U+0001): one that starts with
  // U+0001 is a template, so the two kinds of key never meet.
  const said = template === null ? narration : `\u0001${template}`;
  const key = `${modelFile}\u0000${fn}\u0000${said}`;
  const hit = f.bySentence.get(key);
  if (hit !== undefined) return hit;
  const ex = search(files, fn, narration, modelFile, f.byLine);
  if (f.bySentence.size >= REMEMBER) f.bySentence.clear();
  f.bySentence.set(key, ex);
  return ex;
}

/** `byLine`: the excerpts made so far, by "file:line" (most frames' narration is new, their line not). */
function search(
  files: ModelFiles,
  fn: string,
  narration: string,
  modelFile: string | null,
  byLine: Map<string, SourceExcerpt>,
): SourceExcerpt | null {
  let at = lineOf(files.literals, narration, modelFile);
  if (!at && modelFile) {
    const line = declarationOf(files.texts.get(modelFile) ?? "", fn);
    if (line) at = { file: modelFile, line, emit: null };
  }
  if (!at) return null;
  const line = at.emit?.line ?? at.line;
  const key = `${at.file}:${line}`;
  const known = byLine.get(key);
  if (known) return known;
  const text = files.texts.get(at.file) ?? "";
  const { first, last } = enclosingFunction(text, line);
  const ex = {
    file: at.file,
    line,
    callEnd: at.emit?.end ?? line,
    // Within the excerpt, and near enough to read as this frame's work: the whole of a long
    // function is not.
    ranFrom: Math.max(first, line - MAX_RAN, at.emit?.ranFrom ?? line),
    first,
    lines: linesOf(text).slice(first - 1, last),
  };
  byLine.set(key, ex);
  return ex;
}
