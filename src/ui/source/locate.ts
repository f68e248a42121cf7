/**
 * The excerpt the source panel shows for a frame: the model function around the line that said
 * the frame's sentence, with that line marked. Pure over the model files' texts, so it is tested
 * in node against the real files and the real frames.
 */
import { enclosingFunction, type Literal, lineOf, literalsOf } from "./emitSites.ts";

export interface SourceExcerpt {
  /** Model file, relative to src/kernel/. */
  readonly file: string;
  /** 1-based line that produced the frame. */
  readonly line: number;
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

/** The declaration line of `function fn(` in `text`, or null. */
function declarationOf(text: string, fn: string): number | null {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.includes(`function ${fn}(`));
  return at < 0 ? null : at + 1;
}

/**
 * Where the frame came from: the line whose literal best explains `narration`, else the
 * declaration of the model function named `fn` in `modelFile`. Null when neither is found.
 */
export function locate(
  files: ModelFiles,
  fn: string,
  narration: string,
  modelFile: string | null,
): SourceExcerpt | null {
  let at = lineOf(files.literals, narration, modelFile);
  if (!at && modelFile) {
    const line = declarationOf(files.texts.get(modelFile) ?? "", fn);
    if (line) at = { file: modelFile, line };
  }
  if (!at) return null;
  const text = files.texts.get(at.file) ?? "";
  const { first, last } = enclosingFunction(text, at.line);
  return { file: at.file, line: at.line, first, lines: text.split("\n").slice(first - 1, last) };
}
