import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { batchBuffers, type FrameBatch } from "../src/worker/protocol.ts";
import { deflateRawSync } from "node:zlib";
const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 2 }));
const sample = batches.slice(5, 25);
const frames = sample.reduce((a, b) => a + b.count, 0);
for (const level of [1, 6]) {
  let raw = 0, c = 0; const t = performance.now();
  for (const b of sample) for (const buf of batchBuffers(b)) { raw += buf.byteLength; c += deflateRawSync(new Uint8Array(buf), { level }).length; }
  const ms = performance.now() - t;
  console.log(level, (c/frames).toFixed(1), "B/f", (raw/1e6/(ms/1000)).toFixed(0), "MB/s");
}
// compress as one concatenated buffer
let raw = 0; const parts: Uint8Array[] = [];
for (const b of sample) for (const buf of batchBuffers(b)) { parts.push(new Uint8Array(buf)); raw += buf.byteLength; }
