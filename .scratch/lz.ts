import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { batchBuffers, type FrameBatch } from "../src/worker/protocol.ts";
import { deflateSync } from "fflate";
import { createRequire } from "node:module";
const req = createRequire("/tmp/pl/x.js");
const lz4 = req("lz4js"); const snappy = req("snappyjs");
const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 2 }));
const sample = batches.slice(5, 25);
const frames = sample.reduce((a, b) => a + b.count, 0);
const bufs = sample.flatMap((b) => batchBuffers(b).map((x) => new Uint8Array(x)));
const raw = bufs.reduce((a, b) => a + b.length, 0);
for (let rep = 0; rep < 2; rep++)
for (const [name, f] of [["fflate1", (u: Uint8Array) => deflateSync(u, { level: 1 })], ["lz4js", (u: Uint8Array) => lz4.compress(u)], ["snappy", (u: Uint8Array) => snappy.compress(u)]] as const) {
  let c = 0; const t = performance.now();
  for (const u of bufs) c += (f as any)(u).length;
  const ms = performance.now() - t;
  console.log(name, (c/frames).toFixed(1), "B/f", (raw/1e6/(ms/1000)).toFixed(0), "MB/s");
}
