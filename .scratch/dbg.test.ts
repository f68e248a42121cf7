import { it } from "vitest";
import fc from "fast-check";
import { buildScenario, machineArb, opArb } from "../src/test/random-scenario.ts";
import { fakeWorker } from "../src/ui/fakeWorker.ts";
import { createRunStore } from "../src/ui/store.ts";
it("dbg", () => {
  const [[machine, ops, keep, targets]] = fc.sample(fc.tuple(machineArb, fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 })), { numRuns: 1, seed: 42 }) as any;
  for (let seed = 0; seed < 200; seed++) {
    const [[machine, ops, keep, targets]] = fc.sample(fc.tuple(machineArb, fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 60 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 })), { numRuns: 1, seed }) as any;
    const store = createRunStore(fakeWorker, keep);
    store.getState().load(buildScenario(machine, ops));
    for (const t of targets) {
      const s = store.getState();
      const to = Math.round(t * s.total);
      s.goto(to);
      const a = store.getState();
      if (to > 0 && !a.timeline?.locate(to)) { console.log("seed", seed, "to", to, "cur", a.cur, "total", a.total, "prev", s.cur, "keep", keep); return; }
    }
  }
});
