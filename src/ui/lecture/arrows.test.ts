import { describe, expect, it } from "vitest";
import { arrowPath, MAX_ARROWS, migrationArrows, type Rect } from "./arrows.ts";

/** Cells 40x30 in a row per node: node 0 at y 100, node 1 at y 400, 8 frames per node. */
const rectOf = (pfn: number): Rect | null =>
  pfn < 16 ? { left: 10 + (pfn % 8) * 50, top: pfn < 8 ? 100 : 400, width: 40, height: 30 } : null;

const numbers = (d: string) => (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);

describe("migration arrows", () => {
  it("run from the old cell's edge to the new cell's edge, in overlay coordinates", () => {
    const { arrows, hidden } = migrationArrows([2, 10], rectOf, { left: 10, top: 50 });
    expect(hidden).toBe(0);
    expect(arrows).toHaveLength(1);
    const [a] = arrows;
    expect(a?.from).toBe(2);
    expect(a?.to).toBe(10);
    const [mx, my, , , ex, ey] = numbers(a?.d ?? "");
    // pfn 2's centre is (10 + 100 + 20 - 10, 100 + 15 - 50); straight down, the tail leaves
    // through its bottom edge, 15px below, clear of its number.
    expect([mx, my]).toEqual([120, 80]);
    // pfn 10 has the same column one node down: the head stops at its top edge, 15px short.
    expect(ex).toBeCloseTo(120, 5);
    expect(ey).toBeCloseTo(365 - 15, 5);
  });

  it("enter a wide target (a swap-cache row) level at its nearer side, not over the row above", () => {
    const cell: Rect = { left: 0, top: 0, width: 40, height: 30 };
    // A row 300 wide and 24 tall, far below and to the right of the cell: a steep approach.
    const row: Rect = { left: 200, top: 400, width: 300, height: 24 };
    const d = arrowPath(cell, row, { left: 0, top: 0 });
    const [sx, sy, , , c2x, c2y, ex, ey] = numbers(d);
    expect(d).toMatch(/C/);
    // The tail leaves the cell through its bottom edge, clear of its number.
    expect([sx, sy]).toEqual([20, 30]);
    // The tip is on the row's left edge, halfway down it, and the last stretch comes in level
    // from the left, so the head lies beside the row, not on the rows above it.
    expect([ex, ey]).toEqual([200, 412]);
    expect(c2y).toBe(412);
    expect(c2x).toBeLessThan(200);
    // A cell to the right of the row's centre comes in at its right edge.
    const right: Rect = { left: 450, top: 0, width: 40, height: 30 };
    const [, , , , r2x, , rx, ry] = numbers(arrowPath(right, row, { left: 0, top: 0 }));
    expect([rx, ry]).toEqual([500, 412]);
    expect(r2x).toBeGreaterThan(500);
    // A row at the overlay's left edge still ends level, with its approach kept inside.
    const atEdge: Rect = { left: 10, top: 900, width: 300, height: 24 };
    const [, , c1x, , e2x, e2y, fx, fy] = numbers(arrowPath(right, atEdge, { left: 0, top: 0 }));
    expect([fx, fy]).toEqual([310, 912]);
    expect(e2y).toBe(912);
    expect(Math.min(c1x as number, e2x as number)).toBeGreaterThanOrEqual(0);
    const below: Rect = { left: 300, top: 1500, width: 300, height: 24 };
    const [, , , , lx] = numbers(arrowPath(cell, { ...below, left: 12 }, { left: 0, top: 0 }));
    expect(lx).toBeGreaterThanOrEqual(0);
    // A cell (not a row) is still entered where the line meets its edge.
    const target: Rect = { left: 0, top: 200, width: 40, height: 30 };
    const [, , , , tx, ty] = numbers(arrowPath(cell, target, { left: 0, top: 0 }));
    expect([tx, ty]).toEqual([20, 200]);
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

  it("keep a long arrow's bow inside the overlay", () => {
    const top: Rect = { left: 20, top: 0, width: 40, height: 30 };
    const bottom: Rect = { left: 20, top: 1500, width: 40, height: 30 };
    const [, , cx, cy] = numbers(arrowPath(top, bottom, { left: 0, top: 0 }));
    expect(cx).toBeGreaterThanOrEqual(0);
    expect(cy).toBeGreaterThanOrEqual(0);
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
