import { describe, expect, it } from "vitest";
import { arrowPath, MAX_ARROWS, migrationArrows, type Rect } from "./arrows.ts";

/** Cells 40x30 in a row per node: node 0 at y 100, node 1 at y 400, 8 frames per node. */
const rectOf = (pfn: number): Rect | null =>
  pfn < 16 ? { left: 10 + (pfn % 8) * 50, top: pfn < 8 ? 100 : 400, width: 40, height: 30 } : null;

const numbers = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe("migration arrows", () => {
  it("run from the old cell's centre to the new cell's edge, in overlay coordinates", () => {
    const { arrows, hidden } = migrationArrows([2, 10], rectOf, { left: 10, top: 50 });
    expect(hidden).toBe(0);
    expect(arrows).toHaveLength(1);
    const [a] = arrows;
    expect(a?.from).toBe(2);
    expect(a?.to).toBe(10);
    const [mx, my, , , ex, ey] = numbers(a?.d ?? "");
    // pfn 2's centre: (10 + 100 + 20 - 10, 100 + 15 - 50).
    expect([mx, my]).toEqual([120, 65]);
    // pfn 10 has the same column one node down: the head stops at its top edge, 15px short.
    expect(ex).toBeCloseTo(120, 5);
    expect(ey).toBeCloseTo(365 - 15, 5);
  });

  it("end on the edge of a wide target (a swap-cache row), not above it", () => {
    const cell: Rect = { left: 0, top: 0, width: 40, height: 30 };
    // A row 300 wide and 24 tall, below and to the right of the cell.
    const row: Rect = { left: 200, top: 400, width: 300, height: 24 };
    const [, , , , ex, ey] = numbers(arrowPath(cell, row, { left: 0, top: 0 }));
    expect(ey).toBeCloseTo(400, 5);
    expect(ex).toBeGreaterThanOrEqual(200);
    expect(ex).toBeLessThanOrEqual(500);
    // Approached from the side, it stops at the side.
    const beside: Rect = { left: 600, top: 0, width: 300, height: 30 };
    const [, , , , sx, sy] = numbers(arrowPath(cell, beside, { left: 0, top: 0 }));
    expect(sx).toBeCloseTo(600, 5);
    expect(sy).toBeCloseTo(15, 5);
  });

  it("skip pairs whose cells are not on screen and cap how many are drawn", () => {
    expect(migrationArrows([3, 99], rectOf, { left: 0, top: 0 })).toEqual({
      arrows: [],
      hidden: 1,
    });
    const many = Array.from({ length: MAX_ARROWS + 5 }, () => [1, 9]).flat();
    const { arrows, hidden } = migrationArrows(many, rectOf, { left: 0, top: 0 });
    expect(arrows).toHaveLength(MAX_ARROWS);
    expect(hidden).toBe(5);
  });

  it("bow two opposite moves to different sides", () => {
    const { arrows } = migrationArrows([1, 9, 9, 1], rectOf, { left: 0, top: 0 });
    const there = numbers(arrows[0]?.d ?? "");
    const back = numbers(arrows[1]?.d ?? "");
    // Control points: left of the line one way, right of it the other.
    expect(Math.sign((there[2] as number) - (there[0] as number))).toBe(
      -Math.sign((back[2] as number) - (back[0] as number)),
    );
  });
});
