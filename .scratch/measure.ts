import { largeMachineScenario } from "../src/scenario/builtins.ts";
import { Session } from "../src/worker/session.ts";
import { Timeline } from "../src/ui/timeline/timeline.ts";
import type { FrameBatch, Message } from "../src/worker/protocol.ts";

const msgs: Message[] = [];
let t0 = performance.now();
const s = new Session((m) => msgs.push(m));
s.load(largeMachineScenario({ rounds: 11 }));
const tWorker = performance.now() - t0;
let tl: Timeline | null = null;
t0 = performance.now();
let addT = 0;
const fields: Record<string, number> = {};
for (const m of msgs) {
  if (m.type === "init") tl = new Timeline(m.init);
  else if (m.type === "frames") {
    const a = performance.now();
    tl!.add(m.batch);
    addT += performance.now() - a;
    for (const [k, v] of Object.entries(m.batch)) if (ArrayBuffer.isView(v)) fields[k] = (fields[k] ?? 0) + (v as Uint8Array).byteLength;
  } else if (m.type === "step") tl!.addStep({ ...m });
}
console.log("worker ms", tWorker.toFixed(0), "timeline add ms", addT.toFixed(0), "frames", tl!.total, "batches", tl!.batches.length);
console.log("batch bytes", tl!.bytes, "per frame", (tl!.bytes / tl!.total).toFixed(1), "checkpoint bytes", tl!.checkpointBytes);
console.log(fields);
console.log("names", tl!.names.length, "layouts", tl!.layouts.length, "steps", tl!.steps.length);
