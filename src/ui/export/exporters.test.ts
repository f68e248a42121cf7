import { describe, expect, it } from "vitest";
import { fileStem } from "./ExportMenu.tsx";
import { commonSize, exportHandout, framesOf, MAX_ANIMATION_FRAMES } from "./exporters.ts";

describe("exports that need no browser", () => {
  it("makes a Markdown handout of a run", async () => {
    const blob = exportHandout({
      title: "Lazy migration",
      steps: [
        {
          step: { op: "touch", tid: 1, addr: 0x1000, pages: 1 },
          ret: 0,
          note: "The fault migrates the page.",
          firstFrame: 1,
          frames: [{ fn: "do_page_fault", file: "mm/memory.c", text: "tid 1 faults" }],
        },
      ],
    });
    expect(blob.type).toBe("text/markdown");
    const text = await blob.text();
    expect(text.startsWith("# Lazy migration\n")).toBe(true);
    expect(text).toContain("> The fault migrates the page.");
    expect(text).toContain("1. **do_page_fault** (mm/memory.c): tid 1 faults");
  });

  it("checks an animation's frame range before stepping through it", () => {
    expect(framesOf({ first: 3, last: 5 })).toEqual([3, 4, 5]);
    expect(framesOf({ first: 0, last: 0 })).toEqual([0]);
    expect(() => framesOf({ first: 5, last: 3 })).toThrow(/not a range/);
    expect(() => framesOf({ first: 1.5, last: 3 })).toThrow(/not a range/);
    expect(() => framesOf({ first: 1, last: MAX_ANIMATION_FRAMES + 1 })).toThrow(/at most/);
  });

  it("names files after the scenario", () => {
    expect(fileStem("Lazy migration: MPOL_MF_LAZY on 2 nodes")).toBe(
      "lazy-migration-mpol-mf-lazy-on-2-nodes",
    );
    expect(fileStem("!!!")).toBe("numa-lab");
  });
});

describe("an animation's size", () => {
  it("holds its tallest and widest frames, in even pixels, so no frame is cut", () => {
    const sizes = [
      { width: 871, height: 562 },
      { width: 860, height: 575 },
      { width: 871, height: 540 },
    ];
    expect(commonSize(sizes)).toEqual({ width: 872, height: 576 });
    expect(commonSize([{ width: 0, height: 0 }])).toEqual({ width: 2, height: 2 });
  });
});
