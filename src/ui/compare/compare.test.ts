import { describe, expect, it } from "vitest";
import { lessonById } from "../../scenario/library.ts";
import { fakeWorker } from "../../test/fakeWorker.ts";
import { createRunStore } from "../store.ts";
import { Alignment, segmentsOf } from "./align.ts";
import { seriesOf } from "./series.ts";
import { vary } from "./variants.ts";

/** Two runs through the real worker session: the seed lesson (lazy) and its eager variant. */
function twoRuns() {
  const json = lessonById("seed-workers-pull-local")?.json();
  const a = createRunStore(fakeWorker);
  const b = createRunStore(fakeWorker);
  a.getState().load(json);
  b.getState().load(vary(json, { kind: "lazy" }).scenario);
  const ta = a.getState().timeline;
  const tb = b.getState().timeline;
  if (!ta || !tb) throw new Error("no timeline");
  return { a, b, ta, tb, al: new Alignment(segmentsOf(ta), segmentsOf(tb)) };
}

describe("comparing two runs of the real model", () => {
  it("every shared position shows the same system call in both runs", () => {
    const { ta, tb, al } = twoRuns();
    expect(ta.total).not.toBe(tb.total);
    for (let pos = 1; pos <= al.total; pos++) {
      const [fa, fb] = al.frames(pos);
      const step = al.pairs[al.pairAt(pos)]?.step;
      // A run holding (no frames in this phase) may still show the step before.
      expect(ta.meta(fa)?.step ?? -1).toBeLessThanOrEqual(step ?? -1);
      expect(tb.meta(fb)?.step ?? -1).toBeLessThanOrEqual(step ?? -1);
      expect(Math.max(ta.meta(fa)?.step ?? -1, tb.meta(fb)?.step ?? -1)).toBe(step);
    }
    for (const pos of al.boundaries("step").slice(1)) {
      const [fa, fb] = al.frames(pos);
      expect(ta.meta(fa)?.step).toBe(tb.meta(fb)?.step);
    }
  });

  it("the charted numbers are the run's counters at every frame", () => {
    const { a, ta } = twoRuns();
    const series = seriesOf(ta);
    const names = ta.init.counterNames;
    const col = (id: string) => series.values[series.metrics.findIndex((m) => m.id === id)];
    for (const f of [0, 1, 17, 40, Math.floor(ta.total / 2), ta.total]) {
      a.getState().goto(f);
      const c = a.getState().view?.counters ?? new Float64Array();
      expect(col("migrated")?.[f]).toBe(c[names.indexOf("pgmigrate_success")]);
      expect(col("remote")?.[f]).toBe(c[names.indexOf("model remote_accesses")]);
      expect(col("node1")?.[f]).toBe(64 - (c[names.indexOf("node1 free")] ?? 0));
      const slots = a.getState().view?.slots ?? new Int32Array();
      let used = 0;
      for (let s = 0; s < slots.length; s += 2)
        if ((slots[s] as number) > 0 || (slots[s + 1] as number) >= 0) used++;
      expect(col("swap")?.[f]).toBe(used);
    }
  });

  it("lazy pulls the workers' pages local; eager (same calls) leaves their accesses remote", () => {
    const { ta, tb } = twoRuns();
    const end = (t: typeof ta, id: string) => {
      const s = seriesOf(t);
      return s.values[s.metrics.findIndex((m) => m.id === id)]?.[t.total];
    };
    expect(end(ta, "remote")).toBe(0);
    expect(end(tb, "remote")).toBe(16);
    expect(end(ta, "migrated")).toBe(16);
    // 3.3's eager MOVE under an empty MPOL_PREFERRED selects every page and copies it local to
    // the caller (tid 100, node 0): 24 copies that leave the workers' pages remote.
    expect(end(tb, "migrated")).toBe(24);
  });
});
