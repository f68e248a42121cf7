import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { Timeline } from "../src/ui/timeline/timeline.ts";
import type { FrameBatch, Init } from "../src/worker/protocol.ts";
const batches: FrameBatch[] = []; let init: Init | null = null;
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); if (m.type === "init") init = m.init; });
s.load(largeMachineScenario({ rounds: 3 }));
const frames = batches.reduce((a, b) => a + b.count, 0);
for (const [B, S] of [[512, 32], [512, 1e9], [2048, 1e9], [4096, 1e9], [4096, 16], [8192, 1e9], [16384, 1e9]]) {
  const tl = new Timeline(init!, B, S);
  const t = performance.now();
  for (const b of batches) tl.add(b);
  console.log(B, S, "ckpt B/frame", (tl.checkpointBytes / frames).toFixed(1), "ms", (performance.now() - t).toFixed(0));
}
