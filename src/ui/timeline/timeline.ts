/**
 * The timeline of one run: what the UI knows of it, and how to move a view along it.
 *
 * Pure TypeScript (no React, no worker globals), so tests and benchmarks drive it in Node. It holds
 * the frame batches as they arrive and indexes them as they come:
 * - steps (system calls): where each begins, from the frames' step numbers, and what it returned;
 * - phases (see phases.ts): where each begins and its name;
 * - events by kind (fault, migration, unmap, system call, error return), for "next fault" etc.;
 * - checkpoints: every BLOCK frames squashed into one reversible delta (checkpoint.ts), and every
 *   PER_SUPER blocks into a superblock, so a far seek applies a few superblocks, a few blocks and
 *   then at most about one block's frames, instead of every frame between.
 * It only grows while a run streams in; a new run gets a new timeline.
 */
import { type Grow, growI32 } from "../../worker/grow.ts";
import {
  applyFrame,
  batchBuffers,
  type DeltaRecords,
  type FrameBatch,
  frameText,
  type Init,
  type LayoutSnap,
  PteKind,
  pteKind,
  recordStart,
  type View,
} from "../../worker/protocol.ts";
import { after, before, lastAtOrBefore } from "./bisect.ts";
import { deltaBytes, Squasher } from "./checkpoint.ts";
import { nextPhase } from "./phases.ts";

/** Frames per checkpoint block: a far seek steps through at most this many single frames. */
export const BLOCK = 512;
/** Blocks per superblock: a million-frame seek applies tens of superblocks, not thousands of blocks. */
export const PER_SUPER = 32;

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
  readonly batches: FrameBatch[] = [];
  readonly names: string[] = [];
  readonly layouts: LayoutSnap[];
  readonly steps: StepInfo[] = [];
  total = 0;
  /** Bytes of the typed arrays received (the transferred buffers), for the benchmark. */
  bytes = 0;
  /** Bytes held by checkpoints. */
  checkpointBytes = 0;

  private readonly stepStarts = growI32();
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
  private readonly blocks: DeltaRecords[] = [];
  private building = new Squasher();
  private readonly supers: DeltaRecords[] = [];
  private buildingSuper = new Squasher();
  private lastStep = -1;
  private phase: string | null = null;
  private readonly pgfault: number;
  private readonly pgmigrate: number;

  /** `block`, `perSuper`: checkpoint sizes (tests use small ones to exercise many of them). */
  constructor(
    readonly init: Init,
    readonly block = BLOCK,
    readonly perSuper = PER_SUPER,
  ) {
    this.layouts = [init.layout];
    this.pgfault = init.counterNames.indexOf("pgfault");
    this.pgmigrate = init.counterNames.indexOf("pgmigrate_success");
  }

  /** Take in the next batch: store it, index its frames, fold them into checkpoints. */
  add(batch: FrameBatch): void {
    this.batches.push(batch);
    this.names.push(...batch.names);
    this.layouts.push(...batch.layouts);
    for (const buf of batchBuffers(batch)) this.bytes += buf.byteLength;
    for (let j = 0; j < batch.count; j++) {
      const f = batch.first + j;
      this.indexFrame(batch, j, f);
      this.building.add(batch, j);
      if (this.building.frames === this.block) {
        const d = this.building.finish();
        this.blocks.push(d);
        this.checkpointBytes += deltaBytes(d);
        this.building = new Squasher();
        this.buildingSuper.add(d, 0);
        if (this.buildingSuper.frames === this.perSuper) {
          const sd = this.buildingSuper.finish();
          this.supers.push(sd);
          this.checkpointBytes += deltaBytes(sd);
          this.buildingSuper = new Squasher();
        }
      }
    }
    this.total += batch.count;
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

  /** The batch holding frame `f` (1-based) and the frame's index inside it. */
  locate(f: number): [FrameBatch, number] | null {
    const bs = this.batches;
    let lo = 0;
    let hi = bs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = bs[mid] as FrameBatch;
      if (f < b.first) hi = mid - 1;
      else if (f >= b.first + b.count) lo = mid + 1;
      else return [b, f - b.first];
    }
    return null;
  }

  meta(f: number): FrameMeta | null {
    const at = this.locate(f);
    if (!at) return null;
    const [b, j] = at;
    return {
      fn: this.names[b.fn[j] as number] ?? "?",
      file: this.names[b.file[j] as number] ?? "?",
      text: frameText(b, j),
      step: b.step[j] as number,
    };
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
    const m = f > 0 ? this.meta(f) : null;
    if (!m) return null;
    return this.steps.find((s) => s.index === m.step) ?? null;
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

  // ---- Moving a view ----------------------------------------------------------------------------

  /**
   * Move `view` from frame `from` to frame `to` (both within [0, total]). Near moves apply the
   * frames between; far ones step to the nearest block boundary, cross by superblocks and blocks
   * (blocksBetween), and step from the boundary nearest the target: about one block's frames.
   */
  seek(view: View, from: number, to: number): void {
    const B = this.block;
    if (Math.abs(to - from) <= B) {
      this.applyBetween(view, from, to);
      return;
    }
    const covered = this.blocks.length * B;
    const near = (f: number) => Math.min(covered, Math.round(f / B) * B);
    const bFrom = near(from);
    const bTo = near(to);
    this.applyBetween(view, from, bFrom);
    this.blocksBetween(view, bFrom, bTo);
    this.applyBetween(view, bTo, to);
  }

  /** From block boundary `a` to block boundary `b`: blocks to the nearest superblock edges. */
  private blocksBetween(view: View, a: number, b: number): void {
    const S = this.block * this.perSuper;
    const covered = this.supers.length * S;
    const near = (f: number) => Math.min(covered, Math.round(f / S) * S);
    const sa = near(a);
    const sb = near(b);
    if (Math.abs(b - a) <= S || sa === sb) {
      applyUnits(view, this.blocks, this.block, a, b);
      return;
    }
    applyUnits(view, this.blocks, this.block, a, sa);
    applyUnits(view, this.supers, S, sa, sb);
    applyUnits(view, this.blocks, this.block, sb, b);
  }

  private applyBetween(view: View, from: number, to: number): void {
    for (let f = from; f < to; f++) {
      const at = this.locate(f + 1);
      if (!at) return;
      applyFrame(view, at[0], at[1], true);
    }
    for (let f = from; f > to; f--) {
      const at = this.locate(f);
      if (!at) return;
      applyFrame(view, at[0], at[1], false);
    }
  }
}

/** Apply the squashed deltas that take a view from boundary `a` to boundary `b` (multiples of `unit`). */
function applyUnits(view: View, deltas: DeltaRecords[], unit: number, a: number, b: number): void {
  for (let k = a / unit; k < b / unit; k++) applyFrame(view, deltas[k] as DeltaRecords, 0, true);
  for (let k = a / unit - 1; k >= b / unit; k--)
    applyFrame(view, deltas[k] as DeltaRecords, 0, false);
}
