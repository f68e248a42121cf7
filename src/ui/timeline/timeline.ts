/**
 * The timeline of one run: what the UI knows of it, and which frames it can step through at once.
 *
 * Pure TypeScript (no React, no worker globals), so tests and benchmarks drive it in Node. As the
 * frame batches arrive it indexes their steps, phases and events (runIndex.ts, which it extends)
 * and keeps each frame's function and source file, and its narration (as templates and numbers,
 * narration.ts). Those cover every frame. The deltas (what moves a view) it keeps only for the batches used last,
 * up to KEEP_FRAMES frames and always the one on screen: a million frames of deltas would take
 * about 170 MiB. The worker keeps every frame (src/worker/archive.ts) and answers a seek to a frame
 * whose batch is not here with the way there and the frames around it (a slice, kept by `put`
 * beside the batches until the next; the whole batches follow once the frame stays put). A run that fits in
 * KEEP_FRAMES also gets checkpoints (BLOCK), so its far seeks never leave the main thread.
 * It only grows while a run streams in; a new run gets a new timeline.
 */
import { growI32 } from "../../worker/grow.ts";
import {
  applyFrame,
  batchBuffers,
  type FrameBatch,
  type Init,
  type LayoutSnap,
  PAGE_COLS,
  type View,
} from "../../worker/viewState.ts";
import { lastAtOrBefore } from "./bisect.ts";
import { Checkpoints } from "./checkpoint.ts";
import { Narration } from "./narration.ts";
import { RunIndex } from "./runIndex.ts";
import { containsWhole } from "./textMatch.ts";
import { TouchedPfns } from "./touchedPfns.ts";

export { EVENT_KINDS, EVENT_LABEL, type EventKind, type StepInfo } from "./runIndex.ts";

/**
 * Frames of deltas kept on the main thread (about 170 bytes a frame, 22 MiB): every lesson,
 * the large machine too, stays whole (the compare view walks every frame); a longer run keeps
 * the batches used last.
 */
export const KEEP_FRAMES = 131_072;
/**
 * Frames per checkpoint block. While a whole run is kept here (every lesson), each block of frames
 * is also squashed into one reversible delta, so a far seek crosses blocks and then steps at most
 * half a block, without asking the worker. A longer run drops them: the worker answers its seeks.
 * They are folded once the run has streamed in (`foldCheckpoints`, in slices), not as it arrives:
 * a load then costs the main thread only its indexes, and a million-frame run, which outgrows
 * them, never builds them at all.
 */
export const BLOCK = 512;

export interface FrameMeta {
  readonly fn: string;
  readonly file: string;
  readonly text: string;
  readonly step: number;
}

export class Timeline extends RunIndex {
  readonly layouts: LayoutSnap[];
  /** Bytes of the typed arrays received (the transferred buffers), for the benchmark. */
  bytes = 0;

  /** First frame of every batch received, in order (batch i is frames firsts[i] ..). */
  private readonly firsts = growI32();
  /** Batches whose deltas are kept, by index, oldest kept first. */
  private readonly kept = new Map<number, FrameBatch>();
  private keptFrames = 0;
  /** Buffers of the batches dropped since `takeReleased` was last called. */
  private readonly released = new Set<ArrayBuffer>();
  /** Part of a batch (a seek's slice: the frames around the one sought), until the next. */
  private slice: FrameBatch | null = null;
  /** The frame on screen: its batch (the first one, at frame 0) is never dropped. */
  private pinned = 0;
  private readonly narration = new Narration();
  /** Null once the run outgrows `keep`. */
  private checkpoints: Checkpoints | null;
  /** Frames folded into the checkpoints so far (from frame 1). */
  private folded = 0;
  /** The page frames some frame received changes: all a far move can change. */
  readonly touched: TouchedPfns;

  /**
   * `keep`: frames of deltas to keep (tests use few, to exercise sending batches again); `block`:
   * frames per checkpoint block (tests use small ones).
   */
  constructor(
    readonly init: Init,
    readonly keep = KEEP_FRAMES,
    readonly block = BLOCK,
  ) {
    super(init.counterNames);
    this.layouts = [init.layout];
    this.checkpoints = new Checkpoints(block);
    this.touched = new TouchedPfns(init.pages.length / PAGE_COLS);
  }

