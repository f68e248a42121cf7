/**
 * Property-based tests: random machines and random system-call sequences, with every invariant
 * checked after every frame and every step (runChecked throws on the first violation).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse.ts";
import { runChecked } from "../test/harness.ts";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import { report } from "./report.ts";
import { Simulation } from "./run.ts";
import type { Frame } from "./trace.ts";

/** What the CLI contract allows a step to return: 0, an errno, or a fault that was not served. */
const RETURN_VALUE = /^(0|-E[A-Z]+|SIGSEGV|SIGBUS|VM_FAULT_OOM)$/;

describe("random scenarios keep every invariant", () => {
  it("after every frame and every step (1,000 scenarios)", () => {
    fc.assert(
      fc.property(machineArb, fc.array(opArb, { minLength: 1, maxLength: 30 }), (m, ops) => {
        const run = runChecked(buildScenario(m, ops));
        for (const ret of run.rets) expect(String(ret)).toMatch(RETURN_VALUE);
      }),
      { numRuns: 1000, seed: 20120316 },
    );
  });

  it("are deterministic: the same scenario gives the same frames and report, byte for byte", () => {
    fc.assert(
      fc.property(machineArb, fc.array(opArb, { minLength: 1, maxLength: 20 }), (m, ops) => {
        const once = () => {
          const parsed = parseScenario(buildScenario(m, ops));
          if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
          const frames: Frame[] = [];
          const sim = new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
          return JSON.stringify({ frames, report: report(sim.kernel, frames.length, sim.results) });
        };
        expect(once()).toBe(once());
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it("under the mainline kernel, every frame names a Linux 6.1 function and file (300 scenarios)", () => {
    fc.assert(
      fc.property(machineArb, fc.array(opArb, { minLength: 1, maxLength: 30 }), (m, ops) => {
        const parsed = parseScenario({ ...(buildScenario(m, ops) as object), kernel: "mainline" });
        if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
        const off: string[] = [];
        new Simulation(parsed.scenario, (f) => {
          if (!f.file.includes("(6.1")) off.push(`${f.fn} (${f.file})`);
        }).runAll();
        expect(off).toEqual([]);
      }),
      { numRuns: 300, seed: 61 },
    );
  });
});
