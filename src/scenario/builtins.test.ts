/**
 * Every lesson in the library runs to its end with every invariant checked after every frame,
 * and does what its title promises (the return values and placements a lecturer points at).
 */
import { describe, expect, it } from "vitest";
import { runChecked } from "../test/harness.ts";
import { BUILTINS, largeMachineScenario } from "./builtins.ts";
import { LESSON_GROUPS, LESSONS } from "./library.ts";
import { parseScenario } from "./parse.ts";

const byId = (id: string) => BUILTINS.find((b) => b.id === id)?.json;
const nodesOf = (id: string) => runChecked(byId(id)).report.pages.map((p) => p.node);

describe("the lesson library", () => {
  it("has at least twelve lessons, each with a title, a description and a note per call", () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    expect(LESSON_GROUPS.length).toBeGreaterThan(3);
    for (const l of LESSONS) {
      const json = l.json() as { title?: string; description?: string; steps: { note?: string }[] };
      expect(parseScenario(json).ok, l.id).toBe(true);
      expect(json.title, l.id).toBeTruthy();
      expect(json.description?.length ?? 0, l.id).toBeGreaterThan(80);
      for (const s of json.steps) expect(s.note, l.id).toBeTruthy();
    }
  });

  for (const b of BUILTINS) {
    it(`${b.id} runs with every invariant holding`, () => {
      expect(() => runChecked(b.json)).not.toThrow();
    });
  }

  it("the large machine runs with every invariant holding (scaled down)", () => {
    const small = largeMachineScenario({ nodes: 3, framesPerNode: 96, pagesPerWorker: 24 });
    expect(() => runChecked(small)).not.toThrow();
  });

  it("eager and lazy use the same machine, memory and threads, and end with the same placement", () => {
    const eager = byId("eager-move") as Record<string, unknown>;
    const lazy = byId("seed-workers-pull-local") as Record<string, unknown>;
    expect(eager.machine).toEqual(lazy.machine);
    expect(eager.processes).toEqual(lazy.processes);
    const e = runChecked(eager).report;
    const l = runChecked(lazy).report;
    expect(e.pages.map((p) => p.node)).toEqual(l.pages.map((p) => p.node));
    expect(e.vmstat.pgmigrate_success).toBe(16);
    expect(l.vmstat.pgmigrate_success).toBe(16);
  });

  it("each failure lesson really fails the way it says", () => {
    expect(runChecked(byId("move-all-eperm")).rets).toContain("-EPERM");
    expect(runChecked(byId("strict-eio")).rets.filter((r) => r === "-EIO")).toHaveLength(2);
    const swap = runChecked(byId("swap-full"));
    expect(
      swap.frames.filter((f) => /add_to_swap finds no free swap slot/.test(f.text)),
    ).toHaveLength(4);
    expect(nodesOf("swap-full")).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(nodesOf("full-target-node").slice(0, 8)).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("each placement lesson ends where it says", () => {
    expect(nodesOf("read-vs-write-fault")).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(nodesOf("huge-page-split")).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(nodesOf("interleave")).toEqual([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
    expect(nodesOf("bind-nearest")).toEqual([2, 2, 2, 2, 3, 3, 3, 3]);
    expect(nodesOf("file-pages-migratepage")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // The KSM pages reach node 1 by copy-on-write, not migration.
    expect(nodesOf("skipped-pages")).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(nodesOf("fork-move-vs-move-all").every((n) => n === 1)).toBe(true);
    const munmap = runChecked(byId("munmap-lazy")).report;
    expect(munmap.pages).toEqual([]);
    expect(munmap.swap.used).toBe(0);
  });
});
