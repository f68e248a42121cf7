/**
 * Following a seek answer's path (viewState.ts `SeekPath`, made by archive.ts `pathTo`): the UI
 * rebuilds the view at the frame it asked for from the view at frame 0 (a whole keyframe copied
 * in, short ones and frames replayed), and unpacks the frames around it as a slice it can step
 * through at once.
 */
import { applyPacked } from "./compact.ts";
import { resetView } from "./keyframe.ts";
import { applySnap, snapBuffers } from "./keySnap.ts";
import { unpackFrom } from "./unpack.ts";
import { Reader } from "./varint.ts";
import { applyFrame, type FrameBatch, type Init, type SeekPath, type View } from "./viewState.ts";

/**
 * Make `view` the view at frame `target` (a frame of the path's slice, or the one just before
 * it: frame 0), and return the slice (null if the run has no frames). The view's arrays keep
 * their identity. `differs` (ascending), if given, names every page frame where the view, or the
 * view at `target`, can differ from frame 0 (the run's touched ones: see keySnap's applySnap).
 */
export function followPath(
  view: View,
  init: Init,
  path: SeekPath,
  target: number,
  differs?: ArrayLike<number>,
): FrameBatch | null {
  // A whole keyframe sets every PTE itself, writing over the maps' own entries (cheaper than
  // emptying them first).
  if (path.full) applySnap(view, path.full, { zero: init.pages, differs });
  else resetView(view, init);
  const keys = new Reader(path.keys);
  for (const end of path.keyEnds) {
    applyPacked(view, keys, !path.backward);
    keys.pos = end;
  }
  const frames = new Reader(path.frames);
  for (let f = path.at + 1; f < path.sliceFirst; f++) applyPacked(view, frames, true);
  const count = path.last - path.sliceFirst + 1;
  if (count <= 0) return null;
  const slice = unpackFrom(frames, path.sliceFirst, count, view);
  // The view is at the slice's last frame: step back to the one asked for.
  for (let f = path.last; f > target; f--) applyFrame(view, slice, f - slice.first, false);
  return slice;
}

/**
 * The buffers a seek answer's path carries: transferred to the UI, and handed back once followed
 * (Cmd.seekBuffers) for the worker to write later answers into.
 */
export function pathBuffers(path: SeekPath): ArrayBuffer[] {
  const buffers = [path.keys.buffer, path.keyEnds.buffer, path.frames.buffer] as ArrayBuffer[];
  if (path.full) buffers.push(...snapBuffers(path.full));
  return buffers;
}
