import { describe, expect, it } from "vitest";
import { sameEntries } from "./app.ts";

describe("sameEntries (what useAppShallow keeps a selector's last result for)", () => {
  it("holds arrays with the same items equal, and any change in length or item not", () => {
    expect(sameEntries([1, 2, 3], [1, 2, 3])).toBe(true);
    expect(sameEntries([1, 2, 3], [1, 2])).toBe(false);
    expect(sameEntries([1, 2, 3], [1, 2, 4])).toBe(false);
    expect(sameEntries([Number.NaN], [Number.NaN])).toBe(true);
    expect(sameEntries([0], [-0])).toBe(false);
    expect(sameEntries([[1]], [[1]])).toBe(false);
  });
  it("holds objects with the same keys and values equal", () => {
    const p = { pid: 1 };
    expect(sameEntries({ a: 1, b: p }, { b: p, a: 1 })).toBe(true);
    expect(sameEntries({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameEntries({ a: 1, c: undefined }, { a: 1, b: undefined })).toBe(false);
    expect(sameEntries({ a: 1 }, { a: 2 })).toBe(false);
  });
  it("never holds an array equal to an object, nor values of other kinds", () => {
    expect(sameEntries([1], { 0: 1 })).toBe(false);
    expect(sameEntries(null, {})).toBe(false);
    expect(sameEntries(1, 1)).toBe(true);
    expect(sameEntries("a", "b")).toBe(false);
    expect(sameEntries(new Map(), {})).toBe(false);
  });
});
