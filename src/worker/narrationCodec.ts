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
 * This file is the worker's side; narrationDecoder.ts is the UI's.
 */
import { type Said, writtenInHex } from "../kernel/said.ts";
import { type Grow, growF64 } from "./grow.ts";

/** In a template: where a decimal number goes, and where a hex one (after "0x") goes. */
export const DEC = 0;
export const HEX = 1;
/** Template id 0: the sentence follows whole (varint byte length, UTF-8). */
export const WHOLE = 0;
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
 * One step of some templates: a trie over every template made, so a sentence's template is found
 * in the same pass that reads its numbers, with nothing to check after. A written sentence steps
 * by character (or a number's marker); a kept one (said.ts) by its path: its pieces (by identity:
 * one array per call site), each word or phrase it was given (by value), each number's marker.
 * Most nodes have one child, kept inline; a node where templates part keeps a map.
 */
class TrieNode<K> {
  key: K | null = null;
  next: TrieNode<K> | null = null;
  more: Map<K, TrieNode<K>> | null = null;
  /** The template that ends here; WHOLE if none does. */
  id = WHOLE;
}

/** The child of `at` for `key` (null: none), made first if `add`. */
function child<K>(at: TrieNode<K>, key: K, add: boolean): TrieNode<K> | null {
  let next = at.key === key ? at.next : (at.more?.get(key) ?? null);
  if (next === null && add) {
    next = new TrieNode<K>();
    if (at.next === null) {
      at.key = key;
      at.next = next;
    } else {
      at.more ??= new Map();
      at.more.set(key, next);
    }
  }
  return next;
}

/** A step of a kept sentence's path. */
type Token = readonly string[] | string | number;

/** Can this number be taken out of the sentence (written back, it gives the same characters)? */
function takesOut(v: number, hex: boolean): boolean {
  return Number.isInteger(v) && v >= 0 && v < (hex ? 16 ** 13 : 1e15);
}

/** A kept sentence's template: its text with a marker where each number taken out goes. */
function templateOf(s: Said): string {
  const { pieces, values } = s;
  let key = pieces[0] as string;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as Said | string | number;
    const hex = writtenInHex(pieces[i] as string);
    if (typeof v === "number")
      key += takesOut(v, hex)
        ? String.fromCharCode(hex ? HEX : DEC)
        : hex
          ? v.toString(16)
          : `${v}`;
    else key += typeof v === "string" ? v : templateOf(v);
    key += pieces[i + 1] as string;
  }
  return key;
}

/** No piece or word of `s` holds a marker character (a template of it would lie). */
function markerFree(s: Said): boolean {
  const clean = (t: string) =>
    !t.includes(String.fromCharCode(DEC)) && !t.includes(String.fromCharCode(HEX));
  return (
    s.pieces.every(clean) &&
    s.values.every(
      (v) => typeof v === "number" || (typeof v === "string" ? clean(v) : markerFree(v)),
    )
  );
}

/**
 * The worker's side: sentences in, varint records out; `takeFresh` gives the templates made since.
 * Encoding runs for every frame of a load, so it reads the sentence once, char by char, walking
 * the trie of templates as it goes; only a sentence of a new template is read again, to add it.
 */
export class NarrationEncoder {
  private readonly root = new TrieNode<number>();
  private made = 0;
  private fresh: string[] = [];
  /**
   * The numbers of the sentence being encoded. A typed array with its own length: an array emptied
   * by setting its length to 0 gives its storage back, so each sentence grew a new one (about
   * 150 bytes of garbage a frame, most of what encoding allocated).
   */
  private readonly nums = growF64();
  /** Where the walk is in the trie; null once it falls off (a new template). */
  private at: TrieNode<number> | null = null;
  /** While a new template is added: its characters and markers, as the walk makes its path. */
  private adding: number[] | null = null;
  private readonly utf8 = new TextEncoder();
  /** Kept sentences: the trie of their paths, where the walk is, and whether it is adding one. */
  private readonly saidRoot = new TrieNode<Token>();
  private saidAt: TrieNode<Token> | null = null;
  private saidAdding = false;

