/**
 * A run's archive answering the UI: a seek (the way to the frame from frame 0, and a slice of
 * frames around it, which the UI follows) and a batch sent again. Both the session (a
 * worker alone) and the host (a worker beside its producer) answer this way.
 */
import type { Archive } from "./archive.ts";
import type { BufferPool } from "./grow.ts";
import { type Message, Msg } from "./protocol.ts";
import { pathBuffers } from "./seekPath.ts";
import { batchBuffers } from "./viewState.ts";

export type Answer = [Message, Transferable[]];

/**
 * Frames sent around a sought frame: enough to step a little both ways at once, while the UI
 * fetches the batches around it.
 */
export const SLICE_BEFORE = 32;
export const SLICE_AFTER = 64;

/**
 * Bytes of handed-back seek answers a worker keeps: a few answers' worth (on the million-frame
 * run a whole keyframe is about 1.3 MiB, the short keyframes up to 0.4 MiB, the frames 0.2 MiB).
 */
export const SEEK_POOL_BYTES = 8 * 2 ** 20;

/**
 * The answer to a seek to `frame` (clamped to the frames archived so far): the way there from
 * frame 0 and a slice of frames around it, for the UI to replay, written into buffers the UI
 * handed back from earlier answers (`pool`, Cmd.seekBuffers) when it has them. Without an archive
 * (no run loaded yet), an error naming the seek, carrying `run`.
 */
export function seekAnswer(
  archive: Archive | null,
  id: number,
  frame: number,
  run: number,
  pool?: BufferPool,
): Answer {
  if (!archive) {
    const errors = ["(seek): no scenario is loaded"];
    return [{ type: Msg.error, context: "load", id: null, errors, run }, []];
  }
  const at = Number.isFinite(frame) ? Math.max(0, Math.min(archive.total, Math.floor(frame))) : 0;
  const path = archive.pathTo(at, SLICE_BEFORE, SLICE_AFTER, pool);
  return [{ type: Msg.seek, id, frame: at, path }, pathBuffers(path)];
}

/** The batch holding `frame` sent again, or null if no batch holds it (nothing is sent). */
export function batchAnswer(archive: Archive | null, frame: number): Answer | null {
  const batch = archive && Number.isFinite(frame) ? archive.batchAt(Math.floor(frame)) : null;
  return batch ? [{ type: Msg.batch, batch }, batchBuffers(batch)] : null;
}
