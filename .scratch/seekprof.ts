import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { Session as S2 } from "node:inspector";
import { writeFileSync } from "node:fs";
const s = new Session(() => {});
s.load(largeMachineScenario({ rounds: 11 }));
const a = (s as any).archive;
const insp = new S2(); insp.connect();
const post = (m: string, p?: any) => new Promise<any>((ok, no) => insp.post(m, p, (e, r) => (e ? no(e) : ok(r))));
await post("Profiler.enable"); await post("Profiler.setSamplingInterval", { interval: 200 }); await post("Profiler.start");
let x = 12345; const t0 = performance.now();
for (let i = 0; i < 100; i++) { x = (x * 1103515245 + 12345) % 2 ** 31; s.seek(i, Math.floor((x / 2 ** 31) * a.total)); }
console.log("per seek ms", ((performance.now() - t0) / 100).toFixed(1));
const { profile } = await post("Profiler.stop");
const self = new Map<string, number>(); const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) { const n = byId.get(profile.samples[i]); const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000); }
for (const [k, v] of [...self].sort((p, q) => q[1] - p[1]).slice(0, 15)) console.log(v.toFixed(0).padStart(7), "ms", k);
