import { describe, expect, it } from "vitest";
import { Simulation } from "../../kernel/run.ts";
import { largeMachineScenario } from "../../scenario/builtins.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { loadFraction, stepWeights } from "./progress.ts";

describe("load progress", () => {
  it("weighs a moving mbind and the faults after it by their pages, mmap as one frame", () => {
    const w = stepWeights([
      { op: "mmap", pages: 8 },
      { op: "touch", pages: 8 },
      { op: "mbind", len: 8 * 4096, flags: 0 },
      { op: "mbind", pages: 8, flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"] },
      { op: "tick", ms: 5 },
      { op: "touch", pages: 8 },
      { op: "mbind", pages: 8, flags: 2 },
      { op: "writeback", pages: 3 },
    ]);
    expect(w).toEqual([1, 8, 1, 32, 1, 32, 32, 3]);
  });

  it("moves with the frames of the step under way and never reaches 1 before it reports", () => {
    const w = [10, 100];
    expect(loadFraction(w, 1, 0)).toBeCloseTo(10 / 110);
    expect(loadFraction(w, 1, 50)).toBeCloseTo(60 / 110);
    expect(loadFraction(w, 1, 500)).toBeLessThan(1);
    expect(loadFraction(w, 2, 0)).toBe(1);
    expect(loadFraction([], 0, 0)).toBe(0);
  });

  it("tracks the large machine's real frames within 5% of the frames at every step", () => {
    // The point of the weights: the bar's place after each step against the share of frames
    // really made by then (counting steps put it at 3 of 11 when over half was made).
    const scenario = largeMachineScenario({ nodes: 4, framesPerNode: 2048, pagesPerWorker: 256 });
    const parsed = parseScenario(scenario);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const ends: number[] = [];
    let frames = 0;
    let step = 0;
    new Simulation(parsed.scenario, (f) => {
      frames++;
      step = f.step;
      ends[step] = frames;
    }).runAll();
    const weights = stepWeights((scenario as { steps: unknown[] }).steps);
    for (let s = 1; s < weights.length; s++) {
      const real = (ends[s] ?? ends[s - 1] ?? 0) / frames;
      const shown = loadFraction(weights, s + 1, 0);
      expect(Math.abs(shown - real)).toBeLessThan(0.05);
    }
  });
});
