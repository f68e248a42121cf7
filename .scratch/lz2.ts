import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { batchBuffers, type FrameBatch } from "../src/worker/protocol.ts";
import { deflateSync, inflateSync } from "fflate";
import { createRequire } from "node:module";
const req = createRequire("/tmp/pl/x.js");
const lz4 = req("lz4js");
const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 2 }));
const sample = batches.slice(5, 25);
const frames = sample.reduce((a, b) => a + b.count, 0);
const text = sample.map((b) => b.text);
const deltas = sample.flatMap((b) => batchBuffers(b).map((x) => new Uint8Array(x)).filter((u) => u.buffer !== b.text.buffer));
for (let rep = 0; rep < 3; rep++)
for (const [what, bufs] of [["text", text], ["deltas", deltas]] as const) {
  const raw = bufs.reduce((a, b) => a + b.length, 0);
  for (const [name, f, g] of [["fflate1", (u: Uint8Array) => deflateSync(u, { level: 1 }), inflateSync], ["lz4js", (u: Uint8Array) => lz4.compress(u), lz4.decompress]] as const) {
    let c = 0; let t = performance.now(); const outs: Uint8Array[] = [];
    for (const u of bufs) { const o = (f as any)(u); c += o.length; outs.push(o); }
    const ms = performance.now() - t; t = performance.now();
    for (const o of outs) (g as any)(o);
    const dms = performance.now() - t;
    console.log(what, name, (c/frames).toFixed(1), "B/f", (raw/1e6/(ms/1000)).toFixed(0), "MB/s; inflate", (raw/1e6/(dms/1000)).toFixed(0), "MB/s");
  }
}
