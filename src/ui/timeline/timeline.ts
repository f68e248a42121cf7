/**
 * The timeline of one run: what the UI knows of it, and which frames it can step through at once.
 *
 * Pure TypeScript (no React, no worker globals), so tests and benchmarks drive it in Node. As the
 * frame batches arrive it indexes them:
 * - steps (system calls): where each begins, from the frames' step numbers, and what it returned;
 * - phases (see phases.ts): where each begins and its name;
 * - events by kind (fault, migration, unmap, system call, error return), for "next fault" etc.;
 * - each frame's function and source file, and its narration (as templates and numbers, narration.ts).
 * Those cover every frame. The deltas (what moves a view) it keeps only for the batches used last,
 * up to KEEP_FRAMES frames and always the one on screen: a million frames of deltas would take
 * about 170 MiB. The worker keeps every frame (src/worker/archive.ts) and answers a seek to a frame
 * whose batch is not here with the view there and the batch again (`put`). A run that fits in
 * KEEP_FRAMES also gets checkpoints (BLOCK), so its far seeks never leave the main thread.
 * It only grows while a run streams in; a new run gets a new timeline.
 */
import { type Grow, growI32, growU32 } from "../../worker/grow.ts";
import {
  applyFrame,
  batchBuffers,
  type FrameBatch,
  type Init,
  type LayoutSnap,
  PteKind,
  pteKind,
  recordStart,
  type View,
} from "../../worker/protocol.ts";
import { after, before, lastAtOrBefore } from "./bisect.ts";
import { Checkpoints } from "./checkpoint.ts";
import { Narration } from "./narration.ts";
import { nextPhase } from "./phases.ts";

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

