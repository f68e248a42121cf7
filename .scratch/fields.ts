import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { type FrameBatch, frameText } from "../src/worker/protocol.ts";
import { deflateSync, inflateSync } from "fflate";
import { deflateRawSync } from "node:zlib";

const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 2 }));
const sample = batches.slice(5, 25);
const frames = sample.reduce((a, b) => a + b.count, 0);
for (const k of ["text", "pages", "counters", "slots", "ptes", "pageEnd", "counterEnd", "fn", "step"] as const) {
  let raw = 0, comp = 0, tC = 0, nat = 0, tN = 0;
  for (const b of sample) {
    const u = new Uint8Array((b[k] as Uint8Array).buffer);
    raw += u.length;
    let t = performance.now();
    comp += deflateSync(u, { level: 1 }).length;
    tC += performance.now() - t;
    t = performance.now();
    nat += deflateRawSync(u, { level: 1 }).length;
    tN += performance.now() - t;
  }
  console.log(`${k}: ${(raw/frames).toFixed(1)} B/f -> fflate1 ${(comp/frames).toFixed(1)} (${(raw/1e6/(tC/1000)).toFixed(0)} MB/s) native1 ${(nat/frames).toFixed(1)} (${(raw/1e6/(tN/1000)).toFixed(0)} MB/s)`);
}
const b = batches[8]!;
for (let j = 0; j < 4096; j += 400) console.log(frameText(b, j));
