/**
 * Folding a run's frames into its checkpoints once it has streamed in (Timeline.foldCheckpoints),
 * a few milliseconds at a time between other work, until they are all folded or a new run
 * replaces this one.
 */
import type { RunState } from "./state.ts";

/** Main-thread time per slice of folding. */
const FOLD_SLICE_MS = 8;

/** A function that starts folding the current run's checkpoints, if it is not already. */
export function checkpointFolder(get: () => RunState): () => void {
  let folding = false;
  return () => {
    const tl = get().timeline;
    if (folding || !tl) return;
    folding = true;
    const slice = () => {
      if (get().timeline !== tl) {
        folding = false;
        return;
      }
      const t0 = performance.now();
      if (tl.foldCheckpoints(() => performance.now() - t0 > FOLD_SLICE_MS)) folding = false;
      else setTimeout(slice, 0);
    };
    setTimeout(slice, 0);
  };
}
