/**
 * A run's archive answering the UI: a seek (the way to the frame from frame 0, and a slice of
 * frames around it, which the UI follows) and a batch sent again. Both the session (a
 * worker alone) and the host (a worker beside its producer) answer this way.
 */
import type { Archive } from "./archive.ts";
import { snapBuffers } from "./keySnap.ts";
import { batchBuffers, type Message, Msg } from "./protocol.ts";

export type Answer = [Message, Transferable[]];

/**
 * Frames sent around a sought frame: enough to step a little both ways at once, while the UI
 * fetches the batches around it.
 */
export const SLICE_BEFORE = 32;
export const SLICE_AFTER = 64;

/**
 * The answer to a seek to `frame` (clamped to the frames archived so far): the way there from
 * frame 0 and a slice of frames around it, for the UI to replay. Without an archive (no run
 * loaded yet), an error naming the seek, carrying `run`.
 */
export function seekAnswer(
  archive: Archive | null,
  id: number,
  frame: number,
  run: number,
): Answer {
  if (!archive) {
    const errors = ["(seek): no scenario is loaded"];
    return [{ type: Msg.error, context: "load", id: null, errors, run }, []];
  }
  const at = Number.isFinite(frame) ? Math.max(0, Math.min(archive.total, Math.floor(frame))) : 0;
  const path = archive.pathTo(at, SLICE_BEFORE, SLICE_AFTER);
  const transfer = [path.keys.buffer, path.keyEnds.buffer, path.frames.buffer] as ArrayBuffer[];
  if (path.full) transfer.push(...snapBuffers(path.full));
  return [{ type: Msg.seek, id, frame: at, path }, transfer];
}

/** The batch holding `frame` sent again, or null if no batch holds it (nothing is sent). */
export function batchAnswer(archive: Archive | null, frame: number): Answer | null {
  const batch = archive && Number.isFinite(frame) ? archive.batchAt(Math.floor(frame)) : null;
  return batch ? [{ type: Msg.batch, batch }, batchBuffers(batch)] : null;
}
