import { describe, expect, it } from "vitest";
import { Simulation } from "../kernel/run.ts";
import { BUILTINS } from "../scenario/builtins.ts";
import { parseScenario } from "../scenario/parse.ts";
import { Projector } from "./projection.ts";
import { batchBuffers, type FrameBatch, frameMoves } from "./viewState.ts";

describe("the frame batch's migration column", () => {
  it("carries each frame's [oldPfn, newPfn] pairs, across batch boundaries", () => {
    let migrated = 0;
    for (const b of BUILTINS) {
      const parsed = parseScenario(b.json);
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      const expected: number[][] = [];
      const batches: FrameBatch[] = [];
      let proj: Projector | null = null;
      const sim = new Simulation(parsed.scenario, (f) => {
        proj?.record(f);
        expected.push([...f.changed.moves]);
        if (proj && proj.pending >= 7) batches.push(proj.take() as FrameBatch);
      });
      proj = new Projector(sim.kernel);
      sim.runAll();
      const last = (proj as Projector).take();
      if (last) batches.push(last);
      const got = batches.flatMap((batch) =>
        Array.from({ length: batch.count }, (_, j) => frameMoves(batch, j)),
      );
      expect(got, b.id).toEqual(expected);
      migrated += got.reduce((n, m) => n + m.length / 2, 0);
      // The column's buffers go with the batch's transfer list.
      for (const batch of batches) expect(batchBuffers(batch)).toContain(batch.moves.buffer);
    }
    expect(migrated).toBeGreaterThan(0);
  });
});
