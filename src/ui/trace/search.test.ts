import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMatch, matchScan, nextIn, rankOf } from "./search.ts";

/** A run of `total` frames where the query matches exactly the frames of `hits`. */
const runWith = (total: number, hits: readonly number[]) => ({
  total,
  matcher: () => (f: number) => hits.includes(f),
});

const arbRun = fc
  .integer({ min: 1, max: 60 })
  .chain((total) =>
    fc.tuple(
      fc.constant(total),
      fc.uniqueArray(fc.integer({ min: 1, max: total }), { maxLength: total }),
    ),
  );

describe("trace search", () => {
  it("a scan in slices of any size finds every match, in order, and only once complete", () => {
    fc.assert(
      fc.property(arbRun, fc.integer({ min: 1, max: 70 }), ([total, hits], budget) => {
        const scan = matchScan(runWith(total, hits), "pfn");
        let list: Int32Array | null = null;
        let slices = 0;
        while (list === null) {
          list = scan.step(budget);
          slices++;
        }
        expect(slices).toBe(Math.max(1, Math.ceil(total / budget)));
        expect([...list]).toEqual([...hits].sort((a, b) => a - b));
      }),
    );
  });

  it("jumps from the list of matches land where the frame-by-frame search does, wrapping", () => {
    fc.assert(
      fc.property(arbRun, fc.nat(), fc.boolean(), ([total, hits], from, forward) => {
        const run = runWith(total, hits);
        const list = matchScan(run, "pfn").step(total) as Int32Array;
        const at = from % (total + 1);
        const dir = forward ? 1 : -1;
        expect(nextIn(list, at, dir)).toBe(findMatch(run, at, "pfn", dir));
      }),
    );
  });

  it("ranks a match from 1 among all matches, and a frame that is not one as 0", () => {
    const list = matchScan(runWith(20, [15, 3, 9]), "x").step(20) as Int32Array;
    expect([3, 9, 15].map((f) => rankOf(list, f))).toEqual([1, 2, 3]);
    expect(rankOf(list, 10)).toBe(0);
    expect(rankOf(list, 16)).toBe(0);
  });

  it("an empty query matches nothing", () => {
    expect(matchScan(runWith(5, [1, 2]), "  ").step(5)).toEqual(new Int32Array(0));
    expect(findMatch(runWith(5, [1, 2]), 0, " ", 1)).toBeNull();
  });
});
