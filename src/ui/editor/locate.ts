/**
 * Where in a JSON text a validation error belongs: `steps[2].flags[1]: unknown flag ...` (the
 * messages of src/scenario/parse.ts, as the CLI prints them) becomes the range of that value, so the
 * editor can underline the offending field. Uses the JSON grammar CodeMirror already parses with.
 */
import { jsonLanguage } from "@codemirror/lang-json";

type SyntaxNode = ReturnType<typeof jsonLanguage.parser.parse>["topNode"];

export interface Located {
  readonly from: number;
  readonly to: number;
  readonly message: string;
}

const VALUES = new Set(["Object", "Array", "String", "Number", "True", "False", "Null"]);

/** `steps[2].flags[1]` -> ["steps", 2, "flags", 1]; "(scenario)" -> []. */
export function splitPath(path: string): (string | number)[] {
  if (path === "(scenario)") return [];
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  }
  return out;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function child(node: SyntaxNode, key: string | number, text: string): SyntaxNode | null {
  if (typeof key === "number") {
    if (node.name !== "Array") return null;
    return children(node).filter((c) => VALUES.has(c.name))[key] ?? null;
  }
  if (node.name !== "Object") return null;
  for (const prop of children(node)) {
    if (prop.name !== "Property") continue;
    const name = prop.getChild("PropertyName");
    if (!name) continue;
    let decoded: unknown;
    try {
      decoded = JSON.parse(text.slice(name.from, name.to));
    } catch {
      continue;
    }
    if (decoded !== key) continue;
    const value = children(prop).find((c) => c !== name && VALUES.has(c.name));
    return value ?? name;
  }
  return null;
}

/**
 * locateErrors - the range of each error's field in `text` (the deepest part of its path that
 * exists: a missing field underlines the object it is missing from).
 */
export function locateErrors(text: string, errors: readonly string[]): Located[] {
  const top = jsonLanguage.parser.parse(text).topNode;
  const root = children(top).find((c) => VALUES.has(c.name)) ?? top;
  return errors.map((message) => {
    const colon = message.indexOf(": ");
    const path = colon < 0 ? [] : splitPath(message.slice(0, colon));
    let node = root;
    for (const key of path) {
      const next = child(node, key, text);
      if (!next) break;
      node = next;
    }
    // A whole object or array is a lot to underline: its first line says where (no further
    // than its end: on a line with its neighbours, they would look faulty too).
    const end =
      node.name === "Object" || node.name === "Array" ? text.indexOf("\n", node.from) : -1;
    return {
      from: node.from,
      to: end > node.from ? Math.min(end, node.to) : Math.max(node.to, node.from + 1),
      message,
    };
  });
}

/** Where `text` first breaks the JSON grammar (CodeMirror's parser recovers and marks it), or null. */
export function syntaxErrorAt(text: string): number | null {
  let at: number | null = null;
  jsonLanguage.parser.parse(text).iterate({
    enter(node) {
      if (at !== null) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  return at;
}

/** "(line 4 column 3)" for offset `at` of `text`, as V8 writes it. */
function lineColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return `(line ${line} column ${at - before.lastIndexOf("\n")})`;
}

/**
 * A JSON syntax error's message with its place as a line and column, and the offset to mark.
 * Browsers differ: V8 writes "at position 55 (line 4 column 3)" for some mistakes, only "at
 * position 40" or nothing ("Unexpected token ','") for others; Firefox writes "at line 4 column
 * 3 of the JSON data". A place given is kept (its line and column added when missing); none
 * given, the grammar's is used, so every syntax error says where.
 */
export function placeSyntaxError(text: string, raw: string): { at: number; message: string } {
  const message = withoutSnippet(raw);
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) {
    const lines = text.split("\n");
    const line = Math.min(Number(lineCol[1]), lines.length);
    let at = 0;
    for (let i = 0; i < line - 1; i++) at += (lines[i]?.length ?? 0) + 1;
    return { at: Math.min(at + Number(lineCol[2]) - 1, text.length), message };
  }
  const given = /at position (\d+)/.exec(message);
  const at = given ? Math.min(Number(given[1]), text.length) : (syntaxErrorAt(text) ?? text.length);
  return { at, message: `${message} ${lineColumn(text, at)}` };
}

/**
 * V8's "Unexpected token ','", then a piece of the text in quotes ("...""steps": [, { "op": "...":
 * its own quotes and the text's run together), then "is not valid JSON": the token only. The
 * place, added after, and the editor's mark show where.
 */
function withoutSnippet(message: string): string {
  const v8 = /^(Unexpected token '.+?'), .* is not valid JSON$/s.exec(message);
  return v8 ? (v8[1] as string) : message;
}

/**
 * JSON.parse's complaint about `text`, placed (placeSyntaxError), or null for valid JSON. Past a
 * byte-order mark, as the scenario checker reads a text (its offset counts the mark).
 */
export function jsonSyntaxError(text: string): { at: number; message: string } | null {
  const mark = text.startsWith("\uFEFF") ? 1 : 0;
  try {
    JSON.parse(text.slice(mark));
    return null;
  } catch (e) {
    const placed = placeSyntaxError(text.slice(mark), (e as Error).message);
    return { at: placed.at + mark, message: placed.message };
  }
}
