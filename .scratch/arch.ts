import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
let frames = 0;
const msgs: any[] = [];
const s = new Session((m) => { if (m.type === "frames") frames += m.batch.count; if (m.type === "seek") msgs.push(m); });
const t0 = performance.now();
s.load(largeMachineScenario({ rounds: 11 }));
console.log("load s", ((performance.now() - t0) / 1000).toFixed(2), "frames", frames);
const a = (s as any).archive;
console.log("archive MB", (a.bytes / 2 ** 20).toFixed(1), "B/f", (a.bytes / frames).toFixed(1));
let x = 12345; const times: number[] = [];
for (let i = 0; i < 30; i++) { x = (x * 1103515245 + 12345) % 2 ** 31; const to = Math.floor((x / 2 ** 31) * frames); const t = performance.now(); s.seek(i, to); times.push(performance.now() - t); }
times.sort((p, q) => p - q);
console.log("seek ms median", times[15]!.toFixed(1), "max", times.at(-1)!.toFixed(1));
(globalThis as any).gc?.();
const mem = process.memoryUsage();
console.log("heap MB", ((mem.heapUsed + mem.arrayBuffers) / 2 ** 20).toFixed(1));
