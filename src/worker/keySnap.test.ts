import { describe, expect, it } from "vitest";
import { growI32 } from "./grow.ts";
import { applySnap, snapView } from "./keySnap.ts";
import { plainView } from "./viewCopy.ts";
import { PAGE_COLS, type View } from "./viewState.ts";

function view(pages: number, ptes: [number, number, number][]): View {
  const v: View = {
    pages: new Int32Array(pages * PAGE_COLS),
    slots: new Int32Array(4),
    counters: new Float64Array(3),
    ptes: new Map(),
    layout: 0,
  };
  for (const [pid, vpn, code] of ptes) {
    const m = v.ptes.get(pid) ?? new Map<number, number>();
    m.set(vpn, code);
    v.ptes.set(pid, m);
  }
  return v;
}

/** One byte per page frame, set on `pfns`: the touched marks a snapshot reads. */
function marks(pages: number, pfns: number[]): Uint8Array {
  const m = new Uint8Array(pages);
  for (const pfn of pfns) m[pfn] = 1;
  return m;
}

describe("whole keyframes", () => {
  it("copy the touched page frames in runs and make the PTEs exactly the snapshot's, whatever the view held", () => {
    const at = view(16, [
      [1, 0x10, 17],
      [1, 0x11, 33],
      [2, 0x20, 49],
    ]);
    for (const pfn of [3, 4, 5, 9, 12])
      at.pages.fill(pfn + 1, pfn * PAGE_COLS, (pfn + 1) * PAGE_COLS);
    at.slots.set([1, 2, 3, 4]);
    at.counters.set([5, 6, 7]);
    at.layout = 2;
    const snap = snapView(at, marks(16, [12, 4, 9, 3, 5]));
    expect([...snap.runs]).toEqual([3, 3, 9, 1, 12, 1]);

    // A view at frame 0 on its pages, but with PTEs of another frame: one the snapshot also has
    // (another code), one it lacks, and a process (pid 3) it does not know.
    const later = view(16, [
      [1, 0x10, 18],
      [1, 0x12, 65],
      [3, 0x30, 81],
    ]);
    const touched = { mark: new Uint8Array(16), list: growI32() };
    applySnap(later, snap, { touched });
    expect(plainView(later)).toEqual(plainView(at));
    expect([...touched.list.array.subarray(0, touched.list.length)].sort((a, b) => a - b)).toEqual([
      3, 4, 5, 9, 12,
    ]);
  });
  it("given frame 0's page rows, bring a view left at any frame to the snapshot's, the frames between and after its runs too", () => {
    const zero = new Int32Array(16 * PAGE_COLS).fill(-1);
    const at = view(16, []);
    at.pages.set(zero);
    for (const pfn of [3, 4, 9]) at.pages.fill(pfn + 1, pfn * PAGE_COLS, (pfn + 1) * PAGE_COLS);
    const snap = snapView(at, marks(16, [3, 4, 9]));
    // A later frame: page frames the snapshot's run left alone changed, before, between and after
    // its runs (0, 6, 15), and one of its own (4).
    const later = view(16, []);
    later.pages.set(at.pages);
    for (const pfn of [0, 4, 6, 15]) later.pages.fill(99, pfn * PAGE_COLS, (pfn + 1) * PAGE_COLS);
    applySnap(later, snap, { zero });
    expect(plainView(later)).toEqual(plainView(at));
  });
  it("write a snapshot's codes over a map holding its addresses, in that order or any other", () => {
    const vpn = 0x7f0000000; // above 2^31, as a real process's addresses are
    const at = view(4, [
      [1, vpn, 17],
      [1, vpn + 1, 33],
      [1, vpn + 2, 49],
    ]);
    const snap = snapView(at, marks(4, []));
    const sameOrder = view(4, [
      [1, vpn, 18],
      [1, vpn + 1, 33],
      [1, vpn + 2, 50],
    ]);
    const otherOrder = view(4, [
      [1, vpn + 2, 50],
      [1, vpn, 18],
      [1, vpn + 1, 34],
    ]);
    for (const v of [sameOrder, otherOrder]) {
      applySnap(v, snap);
      expect([...(v.ptes.get(1) ?? [])].sort((a, b) => a[0] - b[0])).toEqual([
        [vpn, 17],
        [vpn + 1, 33],
        [vpn + 2, 49],
      ]);
    }
  });
});
