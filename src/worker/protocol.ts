/**
 * The contract between the UI and the simulation worker, and the one module both sides import.
 *
 * The worker owns the kernel model; the UI owns a compact "view state" (typed arrays) that it moves
 * forward and back by applying per-frame deltas. The commands and messages are here; what they
 * carry (layouts, the view state, frame batches and the delta encoding) is in viewState.ts.
 */

import type { FrameBatch, Init, SeekPath } from "./viewState.ts";

// ---- Commands: UI -> worker ------------------------------------------------------------------

export const Cmd = {
  load: "load",
  append: "append",
  insert: "insert",
  restart: "restart",
  seek: "seek",
  batch: "batch",
  recycle: "recycle",
  seekBuffers: "seekBuffers",
} as const;

export type Command =
  /**
   * Validate and run a whole scenario (raw JSON, as a file or URL carries it). `run` names this
   * load: its init and its errors carry it, so the UI can tell them from an earlier load's.
   */
  | { readonly type: typeof Cmd.load; readonly scenario: unknown; readonly run?: number }
  /** Validate one raw step against the current scenario, run it, stream its frames. */
  | { readonly type: typeof Cmd.append; readonly id: number; readonly step: unknown }
  /**
   * Insert one raw step before step `at` (validated like append) and rerun the scenario: a new
   * init and all frames follow, the inserted step's result carrying `id`. `dropLater` drops the
   * steps after it.
   */
  | {
      readonly type: typeof Cmd.insert;
      readonly id: number;
      readonly at: number;
      readonly step: unknown;
      readonly dropLater: boolean;
    }
  /** Reload the last scenario (with its appended steps) from scratch, e.g. after a crash. */
  | { readonly type: typeof Cmd.restart }
  /**
   * Rebuild the view at `frame` and send it with the batch holding that frame (the UI keeps only
   * the batches near where it is). Answered by a seek message carrying `id`.
   */
  | { readonly type: typeof Cmd.seek; readonly id: number; readonly frame: number }
  /** Send again the batch holding `frame` (the UI fetches the ones beside the frame on screen). */
  | { readonly type: typeof Cmd.batch; readonly frame: number }
  /**
   * Hand back (transferred) the buffers of batches the UI is done with (the deltas of a batch it
   * drops, say): the worker writes later batches into them. Optional: the worker allocates what
   * it lacks. Memory the process has not touched before is dear to fault in (in a VM, a page
   * costs tens of microseconds); reused memory is not.
   */
  | { readonly type: typeof Cmd.recycle; readonly buffers: readonly ArrayBuffer[] }
  /**
   * Hand back (transferred) the buffers of a seek answer once it has been followed: the worker
   * writes later answers into them. A whole keyframe alone is about 1 MiB; copying it into new
   * memory took the worker 2–30 ms in Chromium, into reused memory 0.1 ms.
   */
  | { readonly type: typeof Cmd.seekBuffers; readonly buffers: readonly ArrayBuffer[] };

// ---- Messages: worker -> UI ------------------------------------------------------------------

export const Msg = {
  error: "error",
  init: "init",
  frames: "frames",
  step: "step",
  done: "done",
  seek: "seek",
  batch: "batch",
} as const;

/** How the notice a run's frame limit ends it with begins (session.ts). */
export const FRAME_LIMIT_SAID = "this run is longer than a browser tab can keep";

/** Why the simulation worker failed, in words: running out of memory is named as such. */
export function workerFailure(message: string): string {
  if (/allocation failed|out of memory|invalid (typed )?array length/i.test(message))
    return `the browser ran out of memory for this run (${message}). Every frame made before is kept; a smaller scenario, or the CLI (npm run sim), runs it.`;
  return `the simulation worker failed: ${message}`;
}

export type Message =
  | {
      readonly type: typeof Msg.error;
      /**
       * load: the scenario is invalid; append: the step is invalid (or comes after the frame
       * limit); crash: the model threw; limit: the run stopped at the browser's frame limit, every
       * frame so far kept (a notice: the run is complete as far as it goes).
       */
      readonly context: "load" | "append" | "crash" | "limit";
      /**
       * The call an error ends, if one: "append", the append (or insert) command refused;
       * "crash", the call whose step threw. A rerun after an insert that fails before its init
       * (context "load" or "crash") names the insert: the rerun keeps the run's number, and the
       * UI, waiting for it, must tell its end from an error of the run it replaces.
       */
      readonly id: number | null;
      /** Each names its field, e.g. `steps[5].addr: address must be ...` (append: `addr: ...`). */
      readonly errors: readonly string[];
      /**
       * The load (its `run`) this error belongs to: for context "load", the load refused (a
       * rerun after an insert carries the run's own number).
       */
      readonly run: number;
    }
  | { readonly type: typeof Msg.init; readonly init: Init }
  | { readonly type: typeof Msg.frames; readonly batch: FrameBatch }
  | {
      readonly type: typeof Msg.step;
      /** Append command id, or null for a step of the loaded scenario. */
      readonly id: number | null;
      readonly index: number;
      readonly op: string;
      readonly ret: string | number;
      /** Frames this step produced: global frame numbers [firstFrame, firstFrame + frames). */
      readonly firstFrame: number;
      readonly frames: number;
    }
  /** The loaded scenario has run to its end; `frames` in all. */
  | { readonly type: typeof Msg.done; readonly frames: number }
  /**
   * The answer to a seek command: how to rebuild the view at `frame` (the frame asked for, clamped
   * to the frames made so far) from the view at frame 0, and the frames just around it, packed as
   * the worker keeps them (src/worker/seekPath.ts `followPath`). The worker only copies bytes; the
   * UI does the replay, so a seek costs one pass over them, not two.
   */
  | {
      readonly type: typeof Msg.seek;
      readonly id: number;
      readonly frame: number;
      readonly path: SeekPath;
    }
  /** The answer to a batch command: the batch holding the frame, sent again (as `unpack` makes it). */
  | { readonly type: typeof Msg.batch; readonly batch: FrameBatch };
