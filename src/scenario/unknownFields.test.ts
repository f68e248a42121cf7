import { describe, expect, it } from "vitest";
import { BUILTINS } from "./builtins.ts";
import { parseScenario } from "./parse.ts";

const seed = BUILTINS[0]?.json as { steps: Record<string, unknown>[] };

describe("unknown fields", () => {
  it("a built-in scenario has none", () => {
    for (const b of BUILTINS) {
      const r = parseScenario(b.json);
      expect(r.ok && r.warnings, b.id).toEqual([]);
    }
  });

  it("names a misspelt field of a step, and one at the top, and still runs the scenario", () => {
    const steps = seed.steps.map((s, i) => (i === 1 ? { ...s, acess: "read" } : s));
    const r = parseScenario({ ...seed, steps, extra: 1 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([
      "steps[1].acess: not a field of the scenario format; ignored",
      "extra: not a field of the scenario format; ignored",
    ]);
  });

  it("names a field called like a property every object has", () => {
    const r = parseScenario({ ...seed, constructor: 1, toString: "x" });
    expect(r.ok && r.warnings).toEqual([
      "constructor: not a field of the scenario format; ignored",
      "toString: not a field of the scenario format; ignored",
    ]);
  });
});
