import { describe, expect, it, vi } from "vitest";
import { Simulation } from "../kernel/run.ts";
import { BUILTINS, largeMachineScenario } from "../scenario/builtins.ts";
import type { Message } from "./protocol.ts";
import { Session } from "./session.ts";
import { batchBuffers, type FrameBatch } from "./viewState.ts";

function session() {
  const msgs: Message[] = [];
  const s = new Session((m) => msgs.push(m));
  return { s, msgs };
}

describe("worker session", () => {
  it("loads the seed: init, batches, one result per step, done", () => {
    const { s, msgs } = session();
    s.load(BUILTINS[0]?.json);
    expect(msgs[0]?.type).toBe("init");
    const steps = msgs.filter((m) => m.type === "step");
    expect(steps.map((m) => m.type === "step" && m.ret)).toEqual([0, 0, 0, 0, 0]);
    const done = msgs.at(-1);
    const frames = msgs.reduce((a, m) => a + (m.type === "frames" ? m.batch.count : 0), 0);
    expect(done).toEqual({ type: "done", frames });
  });

  it("stops a run at its frame limit, keeping every frame made, and says so", () => {
    const msgs: Message[] = [];
    const s = new Session((m) => msgs.push(m), null, true, 40);
    s.load(BUILTINS[0]?.json);
    const frames = msgs.reduce((a, m) => a + (m.type === "frames" ? m.batch.count : 0), 0);
    expect(frames).toBe(40);
    const at = msgs.findIndex((m) => m.type === "done");
    expect(msgs[at]).toEqual({ type: "done", frames: 40 });
    const notice = msgs[at + 1];
    expect(notice?.type === "error" && notice.context).toBe("limit");
    expect(notice?.type === "error" && notice.errors[0]).toMatch(
      /longer than a browser tab can keep: it stopped at frame 40, in step \d/,
    );
    expect(msgs).toHaveLength(at + 2);
    // The frames made are kept: a seek into them is answered.
    s.seek(1, 20);
    expect(msgs.at(-1)).toMatchObject({ type: "seek", frame: 20 });
    // A call after the cut is answered with the limit, not with advice to restart.
    s.append(5, { op: "lru_add_drain", tid: 100 });
    expect(msgs.at(-1)).toMatchObject({ type: "error", context: "append", id: 5 });
    expect(msgs.at(-1)?.type === "error" && msgs.at(-1)).toMatchObject({
      errors: [expect.stringMatching(/would run past frame 40, where the run stops/)],
    });
  });

  it("answers a call inserted beyond the cut: the rerun stops before it, and says so", () => {
    const msgs: Message[] = [];
    const s = new Session((m) => msgs.push(m), null, true, 40);
    s.load(BUILTINS[0]?.json);
    const cut = msgs.find((m) => m.type === "error" && m.context === "limit");
    const cutIn = Number(
      /in step (\d+)/.exec(cut?.type === "error" ? (cut.errors[0] ?? "") : "")?.[1],
    );
    msgs.length = 0;
    s.insert(9, cutIn + 1, { op: "lru_add_drain", tid: 100 }, false);
    expect(msgs.some((m) => m.type === "step" && m.id === 9)).toBe(false);
    const answer = msgs.find((m) => m.type === "error" && m.id === 9);
    expect(answer).toMatchObject({ context: "append" });
    expect(msgs.at(-1)).toMatchObject({ type: "error", context: "limit" });
  });

  it("reports an invalid scenario as errors that name the field", () => {
    const { s, msgs } = session();
    s.load({ version: 2 });
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.type === "error" && msgs[0].errors.join()).toMatch(/version/);
    s.load("{not json");
    expect(msgs[1]?.type === "error" && msgs[1].context).toBe("load");
  });

  it("validates an appended step field-first, then runs a good one and streams it", () => {
    const { s, msgs } = session();
    s.load(BUILTINS[0]?.json);
    msgs.length = 0;
    s.append(1, { op: "touch", tid: 101, addr: "0xZZ", pages: 1 });
    expect(msgs[0]).toMatchObject({ type: "error", context: "append", id: 1 });
    expect(msgs[0]?.type === "error" && msgs[0].errors[0]).toMatch(/^addr: /);
    msgs.length = 0;
    s.append(2, { op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 });
    expect(msgs.at(-1)).toMatchObject({ type: "step", id: 2, op: "mbind", ret: "-EINVAL" });
    s.append(3, { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 2, access: "write" });
    const step = msgs.at(-1);
    expect(step).toMatchObject({ type: "step", id: 3, op: "touch", ret: 0 });
    // Every frame the step reports was delivered in a batch, and is marked as that step's.
    if (step?.type !== "step") throw new Error("no step message");
    expect(step.frames).toBeGreaterThan(0);
    const delivered = new Map<number, number>();
    for (const m of msgs) {
      if (m.type !== "frames") continue;
      for (let i = 0; i < m.batch.count; i++)
        delivered.set(m.batch.first + i, m.batch.step[i] as number);
    }
    for (let f = step.firstFrame; f < step.firstFrame + step.frames; f++) {
      expect(delivered.get(f)).toBe(step.index);
    }
  });

  it("restart replays the scenario with its appended steps", () => {
    const { s, msgs } = session();
    s.load(BUILTINS[0]?.json);
    s.append(1, { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 2, access: "read" });
    msgs.length = 0;
    s.restart();
    expect(msgs.filter((m) => m.type === "step")).toHaveLength(6);
  });

  it("turns a throw inside the model into a crash message and stays usable", () => {
    const { s, msgs } = session();
    s.load(BUILTINS[0]?.json);
    const spy = vi.spyOn(Simulation.prototype, "runStep").mockImplementationOnce(() => {
      throw new Error("boom");
    });
    msgs.length = 0;
    s.append(1, { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1, access: "write" });
    spy.mockRestore();
    expect(msgs.at(-1)).toMatchObject({ type: "error", context: "crash", id: 1 });
    s.append(2, { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1, access: "write" });
    expect(msgs.at(-1)).toMatchObject({ type: "error", context: "append", id: 2 });
    msgs.length = 0;
    s.restart();
    expect(msgs.at(-1)?.type).toBe("done");
    expect(msgs.filter((m) => m.type === "step")).toHaveLength(5);
  });
});

describe("buffers handed back", () => {
  it("are written with later batches, which come out as they would have without", () => {
    const scenario = largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 });
    const plain: FrameBatch[] = [];
    new Session((m) => m.type === "frames" && plain.push(m.batch)).load(scenario);
    const given = new Set<ArrayBuffer>();
    const got: FrameBatch[] = [];
    const s = new Session((m) => {
      if (m.type !== "frames") return;
      got.push(m.batch);
      // As the UI would, once it has copied out the narration: a new buffer here stands for
      // the transferred one coming back (and a junk entry is ignored).
      const back = [new ArrayBuffer(m.batch.text.byteLength), new ArrayBuffer(64), "junk"];
      for (const b of back) if (b instanceof ArrayBuffer) given.add(b);
      s.recycle(back);
    });
    s.load(scenario);
    expect(plain.length).toBeGreaterThan(2);
    const values = (b: FrameBatch) =>
      Object.fromEntries(
        Object.entries(b).map(([k, v]) => [k, ArrayBuffer.isView(v) ? [...(v as Uint8Array)] : v]),
      );
    expect(got.map(values)).toEqual(plain.map(values));
    const reused = got.flatMap((b) => batchBuffers(b)).filter((b) => given.has(b));
    expect(reused.length).toBeGreaterThan(got.length);
  });
});