export const EVENT_KINDS = ["fault", "migration", "unmap", "syscall", "error"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_LABEL: Record<EventKind, string> = {
  fault: "fault",
  migration: "migration",
  unmap: "unmap",
  syscall: "system call",
  error: "error return",
};

export interface StepInfo {
  readonly index: number;
  /** Append command id, or null for a step of the loaded scenario. */
  readonly id: number | null;
  readonly op: string;
  readonly ret: string | number;
  readonly firstFrame: number;
  readonly frames: number;
}

export interface FrameMeta {
  readonly fn: string;
  readonly file: string;
  readonly text: string;
  readonly step: number;
}

const isError = (ret: string | number) => (typeof ret === "string" ? ret.startsWith("-") : ret < 0);

export class Timeline {
  readonly names: string[] = [];
  readonly layouts: LayoutSnap[];
  readonly steps: StepInfo[] = [];
  total = 0;
  /** Bytes of the typed arrays received (the transferred buffers), for the benchmark. */
  bytes = 0;

  /** First frame of every batch received, in order (batch i is frames firsts[i] ..). */
  private readonly firsts = growI32();
  /** Batches whose deltas are kept, by index, oldest kept first. */
  private readonly kept = new Map<number, FrameBatch>();
  private keptFrames = 0;
  /** The frame on screen: its batch (the first one, at frame 0) is never dropped. */
  private pinned = 0;
  /** Per frame: fn | file << 16 (indexes into `names`). */
  private readonly where = growU32();
  private readonly narration = new Narration();
  private readonly stepStarts = growI32();
  /** The step number of each entry of `stepStarts`. */
  private readonly stepIds = growI32();
  private readonly phaseStarts = growI32();
  /** Name index (into `phaseNames`) of each phase in `phaseStarts`. */
  private readonly phaseNameOf = growI32();
  readonly phaseNames: string[] = [];
  private readonly phaseNameIds = new Map<string, number>();
  private readonly events: Record<EventKind, Grow<Int32Array>> = {
    fault: growI32(),
    migration: growI32(),
    unmap: growI32(),
    syscall: growI32(),
    error: growI32(),
  };
  private lastStep = -1;
  private phase: string | null = null;
  private readonly pgfault: number;
  private readonly pgmigrate: number;

  /** Null once the run outgrows `keep`. */
  private checkpoints: Checkpoints | null;
  /** Frames folded into the checkpoints so far (from frame 1). */
  private folded = 0;

  /**
   * `keep`: frames of deltas to keep (tests use few, to exercise sending batches again); `block`:
   * frames per checkpoint block (tests use small ones).
   */
  constructor(
    readonly init: Init,
    readonly keep = KEEP_FRAMES,
    readonly block = BLOCK,
  ) {
    this.layouts = [init.layout];
    this.checkpoints = new Checkpoints(block);
    this.pgfault = init.counterNames.indexOf("pgfault");
    this.pgmigrate = init.counterNames.indexOf("pgmigrate_success");
  }

  /** Take in the next batch: index its frames, keep its narration and (for now) its deltas. */
  add(batch: FrameBatch): void {
    this.names.push(...batch.names);
    this.layouts.push(...batch.layouts);
    for (const buf of batchBuffers(batch)) this.bytes += buf.byteLength;
    this.firsts.push(batch.first);
    this.where.reserve(batch.count);
    for (let j = 0; j < batch.count; j++) {
      this.where.push((batch.fn[j] as number) | ((batch.file[j] as number) << 16));
      this.indexFrame(batch, j, batch.first + j);
    }
    this.narration.add(batch.first, batch.text, batch.textEnd, batch.templates);
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

  /** Keep a batch's deltas (one just made, or sent again for a seek), dropping the oldest kept. */
  put(batch: FrameBatch): void {
    const i = this.indexOf(batch.first);
    if (i < 0 || this.kept.has(i)) return;
    this.kept.set(i, batch);
    this.keptFrames += batch.count;
    const pinned = this.indexOf(Math.max(1, this.pinned));
    for (const [k, b] of this.kept) {
      if (this.keptFrames <= this.keep) break;
      if (k === pinned || k === i) continue;
      this.kept.delete(k);
      this.keptFrames -= b.count;
    }
  }

  /**
   * Frames beside the kept run around `f` that are within `margin` frames of it and not kept:
   * what to fetch before stepping reaches them.
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
    if (hi <= this.total && hi - f < margin) out.push(hi);
    return out;
  }

  /** The frame on screen: its batch is kept whatever else arrives. */
  pin(f: number): void {
    this.pinned = f;
  }

  /** Record a step's result (the worker sends it after the step's frames). */
  addStep(info: StepInfo): void {
    this.steps.push(info);
    if (isError(info.ret) && info.frames > 0) {
      this.events.error.push(info.firstFrame + info.frames - 1);
    }
  }

  private indexFrame(batch: FrameBatch, j: number, f: number): void {
    const step = batch.step[j] as number;
    const fn = this.names[batch.fn[j] as number] ?? "?";
    if (step !== this.lastStep) {
      this.lastStep = step;
      this.phase = null;
      this.stepStarts.push(f);
      this.stepIds.push(step);
      this.events.syscall.push(f);
    }
    const phase = nextPhase(fn, this.phase);
    if (phase !== this.phase) {
      this.phase = phase;
      let id = this.phaseNameIds.get(phase);
      if (id === undefined) {
        id = this.phaseNames.length;
        this.phaseNames.push(phase);
        this.phaseNameIds.set(phase, id);
      }
      this.phaseStarts.push(f);
      this.phaseNameOf.push(id);
    }
    const k = batch.counters;
    for (let i = recordStart(batch.counterEnd, j); i < (batch.counterEnd[j] as number); i += 3) {
      const up = (k[i + 2] as number) > (k[i + 1] as number);
      if (up && k[i] === this.pgfault) this.events.fault.push(f);
      if (up && k[i] === this.pgmigrate) this.events.migration.push(f);
    }
    const t = batch.ptes;
    for (let i = recordStart(batch.pteEnd, j); i < (batch.pteEnd[j] as number); i += 4) {
      if (
        pteKind(t[i + 2] as number) === PteKind.present &&
        pteKind(t[i + 3] as number) !== PteKind.present
      ) {
        this.events.unmap.push(f);
        break;
      }
    }
  }

  /** Index of the batch holding frame `f` (1-based), or -1. */
  private indexOf(f: number): number {
    if (f < 1 || f > this.total) return -1;
    return lastAtOrBefore(this.firsts.array, this.firsts.length, f);
  }

  /** The kept batch holding frame `f` (1-based) and the frame's index inside it, or null. */
  locate(f: number): [FrameBatch, number] | null {
    const b = this.kept.get(this.indexOf(f));
    return b ? [b, f - b.first] : null;
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

  meta(f: number): FrameMeta | null {
    if (f < 1 || f > this.total) return null;
    const where = this.where.array[f - 1] as number;
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
    const named = this.names.map((n) => n.toLowerCase().includes(needle));
    const text = this.narration.matcher(needle);
    return (f) => {
      if (f < 1 || f > this.total) return false;
      const where = this.where.array[f - 1] as number;
      return named[where & 0xffff] === true || named[where >>> 16] === true || text(f);
    };
  }

  /** The step number frame `f` belongs to (-1 for frame 0). */
  stepAt(f: number): number {
    const i = lastAtOrBefore(this.stepStarts.array, this.stepStarts.length, f);
    return i < 0 ? -1 : (this.stepIds.array[i] as number);
  }

  /** Bytes the main thread keeps for this run (deltas kept, narration, indexes), for the budget. */
  keptBytes(): number {
    let n = this.narration.bytes + this.where.array.byteLength;
    for (const b of this.kept.values()) for (const buf of batchBuffers(b)) n += buf.byteLength;
    return n;
  }

  // ---- Index queries ---------------------------------------------------------------------------
  /** First frame of the step that frame `f` belongs to (0 for frame 0). */
  stepStartOf(f: number): number {
    const i = lastAtOrBefore(this.stepStarts.array, this.stepStarts.length, f);
    return i < 0 ? 0 : (this.stepStarts.array[i] as number);
  }

  /** Step boundaries (first frames) strictly before / after `f`. */
  prevStepStart(f: number): number | null {
    return before(this.stepStarts.array, this.stepStarts.length, f);
  }
  nextStepStart(f: number): number | null {
    return after(this.stepStarts.array, this.stepStarts.length, f);
  }

  /** The step result (op, return value) that frame `f` belongs to, if reported yet. */
  stepInfoAt(f: number): StepInfo | null {
    if (f < 1 || f > this.total) return null;
    const step = this.stepAt(f);
    return this.steps.find((s) => s.index === step) ?? null;
  }

  /** The phase frame `f` is in, and the frame it starts at (null for frame 0). */
  phaseAt(f: number): { name: string; first: number } | null {
    if (f <= 0) return null;
    const i = lastAtOrBefore(this.phaseStarts.array, this.phaseStarts.length, f);
    if (i < 0) return null;
    const id = this.phaseNameOf.array[i] as number;
    return { name: this.phaseNames[id] ?? "?", first: this.phaseStarts.array[i] as number };
  }

  nextPhaseStart(f: number): number | null {
    return after(this.phaseStarts.array, this.phaseStarts.length, f);
  }
  prevPhaseStart(f: number): number | null {
    return before(this.phaseStarts.array, this.phaseStarts.length, f);
  }

  nextEvent(kind: EventKind, f: number): number | null {
    const g = this.events[kind];
    return after(g.array, g.length, f);
  }
  prevEvent(kind: EventKind, f: number): number | null {
    const g = this.events[kind];
    return before(g.array, g.length, f);
  }

  /** Frames of every event of `kind` so far (a view, not a copy: do not keep it). */
  eventFrames(kind: EventKind): Int32Array {
    const g = this.events[kind];
    return g.array.subarray(0, g.length);
  }

  stepStartFrames(): Int32Array {
    return this.stepStarts.array.subarray(0, this.stepStarts.length);
  }
}
