import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import type { Message } from "./protocol.ts";
import { type Pacer, Session } from "./session.ts";

/** A pacer whose clock moves a whole slice per reading, so every step ends a slice. */
function manualPacer(): Pacer & { tasks: (() => void)[] } {
  const tasks: (() => void)[] = [];
  let t = 0;
  return {
    tasks,
    later: (fn) => tasks.push(fn),
    now: () => (t += 1000),
  };
}

const seed = BUILTINS[0]?.json;
const kinds = (msgs: Message[]) => msgs.map((m) => m.type);
/** What a run streams, without the per-message buffers' identity. */
const stream = (msgs: Message[]) => JSON.stringify(msgs.filter((m) => m.type !== "seek"));

describe("a paced load", () => {
  it("streams the same messages as an unpaced one, a step per slice", () => {
    const plain: Message[] = [];
    new Session((m) => plain.push(m)).load(seed);
    const paced: Message[] = [];
    const pacer = manualPacer();
    new Session((m) => paced.push(m), pacer).load(seed);
    expect(kinds(paced)).not.toContain("done");
    let slices = 1;
    while (pacer.tasks.length > 0) {
      pacer.tasks.shift()?.();
      slices++;
    }
    expect(slices).toBe(5); // the seed has five steps
    expect(stream(paced)).toBe(stream(plain));
  });

  it("answers a seek between slices from the frames made so far", () => {
    const msgs: Message[] = [];
    const pacer = manualPacer();
    const s = new Session((m) => msgs.push(m), pacer);
    s.load(seed);
    const made = msgs.reduce((a, m) => a + (m.type === "frames" ? m.batch.count : 0), 0);
    expect(made).toBeGreaterThan(0);
    s.seek(3, made);
    const answer = msgs.at(-1);
    expect(answer?.type === "seek" && answer.id).toBe(3);
    expect(kinds(msgs)).not.toContain("done");
    while (pacer.tasks.length > 0) pacer.tasks.shift()?.();
    expect(msgs.at(-1)?.type).toBe("done");
  });

  it("drops the rest of a load when another starts, and runs a call made mid-load after it", () => {
    const msgs: Message[] = [];
    const pacer = manualPacer();
    const s = new Session((m) => msgs.push(m), pacer);
    s.load(seed);
    s.load(seed);
    s.append(9, { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 });
    const steps = msgs.filter((m) => m.type === "step");
    // The first load ran one step; the second ran all five before the appended call.
    expect(steps.map((m) => m.type === "step" && m.id)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      9,
    ]);
    expect(kinds(msgs).filter((k) => k === "done")).toHaveLength(1);
    while (pacer.tasks.length > 0) pacer.tasks.shift()?.();
    expect(kinds(msgs).filter((k) => k === "done")).toHaveLength(1);
  });
});
