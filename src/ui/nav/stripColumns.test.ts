import { scaleLinear } from "d3-scale";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventColumns } from "./stripColumns.ts";

/** What the strip drew before: every event binned, one pass. */
function everyEvent(frames: number[], shown: number, x: (f: number) => number): number[] {
  const cols = new Set<number>();
  for (const f of frames) if (f <= shown) cols.add(Math.round(x(f)));
  return [...cols];
}

describe("eventColumns", () => {
  it("marks exactly the columns a pass over every event marks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), { maxLength: 400 }),
        fc.integer({ min: 1, max: 6000 }),
        fc.integer({ min: 2, max: 3000 }),
        (raw, shown, width) => {
          const frames = [...new Set(raw)].sort((a, b) => a - b);
          const x = scaleLinear()
            .domain([0, shown])
            .range([0, width - 1]);
          expect(eventColumns(Int32Array.from(frames), shown, x)).toEqual(
            everyEvent(frames, shown, x),
          );
        },
      ),
    );
  });

  it("skips the events of a crowded column without visiting them all", () => {
    const frames = Int32Array.from({ length: 1_000_000 }, (_, i) => i + 1);
    let calls = 0;
    const x = (f: number) => {
      calls++;
      return (f * 99) / 1_000_000;
    };
    expect(eventColumns(frames, 1_000_000, x)).toEqual(Array.from({ length: 100 }, (_, c) => c));
    expect(calls).toBeLessThan(100 * 60);
  });
});
