/**
 * Golden traces: every frame of each built-in scenario, as the CLI would print it, plus the final
 * report. A change in the model that alters what students see shows up here as a diff to review.
 * Regenerate deliberately with `UPDATE_GOLDEN=1 npx vitest run src/scenario/golden.test.ts`.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAINLINE_61_SOURCES } from "../kernel/mainline/sources.ts";
import { report } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import { RFC_2012_SOURCES } from "../kernel/sources.ts";
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
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, now);
      // A built-in without a golden trace fails: write it deliberately, then review it.
      expect(existsSync(file), `${b.id}.golden.txt is missing (UPDATE_GOLDEN=1)`).toBe(true);
      expect(now).toBe(readFileSync(file, "utf8"));
      expect(trace(b.json)).toBe(now);
    });
  }
});

describe("the source table", () => {
  it("has an entry, with a model file that exists, for every function a golden trace names", () => {
    const dir = new URL("./builtin/", import.meta.url);
    const goldens = readdirSync(dir).filter((f) => f.endsWith(".golden.txt"));
    const named = new Set(
      goldens.flatMap((g) =>
        [...readFileSync(new URL(g, dir), "utf8").matchAll(/^\d+ \[\d+\] (\S+) \(/gm)].map(
          (m) => m[1] as string,
        ),
      ),
    );
    expect(named.size).toBeGreaterThan(10);
    for (const fn of named) {
      const source = RFC_2012_SOURCES[fn] ?? MAINLINE_61_SOURCES[fn];
      expect(source, `no source entry for ${fn}`).toBeDefined();
    }
  });

  it("points every row of both kernels' tables at a model file that says the function", () => {
    for (const table of [RFC_2012_SOURCES, MAINLINE_61_SOURCES]) {
      for (const [fn, source] of Object.entries(table)) {
        const model = new URL(`../kernel/${source.model}`, import.meta.url);
        expect(existsSync(model), `${fn}: ${source.model} does not exist`).toBe(true);
        expect(readFileSync(model, "utf8"), `${source.model} never names ${fn}`).toContain(fn);
      }
    }
  });
});
