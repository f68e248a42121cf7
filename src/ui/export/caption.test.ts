import { describe, expect, it } from "vitest";
import { headLines, wrapLines } from "./caption.ts";

/** Ten pixels a character: widths that are easy to reason about. */
const measure = (t: string) => t.length * 10;

describe("a figure caption's lines", () => {
  it("break between words, each no wider than the picture", () => {
    const lines = wrapLines("Copied pfn 10 (node 0) to pfn 66 on node 1", 120, measure, 5);
    expect(lines).toEqual(["Copied pfn", "10 (node 0)", "to pfn 66 on", "node 1"]);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(120);
  });

  it("stop at the last line allowed, cut with an ellipsis that still fits", () => {
    const lines = wrapLines("one two three four five six seven", 100, measure, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.endsWith("…")).toBe(true);
    expect(measure(lines[1] ?? "")).toBeLessThanOrEqual(100);
  });

  it("keep a word longer than the line on a line of its own", () => {
    expect(wrapLines("a migrate_pages_unmap_only b", 60, measure, 3)).toEqual([
      "a",
      "migrate_pages_unmap_only",
      "b",
    ]);
  });

  it("put a head too long for one line as the title, then the frame and its function", () => {
    const head = "Workers pull their pages local · frame 132 of 193 · migrate_misplaced_page";
    expect(headLines(head, 1000, measure)).toEqual([head]);
    expect(headLines(head, 500, measure)).toEqual([
      "Workers pull their pages local",
      "frame 132 of 193 · migrate_misplaced_page",
    ]);
    // Too narrow even so: the title is cut, the function's line only if it alone is too wide.
    const narrow = headLines(head, 420, measure);
    expect(narrow[1]).toBe("frame 132 of 193 · migrate_misplaced_page");
    expect(narrow[0]?.endsWith("…")).toBe(false);
    const tiny = headLines(head, 250, measure);
    expect(tiny[0]?.endsWith("…")).toBe(true);
    for (const l of tiny) expect(measure(l)).toBeLessThanOrEqual(250);
  });
});
