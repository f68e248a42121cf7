/**
 * The worker's archive of one run: every frame packed (compact.ts), and a keyframe every
 * KEY_FRAMES frames: the view there as a packed difference from the keyframe before and, every
 * FULL_KEYS keyframes, also whole (keySnap.ts). The UI keeps only the batches near where it is.
 * On a far seek the archive hands it the way to the frame (`pathTo`: the nearest whole keyframe,
 * the short ones from it, and the packed frames on to the frame and a little past it), which the
 * UI replays: copying costs the worker next to nothing, so the seek's one replay is the UI's. A
 * batch asked for again (`batchAt`) is rebuilt here, from the nearer of the last view built and
 * the nearest keyframe.
 *
 * The model is deterministic and the archive is written as the frames are made, so what it gives
 * back is what was sent the first time (archive.test.ts holds it to that, frame by frame).
 */
import { applyPacked, type Packed, pack, type Touched } from "./compact.ts";
import { type BufferPool, concatBytes, growI32 } from "./grow.ts";
import { KeyDelta, markPages } from "./keyframe.ts";
import { applySnap, copySnap, snapBuffers, snapCost, snapView } from "./keySnap.ts";
import { unpack } from "./unpack.ts";
import { Reader } from "./varint.ts";
import { assignTouched, copyView } from "./viewCopy.ts";
import { type FrameBatch, type KeySnap, PAGE_COLS, type SeekPath, type View } from "./viewState.ts";

/**
 * Frames between keyframes: rebuilding a batch here replays at most about half this many packed
 * frames, and a seek's path carries at most about this many (from the keyframe before its slice).
 */
export const KEY_FRAMES = 4096;

/**
 * Every this many keyframes, one is also kept whole (dearer: every page the run has touched);
 * the others differ from the keyframe before, so a seek applies at most half this many. At 16,
 * a far seek on the million-frame run replayed up to 760 KB of short keyframes on the main
 * thread; at 8 its mean time fell about 2 ms (A/B, 3 pages each) for 22 MiB more in the worker
 * (115 -> 137 MiB, worker_heap_mb).
 */
export const FULL_KEYS = 8;

interface Key {
  readonly frame: number;
  /** The difference from the keyframe before (frame 0 for the first): reversible, like a frame. */
  readonly diff: Uint8Array;
  /** Every FULL_KEYS keyframes, also the view there, whole. */
  readonly full: KeySnap | null;
}

export class Archive {
  private readonly packs: Packed[] = [];
  private readonly keys: Key[] = [];
  private readonly delta: KeyDelta;
  /** The view at frame 0 (kept), and the view the last request left at frame `at`. */
  private readonly start: View;
  private readonly cursor: View;
  private at = 0;
  /** Page frames where the cursor may differ from the start. */
  private readonly touched: Touched;
  /** A mark per page frame where the live view may differ from the start (whole keyframes). */
  private readonly liveMarks: Uint8Array;
  total = 0;
  /** Bytes kept (packed frames and keyframes), for the memory budget. */
  bytes = 0;
  /** Bytes of packed frames: what replaying a frame reads, on average, is a seek's unit of cost. */
  private packBytes = 0;

  /** `start`: the view before the first frame (copied). */
  constructor(
    start: View,
    private readonly keyEvery = KEY_FRAMES,
    private readonly fullEvery = FULL_KEYS,
  ) {
    this.start = copyView(start);
    this.delta = new KeyDelta(start);
    this.cursor = copyView(start);
    this.touched = { mark: new Uint8Array(start.pages.length / PAGE_COLS), list: growI32() };
    this.liveMarks = new Uint8Array(start.pages.length / PAGE_COLS);
  }

  /**
   * Keep the next batch. `live` is the view after its last frame (the projector's), read to make
   * a keyframe when one is due.
   */
  add(batch: FrameBatch, live: View): void {
    const p = pack(batch);
    markPages(this.liveMarks, batch.pages);
    this.delta.note(batch);
    this.packs.push(p);
    this.bytes += p.bytes.byteLength + p.offsets.byteLength;
    this.packBytes += p.bytes.byteLength;
    this.total = batch.first + batch.count - 1;
    const lastKey = this.keys.at(-1)?.frame ?? 0;
    if (this.total - lastKey >= this.keyEvery)
      this.cutKey(live, this.keys.length % this.fullEvery === this.fullEvery - 1);
  }

