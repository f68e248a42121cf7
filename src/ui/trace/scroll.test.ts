import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  followTop,
  framesBySlot,
  MAX_PX,
  pastAndCurrent,
  realTop,
  scaleFor,
  virtualTop,
  wholeRealTop,
} from "./scroll.ts";

const ROW = 60;

describe("the trace list's scale", () => {
  it("is one to one while the rows fit, and reaches the last row exactly when they do not", () => {
    expect(scaleFor(1000, ROW, 330)).toEqual({ height: 60_000, ratio: 1 });
    const s = scaleFor(1_000_000, ROW, 330);
    expect(s.height).toBe(MAX_PX);
    // Scrolled to the bottom of the real list, the view's top is the last view's virtual top.
    expect(virtualTop(s, MAX_PX - 330)).toBeCloseTo(1_000_000 * ROW - 330, 3);
    expect(realTop(s, virtualTop(s, 12_345))).toBeCloseTo(12_345, 6);
  });
});

describe("following the current frame", () => {
  const inView = (cur: number, top: number, height: number) =>
    (cur - 1) * ROW >= top && cur * ROW <= top + height;
  const N = 100_000;

  it("leaves the list alone while the current row is in view", () => {
    expect(followTop(3, 2, 0, 330, ROW, N)).toBeNull();
    expect(followTop(5, 4, 0, 330, ROW, N)).toBeNull();
    expect(followTop(0, 1, 600, 330, ROW, N)).toBeNull();
  });

  it("pages forward on a step past the bottom, one row of the past kept in view", () => {
    // Rows 1-5 are whole in a 330 px list from the top; row 6 is not.
    expect(followTop(6, 5, 0, 330, ROW, N)).toBe(4 * ROW);
    // Then four more steps before the next move.
    for (let cur = 7; cur <= 9; cur++)
      expect(followTop(cur, cur - 1, 4 * ROW, 330, ROW, N)).toBeNull();
    expect(followTop(10, 9, 4 * ROW, 330, ROW, N)).toBe(8 * ROW);
  });

  it("pages back on a step above the top, one row after it kept in view", () => {
    // Rows 11-15 in view; stepping back to 10 shows rows 7-11 whole, row 10 fourth.
    expect(followTop(10, 11, 10 * ROW, 330, ROW, N)).toBe(6 * ROW);
    for (let cur = 9; cur >= 7; cur--)
      expect(followTop(cur, cur + 1, 6 * ROW, 330, ROW, N)).toBeNull();
    // Near the start it stops at the top.
    expect(followTop(2, 3, 2 * ROW, 330, ROW, N)).toBe(0);
  });

  it("puts the row a jump lands on third from the top", () => {
    expect(followTop(500, 20, 0, 330, ROW, N)).toBe(497 * ROW);
    expect(followTop(2, 900, 800 * ROW, 330, ROW, N)).toBe(0);
  });

  it("never scrolls past the end of the list", () => {
    // The last row, jumped to or paged onto: the list's bottom is its last row's.
    expect(followTop(N, 1, 0, 330, ROW, N)).toBe(N * ROW - 330);
    expect(followTop(N - 2, N - 3, (N - 9) * ROW, 330, ROW, N)).toBe(N * ROW - 330);
    // A list shorter than its box stays at the top.
    expect(followTop(3, 0, 600, 330, ROW, 3)).toBe(0);
  });

  it("brings the current row whole into view by its rule, whatever the list's height", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.oneof(fc.constantFrom(-1, 1), fc.integer({ min: -2000, max: 2000 })),
        fc.integer({ min: -30 * ROW, max: 30 * ROW }),
        fc.integer({ min: ROW, max: 1200 }),
        (cur, more, move, off, height) => {
          const total = cur + more;
          const prev = cur - move;
          const end = Math.max(0, total * ROW - height);
          // Scrolled near the row, as a list that followed it is.
          const shown = Math.min(end, Math.max(0, (cur - 1) * ROW + off));
          const to = followTop(cur, prev, shown, height, ROW, total);
          if (to === null) {
            expect(inView(cur, shown, height)).toBe(true);
            return;
          }
          expect(inView(cur, shown, height)).toBe(false);
          expect(to).toBeGreaterThanOrEqual(0);
          expect(to).toBeLessThanOrEqual(end);
          expect(inView(cur, to, height)).toBe(true);
          if (to === end || to === 0) return;
          // Away from the ends, the rule's own row of context is in view too.
          if (move === 1 && height >= 2 * ROW) expect(inView(cur - 1, to, height)).toBe(true);
          else if (move === -1 && height >= 2 * ROW) expect(inView(cur + 1, to, height)).toBe(true);
          else if (move !== 1 && move !== -1 && height >= 3 * ROW) expect(to).toBe((cur - 3) * ROW);
        },
      ),
    );
  });
});

