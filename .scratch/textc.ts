import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import type { FrameBatch } from "../src/worker/protocol.ts";
import { deflateSync } from "fflate";
const batches: FrameBatch[] = [];
const s = new Session((m) => { if (m.type === "frames") batches.push(m.batch); });
s.load(largeMachineScenario({ rounds: 2 }));
const texts = batches.map((b) => b.text);
const raw = texts.reduce((a, t) => a + t.length, 0);
async function cs(u: Uint8Array) { const c = new CompressionStream("deflate-raw"); const w = c.writable.getWriter(); void w.write(u); void w.close(); return new Uint8Array(await new Response(c.readable).arrayBuffer()); }
for (let rep = 0; rep < 2; rep++) {
  let t = performance.now(); let c = 0;
  for (const u of texts) c += deflateSync(u, { level: 1 }).length;
  console.log("fflate1", (raw / 1e6 / ((performance.now() - t) / 1000)).toFixed(0), "MB/s", (raw / c).toFixed(1), "x");
  t = performance.now(); c = 0;
  for (const u of texts) c += (await cs(u)).length;
  console.log("CompressionStream", (raw / 1e6 / ((performance.now() - t) / 1000)).toFixed(0), "MB/s", (raw / c).toFixed(1), "x");
  t = performance.now(); c = 0;
  for (const u of texts) c += deflateSync(u, { level: 1, mem: 1 } as any).length;
  console.log("fflate1 mem1", (raw / 1e6 / ((performance.now() - t) / 1000)).toFixed(0), "MB/s", (raw / c).toFixed(1), "x");
}