  /**
   * Append the record of a kept sentence to `out`: its template found by its path (its pieces,
   * words and number markers, a handful of steps) rather than by its characters, and its
   * numbers as they were given. The record is the same kind as `encode` makes.
   */
  encodeSaid(s: Said, out: Grow<Uint8Array>): void {
    this.nums.length = 0;
    this.saidAt = this.saidRoot;
    this.tokens(s);
    let id = this.saidAt?.id ?? WHOLE;
    if (id === WHOLE) {
      if (this.made + 1 >= MAX_TEMPLATES || !markerFree(s)) {
        this.whole(String(s), out);
        return;
      }
      this.nums.length = 0;
      this.saidAt = this.saidRoot;
      this.saidAdding = true;
      this.tokens(s);
      this.saidAdding = false;
      const end = this.saidAt as TrieNode<Token>;
      id = end.id = ++this.made;
      this.fresh.push(templateOf(s));
    }
    putVarint(out, id);
    const nums = this.nums.array;
    for (let k = 0; k < this.nums.length; k++) putVarint(out, nums[k] as number);
  }

  /** Walk a kept sentence's path (nested sentences in place), collecting its numbers. */
  private tokens(s: Said): void {
    const { pieces, values } = s;
    this.token(pieces);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as Said | string | number;
      if (typeof v === "number") {
        const hex = writtenInHex(pieces[i] as string);
        if (takesOut(v, hex)) {
          this.token(hex ? HEX : DEC);
          this.nums.push(v);
        } else this.token(hex ? v.toString(16) : `${v}`);
      } else if (typeof v === "string") this.token(v);
      else this.tokens(v);
    }
  }

  /** One step down the path trie; while adding, a missing step is made. */
  private token(t: Token): void {
    if (this.saidAt !== null) this.saidAt = child(this.saidAt, t, this.saidAdding);
  }

  /** Append the record of `text` to `out`. */
  encode(text: string, out: Grow<Uint8Array>): void {
    let id = this.walk(text) ? (this.at?.id ?? WHOLE) : -1;
    if (id === WHOLE && this.made + 1 < MAX_TEMPLATES) {
      this.adding = [];
      this.walk(text);
      id = this.added(this.adding);
      this.adding = null;
    }
    if (id <= WHOLE) {
      this.whole(text, out); // a marker character, or no more templates may be made
      return;
    }
    putVarint(out, id);
    const nums = this.nums.array;
    for (let k = 0; k < this.nums.length; k++) putVarint(out, nums[k] as number);
  }

  /**
   * Read `text` as its template, a string of characters and markers (a number is one DEC or HEX
   * marker), walking the trie, and its numbers. A number is taken out only if writing it back
   * gives the same characters (no leading zeros, lowercase hex after "0x", at most 15 decimal or
   * 13 hex digits). False at a marker character in the text: the template would lie.
   */
  private walk(text: string): boolean {
    const nums = this.nums;
    nums.length = 0;
    this.at = this.root;
    const n = text.length;
    for (let i = 0; i < n; ) {
      const c = text.charCodeAt(i);
      if (c === DEC || c === HEX) return false;
      if (!isDigit(c)) {
        // Most characters: one step down a known path (visit, inlined by hand: it is the hot loop).
        const at: TrieNode<number> | null = this.at;
        if (at !== null && at.key === c && this.adding === null) this.at = at.next;
        else this.visit(c);
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
          this.visit(48); // the "0x" stays in the template
          this.visit(120);
          this.visit(HEX);
          nums.push(v);
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
        this.visit(DEC);
        nums.push(v);
      } else {
        for (let k = i; k < j; k++) this.visit(text.charCodeAt(k));
      }
      i = j;
    }
    return true;
  }

  /** One step down the trie; while adding, a missing step is made. */
  private visit(c: number): void {
    if (this.at === null) return;
    this.adding?.push(c);
    this.at = child(this.at, c, this.adding !== null);
  }

  /** Name the template whose path the walk just made, and keep it to send. */
  private added(codes: readonly number[]): number {
    const end = this.at as TrieNode<number>;
    end.id = ++this.made;
    let key = "";
    for (const c of codes) key += String.fromCharCode(c);
    this.fresh.push(key);
    return end.id;
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