describe("the boxes under the rows", () => {
  it("shade exactly the past rows in view and highlight the current row when it is in the list", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 200, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: -20, max: 20 }),
        (total, viewport, at, near) => {
          const s = scaleFor(total, ROW, viewport);
          const scroll = Math.round(at * Math.max(0, s.height - viewport));
          const vTop = virtualTop(s, scroll);
          // The current frame near the view (in it, just out of it) or anywhere at all.
          const inView = Math.floor(vTop / ROW) + 1 + near;
          const cur = Math.min(total, Math.max(1, near === 20 ? Math.ceil(at * total) : inView));
          const rowTop = scroll + (cur - 1) * ROW - vTop;
          const { past, here } = pastAndCurrent(rowTop, s.height, ROW);
          // Both inside the list: neither lengthens it.
          expect(past).toBeGreaterThanOrEqual(0);
          expect(past).toBeLessThanOrEqual(s.height);
          expect(here + ROW).toBeLessThanOrEqual(s.height);
          // In the view, a row is shaded (at its middle) exactly when its frame is before the
          // current one.
          for (let y = scroll; y < scroll + viewport; y += ROW) {
            const f = Math.floor((vTop + (y - scroll)) / ROW) + 1;
            if (f > total) break;
            const top = scroll + (f - 1) * ROW - vTop;
            // A row whose middle is above the list's top (a scaled list's first row, partly
            // scrolled off) has no middle in the list for the band to cover or not.
            if (top + ROW / 2 < 0) continue;
            expect(top + ROW / 2 < past).toBe(f < cur);
          }
          // The current row, when in view, is highlighted where it is drawn.
          if (rowTop >= scroll && rowTop + ROW <= scroll + viewport) expect(here).toBe(rowTop);
        },
      ),
      // Found by a run: the first row's middle a few millionths of a pixel above the list.
      { examples: [[933_294, 394, 5.625277044894461e-7, 0]] },
    );
  });

  it("draws neither at frame 0", () => {
    expect(pastAndCurrent(null, 6000, ROW)).toEqual({ past: 0, here: -ROW });
  });
});

describe("following in whole pixels", () => {
  it("keeps the current row wholly in view and the list within its end", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 200, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(-1, 1, 0),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (total, viewport, at, step, shownAt) => {
          const s = scaleFor(total, ROW, viewport);
          const cur = Math.max(1, Math.ceil(at * total));
          const prev = step === 0 ? 0 : cur - step;
          const shown = shownAt * Math.max(0, total * ROW - viewport);
          const to = followTop(cur, prev, shown, viewport, ROW, total);
          if (to === null) return;
          const top = wholeRealTop(s, to);
          expect(Number.isInteger(top)).toBe(true);
          expect(top).toBeLessThanOrEqual(Math.max(0, s.height - viewport));
          const v = virtualTop(s, top);
          expect((cur - 1) * ROW).toBeGreaterThanOrEqual(v - 1e-6);
          expect(cur * ROW).toBeLessThanOrEqual(v + viewport + 1e-6);
        },
      ),
    );
  });
});

describe("the trace rows' order in the page", () => {
  it("lists every frame drawn once, by slot, so a window that moves keeps each remaining frame's place", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 2_000_000 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: -12, max: 12 }),
        (slots, first, span, shift) => {
          const last = first + Math.min(span, slots) - 1;
          const order = framesBySlot(first, last, slots);
          // Every frame of the window once, in ascending slot order.
          expect([...order].sort((a, b) => a - b)).toEqual(
            Array.from({ length: last - first + 1 }, (_, i) => first + i),
          );
          const slotOf = (f: number) => f % slots;
          expect(order.map(slotOf)).toEqual([...order.map(slotOf)].sort((a, b) => a - b));
          // The window moved: the frames in both keep their order relative to each other (React
          // moves no row), and each keeps its slot.
          const moved = framesBySlot(Math.max(1, first + shift), Math.max(1, last + shift), slots);
          const both = order.filter((f) => moved.includes(f));
          expect(moved.filter((f) => order.includes(f))).toEqual(both);
        },
      ),
    );
  });
});