  /** Take in the next batch: index its frames, keep its narration and (for now) its deltas. */
  add(batch: FrameBatch): void {
    this.names.push(...batch.names);
    this.layouts.push(...batch.layouts);
    for (const buf of batchBuffers(batch)) this.bytes += buf.byteLength;
    // Every frame the UI can show comes through here first (a seek asks only for frames up to
    // `total`), so these are all the page frames a move can change.
    this.touched.note(batch);
    this.firsts.push(batch.first);
    for (let j = 0; j < batch.count; j++) this.indexFrame(batch, j, batch.first + j);
    // The narration copies out its bytes, so the batch's text buffers can go back to the worker.
    this.narration.add(batch.first, batch.text, batch.textEnd, batch.templates);
    this.release([batch.text.buffer, batch.textEnd.buffer] as ArrayBuffer[]);
    this.total += batch.count;
    if (this.total > this.keep) this.checkpoints = null;
    // The deltas only: the narration is kept above.
    this.put({ ...batch, text: new Uint8Array(0), textEnd: new Uint32Array(0) });
  }

  /**
   * Fold the frames received so far into the checkpoints, a batch at a time, until `stop()` says
   * so. Returns true once every frame received is folded (or the run has none to fold).
   */
  foldCheckpoints(stop: () => boolean): boolean {
    while (this.checkpoints && this.folded < this.total) {
      const at = this.locate(this.folded + 1);
      if (!at) {
        this.checkpoints = null; // a batch was dropped: the run no longer fits
        break;
      }
      const [b, j0] = at;
      for (let j = j0; j < b.count; j++) this.checkpoints.add(b, j);
      this.folded = b.first + b.count - 1;
      if (stop()) break;
    }
    return this.checkpoints === null || this.folded >= this.total;
  }

  /**
   * Keep a batch's deltas (one just made, or sent again), dropping the oldest kept; or part of one
   * (a seek's slice), kept beside them in place of the last slice.
   */
  put(batch: FrameBatch): void {
    const i = this.indexOf(batch.first);
    const end = i + 1 < this.firsts.length ? (this.firsts.array[i + 1] as number) : this.total + 1;
    if (i >= 0 && (batch.first !== this.firsts.array[i] || batch.first + batch.count !== end)) {
      if (this.slice) this.release(batchBuffers(this.slice));
      this.slice = batch;
      return;
    }
    if (i < 0 || this.kept.has(i)) {
      this.release(batchBuffers(batch)); // kept already (fetched twice): this copy is not needed
      return;
    }
    this.kept.set(i, batch);
    this.keptFrames += batch.count;
    const pinned = this.indexOf(Math.max(1, this.pinned));
    for (const [k, b] of this.kept) {
      if (this.keptFrames <= this.keep) break;
      if (k === pinned || k === i) continue;
      this.kept.delete(k);
      this.keptFrames -= b.count;
      this.release(batchBuffers(b));
    }
  }

  /** Buffers nothing here reads again: `takeReleased` hands them to the worker. */
  private release(buffers: readonly ArrayBuffer[]): void {
    for (const buf of buffers) if (buf.byteLength > 0) this.released.add(buf);
  }

  /**
   * The buffers of the batches dropped since the last call: nothing here reads them again, so the
   * worker may have them back to write later batches into (Cmd.recycle).
   */
  takeReleased(): ArrayBuffer[] {
    const out = [...this.released];
    this.released.clear();
    return out;
  }

  /**
   * Frames beside the kept run around `f` that are within `margin` frames of it and not kept:
   * what to fetch before stepping reaches them, one frame per batch (both edges of a seek's slice
   * can lie in the batch around it).
   */
  wanted(f: number, margin: number): number[] {
    const out: number[] = [];
    let lo = f;
    for (let at = this.locate(lo); at && f - lo < margin; at = this.locate(lo))
      lo = at[0].first - 1;
    if (lo > 0 && f - lo < margin) out.push(lo);
    let hi = Math.max(1, f);
    for (let at = this.locate(hi); at && hi - f < margin; at = this.locate(hi))
      hi = at[0].first + at[0].count;
    const asked = out.some((g) => this.indexOf(g) === this.indexOf(hi));
    if (hi <= this.total && hi - f < margin && !asked) out.push(hi);
    return out;
  }

