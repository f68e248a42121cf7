/**
 * A run's archive answering the UI: a seek (the batch holding the frame, and the view just before
 * that batch, from which the UI steps to the frame) and a batch sent again. Both the session (a
 * worker alone) and the host (a worker beside its producer) answer this way.
 */
import type { Archive } from "./archive.ts";
import { batchBuffers, type Message, Msg } from "./protocol.ts";

export type Answer = [Message, Transferable[]];

/**
 * The answer to a seek to `frame` (clamped to the frames archived so far); without an archive (no
 * run loaded yet), an error naming the seek, carrying `run`.
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
  const want = Number.isFinite(frame) ? Math.max(0, Math.min(archive.total, Math.floor(frame))) : 0;
  const at = want > 0 ? archive.batchStart(want) - 1 : 0;
  const view = archive.diffAt(at);
  // The archive's cursor is now where the batch starts: unpacking it needs no replay.
  const batch = want > 0 ? archive.batchAt(want) : null;
  const transfer = [view.buffer as ArrayBuffer, ...(batch ? batchBuffers(batch) : [])];
  return [{ type: Msg.seek, id, frame: at, view, batch }, transfer];
}

/** The batch holding `frame` sent again, or null if no batch holds it (nothing is sent). */
export function batchAnswer(archive: Archive | null, frame: number): Answer | null {
  const batch = archive && Number.isFinite(frame) ? archive.batchAt(Math.floor(frame)) : null;
  return batch ? [{ type: Msg.batch, batch }, batchBuffers(batch)] : null;
}
