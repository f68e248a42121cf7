/**
 * Share-link sizes, in characters after the origin and path (the `#...` fragment):
 * - share_url_chars_builtin: the longest over every lesson, at a four-digit frame with a PTE
 *   selected (the budget: 100);
 * - share_url_chars_20_steps: a custom scenario of 20 steps (the seeded random scenario the unit
 *   test uses: four nodes, two CPUs a node, mixed calls) at a frame, with a frame selected
 *   (budget: 1,500).
 */
import fc from "fast-check";
import { LESSONS } from "../src/scenario/library.ts";
import { encodeShare } from "../src/scenario/share.ts";
import { buildScenario, opArb } from "../src/test/random-scenario.ts";

const builtin = Math.max(
  ...LESSONS.map(
    (l) =>
      `#${encodeShare({
        scenario: { kind: "builtin", id: l.id, calls: [] },
        frame: 1234,
        selection: { pte: { pid: 100, vpn: 0x7f0000010 } },
      })}`.length,
  ),
);
const custom = buildScenario(
  { nodes: 4, cpusPerNode: 2, frames: 64, swap: 32, cap: true },
  fc.sample(opArb, { numRuns: 14, seed: 7 }),
) as { steps: unknown[] };
if (custom.steps.length !== 20) throw new Error(`expected 20 steps, got ${custom.steps.length}`);
const twenty = `#${encodeShare({
  scenario: { kind: "custom", json: custom },
  frame: 250,
  selection: { pfn: 77 },
})}`.length;

console.log(`share_url_chars_builtin ${builtin} chars`);
console.log(`share_url_chars_20_steps ${twenty} chars`);
