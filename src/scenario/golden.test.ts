/**
 * Golden traces: every frame of each built-in scenario, as the CLI would print it, plus the final
 * report. A change in the model that alters what students see shows up here as a diff to review.
 * Regenerate deliberately with `UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { report } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import { BUILTINS } from "./builtins.ts";
import { parseScenario } from "./parse.ts";

function trace(json: unknown): string {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  const frames: Frame[] = [];
  const sim = new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
  const lines = frames.map((f, i) => `${i + 1} [${f.step}] ${f.fn} (${f.file}): ${f.text}`);
  const { pages, ...rest } = report(sim.kernel, frames.length, sim.results);
  const pageLines = pages.map(
    (p) => `${p.pid} ${p.addr} ${p.pte} node=${p.node} pfn=${p.pfn} swapcache=${p.swapcache}`,
  );
  return [...lines, "", JSON.stringify(rest), ...pageLines, ""].join("\n");
}

describe("golden traces of the built-in scenarios", () => {
  for (const b of BUILTINS) {
    it(b.id, () => {
      const file = new URL(`./builtin/${b.id}.golden.txt`, import.meta.url);
      const now = trace(b.json);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, now);
      expect(now).toBe(readFileSync(file, "utf8"));
      expect(trace(b.json)).toBe(now);
    });
  }
});
