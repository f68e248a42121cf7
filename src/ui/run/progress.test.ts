import { describe, expect, it } from "vitest";
import { Simulation } from "../../kernel/run.ts";
import { BUILTINS, largeMachineScenario } from "../../scenario/builtins.ts";
import { withKernel } from "../../scenario/format.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { PageStates, PRESENT, UNMAPPED } from "./pageStates.ts";
import { loadFraction, stepWeights } from "./progress.ts";

/** The largest gap, after any step, between the bar's place and the share of frames made. */
function worstGap(scenario: unknown): number {
  const parsed = parseScenario(scenario);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const ends: number[] = [];
  let frames = 0;
  new Simulation(parsed.scenario, (f) => {
    frames++;
    ends[f.step] = frames;
  }).runAll();
  const weights = stepWeights(scenario);
  let worst = 0;
  let made = 0;
  for (let s = 0; s < weights.length; s++) {
    made = ends[s] ?? made;
    worst = Math.max(worst, Math.abs(loadFraction(weights, s + 1, 0) - made / frames));
  }
  return worst;
}

const lesson = (id: string) => BUILTINS.find((b) => b.id === id)?.json;

describe("load progress", () => {
  it("moves with the frames of the step under way and never reaches 1 before it reports", () => {
    const w = [10, 100];
    expect(loadFraction(w, 1, 0)).toBeCloseTo(10 / 110);
    expect(loadFraction(w, 1, 50)).toBeCloseTo(60 / 110);
    expect(loadFraction(w, 1, 500)).toBeLessThan(1);
    expect(loadFraction(w, 2, 0)).toBe(1);
    expect(loadFraction([], 0, 0)).toBe(0);
  });

  it.each(["rfc-2012", "mainline"] as const)(
    "tracks the large machine's real frames within 5%% after every step on %s",
    (kernel) => {
      // Counting steps put the bar at 3 of 11 when over half the frames were made (RFC); on 6.1,
      // which refuses the lazy mbind, the first touch makes nearly all of them.
      const scenario = largeMachineScenario({
        nodes: 4,
        framesPerNode: 2048,
        pagesPerWorker: 256,
        rounds: 2,
      });
      expect(worstGap(withKernel(scenario, kernel))).toBeLessThan(0.05);
    },
  );

  it.each([
    ["seed-workers-pull-local", "rfc-2012"],
    ["seed-workers-pull-local", "mainline"],
    ["lecture-4-node", "mainline"],
    ["eager-move", "rfc-2012"],
    ["eager-move", "mainline"],
    ["interleave", "mainline"],
    ["munmap-lazy", "rfc-2012"],
  ] as const)(
    "tracks %s's frames within 10%% on %s (lazy or eager, either kernel)",
    (id, kernel) => {
      expect(worstGap(withKernel(lesson(id), kernel))).toBeLessThan(0.1);
    },
  );
});

describe("the page states the estimate keeps", () => {
  it("paints, recolours and counts ranges of pages", () => {
    const p = new PageStates();
    p.paint(10, 20, PRESENT);
    p.paint(15, 30, 2);
    expect([...p.count(0, 40)].sort()).toEqual([
      [UNMAPPED, 20],
      [PRESENT, 5],
      [2, 15],
    ]);
    p.recolour(0, 18, 2, 3);
    expect(p.count(14, 19).get(3)).toBe(3);
    p.recolourAll(PRESENT, UNMAPPED);
    expect(p.count(10, 15).get(UNMAPPED)).toBe(5);
    p.paint(0, 100, UNMAPPED);
    expect([...p.count(0, 100)]).toEqual([[UNMAPPED, 100]]);
  });
});
