import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { batchBuffers, type FrameBatch, type Message } from "../src/worker/protocol.ts";
import { deflateSync, inflateSync, zlibSync } from "fflate";

const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 3 }));
(globalThis as any).gc?.();
const mem = process.memoryUsage();
console.log("heapUsed MB (with batches)", (mem.heapUsed/2**20).toFixed(1), "ab", (mem.arrayBuffers/2**20).toFixed(1));
// compress sample of batches
const sample = batches.slice(10, 40);
for (const level of [1, 6] as const) {
  let raw = 0, comp = 0, rawText = 0, compText = 0, tC = 0, tD = 0;
  for (const b of sample) {
    for (const buf of batchBuffers(b)) {
      const u = new Uint8Array(buf);
      raw += u.length;
      let t = performance.now();
      const c = deflateSync(u, { level });
      tC += performance.now() - t;
      t = performance.now();
      inflateSync(c);
      tD += performance.now() - t;
      comp += c.length;
    }
    rawText += b.text.length;
    compText += deflateSync(b.text, { level }).length;
  }
  const frames = sample.reduce((a, b) => a + b.count, 0);
  console.log(`level ${level}: raw ${(raw/frames).toFixed(1)} B/f comp ${(comp/frames).toFixed(1)} B/f text ${(rawText/frames).toFixed(1)}->${(compText/frames).toFixed(1)}; compress ${(raw/1e6/(tC/1000)).toFixed(0)} MB/s, inflate ${(raw/1e6/(tD/1000)).toFixed(0)} MB/s; per batch inflate ${(tD/sample.length).toFixed(2)} ms`);
}
