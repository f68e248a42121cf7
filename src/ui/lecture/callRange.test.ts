import { describe, expect, it } from "vitest";
import { stretchNote } from "../export/ExportMenu.tsx";
import { callRange } from "./callRange.ts";

/** A run whose frames 1-10 are call 0, 11-114 call 1 (a long mbind), 115-120 call 2. */
const run = (cur: number) => ({
  cur,
  total: 120,
  timeline: { meta: (f: number) => ({ step: f <= 10 ? 0 : f <= 114 ? 1 : 2 }) },
});

describe("the stretch of a call an animation records", () => {
  it("is a short call whole", () => {
    expect(callRange(run(5))).toEqual({ first: 1, last: 10, call: { first: 1, last: 10 } });
    expect(stretchNote(callRange(run(5)))).toBe("");
  });

  it("is 20 frames of a long one, from the frame on screen (or 19 before it), and says so", () => {
    const r = callRange(run(60));
    expect(r).toEqual({ first: 41, last: 60, call: { first: 11, last: 114 } });
    expect(stretchNote(r)).toBe(
      " It holds frames 41-60 of this call's 11-114 (20 frames a file): step elsewhere in the call to record another stretch.",
    );
    expect(callRange(run(12))).toMatchObject({ first: 11, last: 30 });
  });
});
