import { describe, expect, it } from "vitest";
import { growI32 } from "./grow.ts";

describe("growable typed arrays", () => {
  it("fit drops the room beyond the values, keeps them, and grows again on the next push", () => {
    const g = growI32();
    for (let i = 0; i < 1500; i++) g.push(i * 3);
    expect(g.array.length).toBe(2048);
    g.fit();
    expect(g.array.length).toBe(1500);
    expect(g.array[1499]).toBe(4497);
    g.push(7);
    expect(g.length).toBe(1501);
    expect([...g.array.subarray(1498, 1501)]).toEqual([4494, 4497, 7]);
    const empty = growI32();
    empty.fit();
    empty.push(5);
    expect([...empty.array.subarray(0, empty.length)]).toEqual([5]);
  });
});
