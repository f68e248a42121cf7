import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CounterCells, type CounterSink, deltaText } from "./counterCells.ts";

/** A sink that keeps what each cell shows and counts the writes. */
function recorder(count: number) {
  const shown = Array.from({ length: count }, () => ({ value: "", delta: "", marked: false }));
  let writes = 0;
  const sink: CounterSink = {
    value: (i, text) => {
      writes++;
      (shown[i] as { value: string }).value = text;
    },
    delta: (i, text) => {
      writes++;
      (shown[i] as { delta: string }).delta = text;
    },
    marked: (i, on) => {
      writes++;
      (shown[i] as { marked: boolean }).marked = on;
    },
  };
  return { sink, shown, writes: () => writes };
}

const frame = (count: number) =>
  fc.record({
    values: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: count, maxLength: count }),
    changes: fc.array(fc.tuple(fc.nat(count - 1), fc.integer({ min: -2, max: 2 })), {
      maxLength: 4,
    }),
  });

describe("counter cells", () => {
  it("show the last frame painted, whatever came before, and rewrite only what differs", () => {
    const count = 6;
    fc.assert(
      fc.property(fc.array(frame(count), { minLength: 1, maxLength: 12 }), (frames) => {
        const r = recorder(count);
        const cells = new CounterCells(r.sink, count);
        for (const f of frames) cells.paint(f.values, new Map(f.changes));
        const last = frames.at(-1) as (typeof frames)[number];
        const changes = new Map(last.changes);
        r.shown.forEach((cell, i) => {
          expect(cell.value).toBe(String(last.values[i]));
          expect(cell.delta).toBe(deltaText(changes.get(i)));
          expect(cell.marked).toBe(changes.has(i));
        });
        // The same frame again writes nothing.
        const before = r.writes();
        cells.paint(last.values, changes);
        expect(r.writes()).toBe(before);
      }),
    );
  });

  it("writes every cell once at first, then one write per thing that changed", () => {
    const r = recorder(3);
    const cells = new CounterCells(r.sink, 3);
    cells.paint([5, 0, 2], new Map());
    expect(r.writes()).toBe(9);
    // Counter 1 goes up by one: its value, its change and its mark.
    cells.paint([5, 1, 2], new Map([[1, 1]]));
    expect(r.writes()).toBe(12);
    expect(r.shown[1]).toEqual({ value: "1", delta: " +1", marked: true });
    // The next frame leaves it alone: its change and mark go, its value stays.
    cells.paint([5, 1, 2], new Map());
    expect(r.writes()).toBe(14);
    expect(r.shown[1]).toEqual({ value: "1", delta: "", marked: false });
  });
});
