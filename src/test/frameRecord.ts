import type { FrameBatch } from "../worker/viewState.ts";

/** What frame `j` of a batch (or slice) says: its deltas and where it is. */
export function frameRecord(b: FrameBatch, j: number) {
  const part = (a: ArrayLike<number>, end: Uint32Array) => [
    ...Array.prototype.slice.call(a, j > 0 ? (end[j - 1] as number) : 0, end[j] as number),
  ];
  return {
    frame: b.first + j,
    where: [b.step[j], b.fn[j], b.file[j], b.layout[2 * j], b.layout[2 * j + 1]],
    pages: part(b.pages, b.pageEnd),
    ptes: part(b.ptes, b.pteEnd),
    slots: part(b.slots, b.slotEnd),
    counters: part(b.counters, b.counterEnd),
    moves: part(b.moves, b.moveEnd),
  };
}
