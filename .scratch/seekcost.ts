import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { restoreView, type Message } from "../src/worker/protocol.ts";
import { initialView } from "../src/ui/timeline/view.ts";
import { PageClasses } from "../src/ui/pageClass.ts";
let init: any; let last: any = null;
const s = new Session((m: Message) => { if (m.type === "init") init = m.init; if (m.type === "seek") last = m; });
s.load(largeMachineScenario({ rounds: 11 }));
const a = (s as any).archive;
console.log("archive MB", (a.bytes / 2 ** 20).toFixed(1), "keys", a.keys.length);
const view = initialView(init);
const nodeOf = new Uint8Array(view.pages.length / 10);
const classes = new PageClasses(nodeOf, init.nodes.length);
let x = 12345; const tw: number[] = [], tm: number[] = [];
for (let i = 0; i < 40; i++) { x = (x * 1103515245 + 12345) % 2 ** 31; const to = Math.floor((x / 2 ** 31) * a.total);
  let t = performance.now(); s.seek(i, to); tw.push(performance.now() - t);
  t = performance.now(); restoreView(view, last.view); classes.recomputeAll(view.pages); tm.push(performance.now() - t); }
const med = (v: number[]) => { const w = [...v].sort((p, q) => p - q); return w[Math.floor(w.length / 2)]!.toFixed(1) + " max " + w.at(-1)!.toFixed(1); };
console.log("worker seek", med(tw), "| main restore+classes", med(tm));