  /**
   * The run has streamed in (for now: a call may add more). Short keyframes after the last whole
   * one reach the end of the run, with no whole one after them to come back from: a seek there
   * applied up to FULL_KEYS - 1 of them (377 KiB on the million-frame run, twice any other far
   * seek's). When more than half that many follow it, a whole keyframe at the last frame (`live`,
   * the view there) keeps every seek within half a stride of a whole keyframe.
   */
  seal(live: View): void {
    let lastFull = this.keys.length - 1;
    while (lastFull >= 0 && !(this.keys[lastFull] as Key).full) lastFull--;
    if (this.keys.length - 1 - lastFull <= this.fullEvery / 2) return;
    const last = this.keys.at(-1) as Key;
    if (last.frame === this.total)
      this.keys[this.keys.length - 1] = { ...last, full: this.snap(live) };
    else this.cutKey(live, true);
  }

  /** A keyframe at the last frame archived (`live`, the view there), also kept whole if `whole`. */
  private cutKey(live: View, whole: boolean): void {
    const full = whole ? this.snap(live) : null;
    const diff = this.delta.pack(live);
    this.keys.push({ frame: this.total, diff, full });
    this.bytes += diff.byteLength;
  }

  /** `live` kept whole (keySnap.ts), counted in the bytes kept. */
  private snap(live: View): KeySnap {
    const full = snapView(live, this.liveMarks);
    for (const b of snapBuffers(full)) this.bytes += b.byteLength;
    return full;
  }

