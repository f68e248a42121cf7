import { describe, expect, it } from "vitest";
import { Alignment, type Segment, segmentsOf } from "./align.ts";

const seg = (step: number, phase: string, first: number, len: number): Segment => ({
  step,
  op: step === 1 ? "mbind" : "touch",
  phase,
  first,
  len,
});

// Run A: an eager mbind copies (migrate), a touch then finds every page mapped (no fault).
const eager = [
  seg(0, "first touch", 1, 4),
  seg(1, "select", 5, 2),
  seg(1, "migrate", 7, 6),
  seg(2, "no fault", 13, 1),
];
// Run B: the lazy mbind unmaps, the touch migrates on fault.
const lazy = [
  seg(0, "first touch", 1, 4),
  seg(1, "select", 5, 2),
  seg(1, "unmap", 7, 3),
  seg(2, "look up", 10, 1),
  seg(2, "decide", 11, 1),
  seg(2, "migrate", 12, 2),
  seg(2, "map", 14, 1),
];

describe("Alignment", () => {
  const al = new Alignment(eager, lazy);

  it("starts both runs at frame 0 and ends both at their last frame", () => {
    expect(al.frames(0)).toEqual([0, 0]);
    expect(al.frames(al.total)).toEqual([13, 14]);
  });

  it("lines up the same call and phase although the frame numbers differ", () => {
    const touch = al.boundaries("step")[2] as number;
    expect(al.frames(touch)).toEqual([13, 10]);
    const p = al.pairs[al.pairAt(touch)];
    expect(p?.phase).toBe("no fault / look up");
    expect(p?.step).toBe(2);
  });

  it("starts each call in both runs at once, their first phases named apart when they differ", () => {
    const late = new Alignment(
      [seg(0, "look up", 1, 1), seg(0, "map", 2, 1)],
      [seg(0, "first touch", 1, 2), seg(0, "look up", 3, 1), seg(0, "map", 4, 1)],
    );
    expect(late.frames(1)).toEqual([1, 1]);
    expect(late.pairs[0]?.phase).toBe("look up / first touch");
    // The rest still meet by name: both runs map at the same position.
    const map = late.pairs.find((p) => p.phase === "map");
    expect(map?.a?.first).toBe(2);
    expect(map?.b?.first).toBe(4);
  });

  it("holds the run without a phase at its last frame while the other moves", () => {
    // The eager run has no "decide": it stays on frame 13 as the lazy run decides.
    const decide = al.pairs.find((p) => p.phase === "decide");
    expect(decide?.a).toBeNull();
    expect(al.frames(decide?.start ?? 0)).toEqual([13, 11]);
  });

  it("steps every frame of both runs once, in order, and maps frames back to positions", () => {
    for (const side of [0, 1] as const) {
      const seen: number[] = [];
      for (let pos = 0; pos <= al.total; pos++) seen.push(al.frames(pos)[side]);
      const last = side === 0 ? 13 : 14;
      expect([...new Set(seen)]).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
      for (let f = 1; f <= last; f++) expect(al.frames(al.posOf(side, f))[side]).toBe(f);
    }
  });

  it("phase boundaries include every step boundary", () => {
    const phases = new Set(al.boundaries("phase"));
    for (const s of al.boundaries("step")) expect(phases.has(s)).toBe(true);
  });

  it("cuts a timeline into step and phase segments", () => {
    const starts = [1, 3, 5];
    const names = ["map the area", "first touch", "select"];
    const segs = segmentsOf({
      steps: [
        { index: 1, op: "touch", firstFrame: 3, frames: 2 },
        { index: 0, op: "mmap", firstFrame: 1, frames: 2 },
        { index: 2, op: "mbind", firstFrame: 5, frames: 4 },
      ],
      phaseAt: (f) => {
        const i = starts.filter((s) => s <= f).length - 1;
        return { name: names[i] ?? "?", first: starts[i] ?? 0 };
      },
      nextPhaseStart: (f) => starts.find((s) => s > f) ?? null,
    });
    expect(segs.map((s) => [s.step, s.phase, s.first, s.len])).toEqual([
      [0, "map the area", 1, 2],
      [1, "first touch", 3, 2],
      [2, "select", 5, 4],
    ]);
  });
});