  /** The frame on screen: its batch is kept whatever else arrives. */
  pin(f: number): void {
    this.pinned = f;
  }

  /** Index of the batch holding frame `f` (1-based), or -1. */
  private indexOf(f: number): number {
    if (f < 1 || f > this.total) return -1;
    return lastAtOrBefore(this.firsts.array, this.firsts.length, f);
  }

  /** The kept batch (or slice) holding frame `f` (1-based) and the frame's index in it, or null. */
  locate(f: number): [FrameBatch, number] | null {
    const b = this.kept.get(this.indexOf(f));
    if (b) return [b, f - b.first];
    const s = this.slice;
    return s && f >= s.first && f < s.first + s.count ? [s, f - s.first] : null;
  }

  /**
   * Whether a view can step from frame `from` to frame `to` here: every frame between is kept,
   * and so is `to` itself (what the panels read of the frame on screen).
   */
  has(from: number, to: number): boolean {
    if (to > 0 && !this.locate(to)) return false;
    for (let f = Math.min(from, to) + 1; f <= Math.max(from, to); ) {
      const at = this.locate(f);
      if (!at) return false;
      f = at[0].first + at[0].count;
    }
    return true;
  }

  /**
   * Move `view` from frame `from` to frame `to`, frame by frame, through kept batches only.
   * Returns false (the view untouched) if a batch in between is not kept.
   */
  step(view: View, from: number, to: number): boolean {
    if (!this.has(from, to)) return false;
    if (this.checkpoints && Math.abs(to - from) > this.block) {
      this.checkpoints.move(view, from, to, (v, a, b) => this.stepFrames(v, a, b));
      return true;
    }
    this.stepFrames(view, from, to);
    return true;
  }

  /**
   * Whether a move from `from` to `to` crosses checkpoint blocks rather than single frames: the
   * blocks folded so far reach both ends (within a block).
   */
  jumps(from: number, to: number): boolean {
    const reach = this.folded + this.block;
    return this.checkpoints !== null && from <= reach && to <= reach && this.has(from, to);
  }

  private stepFrames(view: View, from: number, to: number): void {
    for (let f = from; f < to; f++) {
      const at = this.locate(f + 1) as [FrameBatch, number];
      applyFrame(view, at[0], at[1], true);
    }
    for (let f = from; f > to; f--) {
      const at = this.locate(f) as [FrameBatch, number];
      applyFrame(view, at[0], at[1], false);
    }
  }

  /** Frame `f`'s sentence template (Narration.template), or null. */
  template(f: number): string | null {
    return f < 1 || f > this.total ? null : this.narration.template(f);
  }

  meta(f: number): FrameMeta | null {
    if (f < 1 || f > this.total) return null;
    const where = this.whereAt(f);
    return {
      fn: this.names[where & 0xffff] ?? "?",
      file: this.names[where >>> 16] ?? "?",
      text: this.narration.text(f) ?? "",
      step: this.stepAt(f),
    };
  }

  /**
   * A test of whether frame `f`'s function, source file or narration contains `needle`
   * (lowercase), for search: names are matched once per name, sentences by template
   * (Narration.matcher), so a scan of every frame stays fast.
   */
  matcher(needle: string): (f: number) => boolean {
    const named = this.names.map((n) => containsWhole(n.toLowerCase(), needle));
    const text = this.narration.matcher(needle);
    return (f) => {
      if (f < 1 || f > this.total) return false;
      const where = this.whereAt(f);
      return named[where & 0xffff] === true || named[where >>> 16] === true || text(f);
    };
  }

  /** Bytes the main thread keeps for this run (deltas kept, narration, indexes), for the budget. */
  keptBytes(): number {
    let n = this.narration.bytes + this.indexBytes();
    for (const b of [...this.kept.values(), ...(this.slice ? [this.slice] : [])])
      for (const buf of batchBuffers(b)) n += buf.byteLength;
    return n;
  }
}