  /** Index of the packed batch holding frame `f` (1-based), or -1. */
  private find(f: number): number {
    let lo = 0;
    let hi = this.packs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.packs[mid] as Packed;
      if (f < p.first) hi = mid - 1;
      else if (f >= p.first + p.count) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /**
   * The view at frame `f` (clamped to the run), by the cheapest of: replaying frames from the last
   * view built; from there, if it sits on a keyframe, the short keyframes to the one nearest `f`
   * (they apply both ways), then frames; from frame 0, the last full keyframe and the short ones
   * after it, then frames. Cost is bytes read. The returned view is the archive's own: copy what
   * you keep.
   */
  viewAt(frame: number): View {
    const f = Math.max(0, Math.min(this.total, Math.floor(frame)));
    // Packed frames replay both ways, so the keyframe after `f` is as good a start as the one
    // before: a seek replays at most half a keyframe interval (frame 0 counts as a keyframe -1).
    const before = this.keyBefore(f);
    const after = this.keys[before + 1];
    const fromBefore = f - (this.keys[before]?.frame ?? 0);
    const key = after && after.frame - f < fromBefore ? before + 1 : before;
    const perFrame = this.packBytes / Math.max(1, this.total);
    const tail = Math.abs(f - (this.keys[key]?.frame ?? 0)) * perFrame;
    const replay = Math.abs(f - this.at) * perFrame;
    const here = this.keyBefore(this.at);
    const onKey = (this.keys[here]?.frame ?? 0) === this.at;
    const chain = onKey ? this.chainBytes(here, key) + tail : Number.POSITIVE_INFINITY;
    const reset = this.resetBytes(key) + tail;
    if (reset < replay && reset < chain) this.toKey(key);
    else if (chain < replay) this.alongKeys(here, key);
    this.replay(f);
    return this.cursor;
  }

  /** The last keyframe at or before frame `f` (-1: none, frame 0). */
  private keyBefore(f: number): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.keys[mid] as Key).frame <= f) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** Bytes of the short keyframes between keyframes `a` and `b` (-1: frame 0). */
  private chainBytes(a: number, b: number): number {
    let n = 0;
    for (let i = Math.min(a, b) + 1; i <= Math.max(a, b); i++)
      n += (this.keys[i] as Key).diff.length;
    return n;
  }

  /**
   * The whole keyframe fewest short ones away from keyframe `i` (-1: frame 0, as whole as any),
   * before it or after: short keyframes apply both ways.
   */
  private nearestFull(i: number): number {
    let before = i;
    while (before >= 0 && !(this.keys[before] as Key).full) before--;
    let after = Math.max(0, i);
    while (after < this.keys.length && !(this.keys[after] as Key).full) after++;
    return after < this.keys.length && after - i < i - before ? after : before;
  }

  /** Bytes read to build keyframe `i` from frame 0 (resetting the cursor reads its pages). */
  private resetBytes(i: number): number {
    const j = this.nearestFull(i);
    const full = this.keys[j]?.full;
    return this.touched.list.length * 4 + (full ? snapCost(full) : 0) + this.chainBytes(j, i);
  }

  /** Move the cursor to keyframe `i` (-1: frame 0): the nearest whole one, then along. */
  private toKey(i: number): void {
    assignTouched(this.cursor, this.start, this.touched);
    const j = this.nearestFull(i);
    const full = this.keys[j]?.full;
    if (full) applySnap(this.cursor, full, { touched: this.touched });
    this.at = this.keys[j]?.frame ?? 0;
    this.alongKeys(j, i);
  }

  /** Move the cursor, at keyframe `a`, to keyframe `b` by the short keyframes (-1: frame 0). */
  private alongKeys(a: number, b: number): void {
    for (let i = a + 1; i <= b; i++) {
      applyPacked(this.cursor, new Reader((this.keys[i] as Key).diff), true, this.touched);
    }
    for (let i = a; i > b; i--) {
      applyPacked(this.cursor, new Reader((this.keys[i] as Key).diff), false, this.touched);
    }
    this.at = this.keys[b]?.frame ?? 0;
  }

  /** Move the cursor frame by frame from `at` to `f`. */
  private replay(f: number): void {
    while (this.at < f) {
      const p = this.packs[this.find(this.at + 1)] as Packed;
      const r = new Reader(p.bytes);
      r.pos = p.offsets[this.at + 1 - p.first] as number;
      const last = Math.min(f, p.first + p.count - 1);
      for (; this.at < last; this.at++) applyPacked(this.cursor, r, true, this.touched);
    }
    while (this.at > f) {
      const p = this.packs[this.find(this.at)] as Packed;
      const r = new Reader(p.bytes);
      const stop = Math.max(f, p.first - 1);
      for (; this.at > stop; this.at--) {
        r.pos = p.offsets[this.at - p.first] as number;
        applyPacked(this.cursor, r, false, this.touched);
      }
    }
  }

  /**
   * The way to frame `f` from frame 0 (clamped to the run), for the UI to follow: the whole
   * keyframe nearest the last keyframe before the slice, the short ones from it to that one, then
   * the packed frames from there to the slice's end. The slice is the part of the batch holding
   * `f` from up to `before` frames before it to `after` frames after (frame 0 gets the first
   * frames). Only arrays are copied (into `pool`'s buffers, if given): the cursor does not move.
   */
  pathTo(frame: number, before: number, after: number, pool?: BufferPool): SeekPath {
    const f = Math.max(0, Math.min(this.total, Math.floor(frame)));
    const p = this.packs[this.find(Math.max(1, f))];
    const sliceFirst = p ? Math.max(p.first, f - before) : 1;
    const last = p ? Math.min(p.first + p.count - 1, Math.max(sliceFirst, f + after)) : 0;
    const i = this.keyBefore(sliceFirst - 1);
    const j = this.nearestFull(i);
    const full = this.keys[j]?.full;
    const parts: Uint8Array[] = [];
    for (let k = j + 1; k <= i; k++) parts.push((this.keys[k] as Key).diff);
    for (let k = j; k > i; k--) parts.push((this.keys[k] as Key).diff);
    const keys = concatBytes(parts, pool);
    const at = this.keys[i]?.frame ?? 0;
    const frames: Uint8Array[] = [];
    for (let g = at + 1; g <= last; ) {
      const q = this.packs[this.find(g)] as Packed;
      const end = Math.min(last, q.first + q.count - 1);
      frames.push(
        q.bytes.subarray(q.offsets[g - q.first] as number, q.offsets[end + 1 - q.first] as number),
      );
      g = end + 1;
    }
    return {
      full: full ? copySnap(full, pool) : null,
      keys: keys.bytes,
      keyEnds: keys.ends,
      backward: j > i,
      at,
      frames: concatBytes(frames, pool).bytes,
      sliceFirst,
      last,
    };
  }

  /** The batch holding frame `f` as it was first sent (less narration, names, layouts), or null. */
  batchAt(f: number): FrameBatch | null {
    const i = this.find(f);
    const p = this.packs[i];
    if (!p) return null;
    this.viewAt(p.first - 1);
    const batch = unpack(p, this.cursor, this.touched);
    this.at = p.first + p.count - 1;
    return batch;
  }
}
