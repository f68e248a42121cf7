import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { largeMachineScenario } from "../scenario/builtins.ts";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import { Archive } from "./archive.ts";
import { restoreView } from "./keyframe.ts";
import { applyFrame, type FrameBatch, type Init, type Message, type View } from "./protocol.ts";
import { Session } from "./session.ts";
import { plainView } from "./viewCopy.ts";

/** Run a scenario through the session, as the UI receives it. */
function run(json: unknown): {
  init: Init;
  batches: FrameBatch[];
  session: Session;
  got: Message[];
} {
  let init: Init | null = null;
  const batches: FrameBatch[] = [];
  const got: Message[] = [];
  const session = new Session((m: Message) => {
    if (m.type === "init") init = m.init;
    else if (m.type === "frames") batches.push(m.batch);
    else if (m.type === "error") throw new Error(m.errors.join("\n"));
    got.push(m);
  });
  session.load(json);
  if (!init) throw new Error("no init");
  return { init, batches, session, got };
}

function startView(init: Init): View {
  const v: View = {
    pages: new Int32Array(init.pages.length),
    slots: new Int32Array(init.slots.length),
    counters: new Float64Array(init.counters.length),
    ptes: new Map(),
    layout: 0,
  };
  restoreView(v, init, new Uint8Array(10));
  return v;
}

/** The deltas and metadata of a batch (what a batch sent again must carry). */
function deltas(b: FrameBatch) {
  const { names, templates, text, textEnd, layouts, ...rest } = b;
  return Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Int32Array)] : v]),
  );
}

describe("worker archive", () => {
  it("over random scenarios and keyframe spacings, the view and batch it rebuilds at any frame are what stepping gave", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }),
        (machine, ops, keyEvery, fullEvery, targets) => {
          const { init, batches } = run(buildScenario(machine, ops));
          const live = startView(init);
          const want = [plainView(live)];
          const archive = new Archive(live, keyEvery, fullEvery);
          for (const b of batches) {
            for (let j = 0; j < b.count; j++) {
              applyFrame(live, b, j, true);
              want.push(plainView(live));
            }
            archive.add(b, live);
          }
          for (const t of targets) {
            const f = Math.round(t * archive.total);
            expect(plainView(archive.viewAt(f))).toEqual(want[f]);
            if (f === 0) continue;
            const again = archive.batchAt(f);
            const sent = batches.find((b) => f >= b.first && f < b.first + b.count);
            expect(again && deltas(again)).toEqual(sent && deltas(sent));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("answers a seek on the large machine with the view at that frame, and bad frames clamp", () => {
    const { init, batches, session, got } = run(
      largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 }),
    );
    const live = startView(init);
    const total = batches.reduce((a, b) => a + b.count, 0);
    const target = Math.floor(total * 0.6);
    for (const b of batches)
      for (let j = 0; j < b.count && b.first + j <= target; j++) applyFrame(live, b, j, true);
    for (const [frame, at] of [
      [target, target],
      [Number.NaN, 0],
      [total + 99, total],
    ] as const) {
      got.length = 0;
      session.seek(7, frame);
      const m = got[0];
      if (m?.type !== "seek") throw new Error("no answer");
      expect(m.batch ? m.batch.first - 1 : 0).toBe(m.frame);
      expect(m.batch ? m.batch.first + m.batch.count - 1 : 0).toBeGreaterThanOrEqual(at);
      if (frame !== target || !m.batch) continue;
      // The view before the batch, stepped through it to the frame, is the view at the frame.
      const v = startView(init);
      restoreView(v, init, m.view);
      for (let j = 0; j < m.batch.count && m.batch.first + j <= target; j++)
        applyFrame(v, m.batch, j, true);
      expect(plainView(v)).toEqual(plainView(live));
    }
  });
});
