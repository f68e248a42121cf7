/**
 * The index of a run's frames that the timeline keeps (timeline.ts extends it): each frame's
 * function and file, where each system call (step) and each phase begins, what each step
 * returned, and the frames of each kind of event (fault, migration, unmap, system call, error
 * return), built as the batches arrive and searched by bisection.
 */
import { type Grow, growI32, growU32 } from "../../worker/grow.ts";
import { type FrameBatch, PteKind, pteKind, recordStart } from "../../worker/viewState.ts";
import { after, before, lastAtOrBefore } from "./bisect.ts";
import { nextPhase } from "./phases.ts";

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

const isError = (ret: string | number) => (typeof ret === "string" ? ret.startsWith("-") : ret < 0);

export class RunIndex {
  /** Function and file names, interned: indexes as the batches give them. */
  readonly names: string[] = [];
  readonly steps: StepInfo[] = [];
  /** Frames received so far. */
  total = 0;
  /** Per frame: fn | file << 16 (indexes into `names`). */
  private readonly where = growU32();
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

  constructor(counterNames: readonly string[]) {
    this.pgfault = counterNames.indexOf("pgfault");
    this.pgmigrate = counterNames.indexOf("pgmigrate_success");
  }

  /**
   * The run has streamed in: drop the room the indexes grew for frames still to come (on the
   * million-frame run, 4 MiB of 8 for its frames' functions, as much for its 539,204 phases). A
   * call that adds frames grows them again.
   */
  fit(): void {
    for (const g of [this.where, this.stepStarts, this.stepIds, this.phaseStarts, this.phaseNameOf])
      g.fit();
    for (const g of Object.values(this.events)) g.fit();
  }

  /** Record a step's result (the worker sends it after the step's frames). */
  addStep(info: StepInfo): void {
    this.steps.push(info);
    if (isError(info.ret) && info.frames > 0) {
      this.events.error.push(info.firstFrame + info.frames - 1);
    }
  }

  /** Frame `f`'s function and file, as indexes into `names` (fn | file << 16). */
  protected whereAt(f: number): number {
    return this.where.array[f - 1] as number;
  }

  /** Bytes of the per-frame index, for the memory budget. */
  protected indexBytes(): number {
    return this.where.array.byteLength;
  }

  protected indexFrame(batch: FrameBatch, j: number, f: number): void {
    this.where.push((batch.fn[j] as number) | ((batch.file[j] as number) << 16));
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

  /** The step number frame `f` belongs to (-1 for frame 0). */
  stepAt(f: number): number {
    const i = lastAtOrBefore(this.stepStarts.array, this.stepStarts.length, f);
    return i < 0 ? -1 : (this.stepIds.array[i] as number);
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

  /** "mbind · unmap": the call frame `f` belongs to and its phase ("" for frame 0). */
  phaseLabel(f: number): string {
    const phase = this.phaseAt(f)?.name ?? "";
    const op = this.stepInfoAt(f)?.op;
    // A step with no phases of its own has one, named after the function: "get_page", once.
    return op && op !== phase ? `${op} · ${phase}` : (op ?? phase);
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
