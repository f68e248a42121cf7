/**
 * The page frames some frame of a run changes, each noted once as the frames arrive. Every other
 * page frame is, at every frame the UI can show, as it is at frame 0: a far move need reclassify
 * only these (on the million-frame run, 23,040 of the large machine's 131,072 page frames).
 */
import type { Touched } from "../../worker/compact.ts";
import { growI32 } from "../../worker/grow.ts";
import { notePages } from "../../worker/keyframe.ts";
import type { DeltaRecords } from "../../worker/viewState.ts";

export class TouchedPfns {
  private readonly touched: Touched;

  constructor(pageFrames: number) {
    this.touched = { mark: new Uint8Array(pageFrames), list: growI32() };
  }

  /** Note the page frames a batch's frames change. */
  note(batch: DeltaRecords): void {
    notePages(this.touched, batch.pages);
  }

  /** Each page frame noted so far, once, in the order first noted. */
  list(): Int32Array {
    return this.touched.list.array.subarray(0, this.touched.list.length);
  }
}
