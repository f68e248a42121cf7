import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { Archive } from "../src/worker/archive.ts";
let packMs = 0;
const orig = Archive.prototype.add;
Archive.prototype.add = function (b, v) { const t = performance.now(); orig.call(this, b, v); packMs += performance.now() - t; };
for (const rounds of [3, 11]) {
  packMs = 0;
  let frames = 0;
  const s = new Session((m) => { if (m.type === "frames") frames += m.batch.count; });
  const t0 = performance.now();
  s.load(largeMachineScenario({ rounds }));
  const all = performance.now() - t0;
  console.log(rounds, "frames", frames, "load ms", all.toFixed(0), "archive.add ms", packMs.toFixed(0), "=", (100 * packMs / all).toFixed(0), "%");
}
