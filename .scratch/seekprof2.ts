import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { applyPacked, Reader } from "../src/worker/compact.ts";
const s = new Session(() => {});
s.load(largeMachineScenario({ rounds: 11 }));
const a = (s as any).archive;
const k = a.keys[60];
let t = performance.now();
for (let i = 0; i < 20; i++) applyPacked(a.cursor, new Reader(k.diff), true);
console.log("key apply ms", ((performance.now() - t) / 20).toFixed(2), "bytes", k.diff.length);
let replayed = 0; const orig = a.replay.bind(a);
a.replay = (f: number) => { replayed += Math.abs(f - a.at); orig(f); };
let x = 12345;
for (let i = 0; i < 100; i++) { x = (x * 1103515245 + 12345) % 2 ** 31; s.seek(i, Math.floor((x / 2 ** 31) * a.total)); }
console.log("avg frames replayed", replayed / 100, "packs", a.packs.length, "sizes", a.packs.slice(0, 12).map((p: any) => p.count).join(","));
