import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { snapView } from "../src/worker/protocol.ts";
let frames = 0;
const s = new Session((m) => { if (m.type === "frames") frames += m.batch.count; });
s.load(largeMachineScenario({ rounds: 11 }));
const a = (s as any).archive;
console.log("keys", a.keys.length, "key KB avg", (a.keys.reduce((x: number, k: any) => x + k.diff.length, 0) / a.keys.length / 1024).toFixed(0), "packs", a.packs.length);
let x = 12345; const tv: number[] = [], tb: number[] = [], ts: number[] = [];
for (let i = 0; i < 30; i++) { x = (x * 1103515245 + 12345) % 2 ** 31; const to = Math.floor((x / 2 ** 31) * frames);
  let t = performance.now(); const p = a.packs[a.find(to)]; a.viewAt(p.first - 1); tv.push(performance.now() - t);
  t = performance.now(); snapView(a.cursor); ts.push(performance.now() - t);
  t = performance.now(); a.batchAt(to); tb.push(performance.now() - t); }
const med = (v: number[]) => v.sort((p, q) => p - q)[15]!.toFixed(1) + "/" + v.at(-1)!.toFixed(1);
console.log("viewAt", med(tv), "snap", med(ts), "batchAt(from start)", med(tb));
