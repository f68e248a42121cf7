import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { readScenario, stepsWithInsert, validateCall } from "./sessionInput.ts";

const seed = BUILTINS[0]?.json as { steps: unknown[] };

describe("what a session makes of the scenarios and steps it is sent", () => {
  it("reads a scenario as an object or as JSON text, keeping a copy of its steps", () => {
    const fromText = readScenario(JSON.stringify(seed));
    const fromObject = readScenario(seed);
    if (!fromText.ok || !fromObject.ok) throw new Error("the seed reads");
    expect(fromText.raw).toEqual(seed);
    fromObject.raw.steps.push({ op: "touch" });
    expect(seed.steps).toHaveLength(fromObject.raw.steps.length - 1);
    expect(readScenario("{not json")).toMatchObject({
      ok: false,
      errors: [expect.stringMatching(/^\(scenario\): not valid JSON: /)],
    });
  });

  it("inserts a step at a clamped place, the later steps again after it or dropped", () => {
    const steps = ["a", "b", "c"];
    expect(stepsWithInsert(steps, 1, "x", false)).toEqual({
      where: 1,
      steps: ["a", "x", "b", "c"],
    });
    expect(stepsWithInsert(steps, 1.7, "x", true)).toEqual({ where: 1, steps: ["a", "x"] });
    expect(stepsWithInsert(steps, -4, "x", false).where).toBe(0);
    expect(stepsWithInsert(steps, 99, "x", false)).toEqual({ where: 3, steps: [...steps, "x"] });
  });

  it("puts a call's errors field-first, and the step's own errors under (step)", () => {
    const raw = { ...seed, steps: [...seed.steps] };
    const at = 1;
    const bad = (step: unknown) => {
      const r = validateCall(raw, at, stepsWithInsert(raw.steps, at, step, false).steps);
      return r.ok ? [] : r.errors;
    };
    expect(bad({ op: "touch", tid: 101, addr: "0xZZ", pages: 1 })[0]).toMatch(/^addr: /);
    expect(bad(5)[0]).toMatch(/^\(step\)/);
    const good = { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 };
    expect(validateCall(raw, at, stepsWithInsert(raw.steps, at, good, false).steps).ok).toBe(true);
  });
});
