import { describe, expect, it } from "vitest";
import { BUILTINS, largeMachineScenario } from "../scenario/builtins.ts";
import { Host, type Producer } from "./host.ts";
import type { Command, Message } from "./protocol.ts";
import { pathBuffers } from "./seekPath.ts";
import { Session } from "./session.ts";

/** A producer in this thread: a Session keeping no archive, its messages cloned as posted. */
function producer(): Producer {
  const p: Producer = {
    onmessage: null,
    onerror: null,
    terminate() {},
    postMessage(cmd: Command, transfer: Transferable[]) {
      session.handle(structuredClone(cmd, { transfer }));
    },
  };
  const session = new Session(
    (m, transfer) => p.onmessage?.({ data: structuredClone(m, { transfer }) } as MessageEvent),
    null,
    false,
  );
  return p;
}

/** The same commands given to a Session alone and to a host beside a producer. */
function both(): { alone: Message[]; split: Message[]; send(cmd: Command): void } {
  const alone: Message[] = [];
  const split: Message[] = [];
  const session = new Session((m) => alone.push(structuredClone(m)));
  const host = new Host(
    (m) => split.push(structuredClone(m)),
    producer(),
    () => new Session((m) => split.push(structuredClone(m))),
  );
  return {
    alone,
    split,
    send(cmd) {
      session.handle(structuredClone(cmd));
      host.handle(structuredClone(cmd));
    },
  };
}

describe("host and producer", () => {
  it("say what one session says: the same messages, in the same order", () => {
    const run = both();
    run.send({ type: "load", scenario: BUILTINS[0]?.json });
    run.send({ type: "append", id: 1, step: { op: "touch", tid: 100, addr: "0x1", pages: 1 } });
    run.send({
      type: "append",
      id: 2,
      step: { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 2, access: "write" },
    });
    run.send({ type: "insert", id: 3, at: 1, step: { op: "drain" }, dropLater: false });
    run.send({ type: "restart" });
    run.send({ type: "load", scenario: { version: 2 } });
    run.send({ type: "nonsense" } as unknown as Command);
    expect(run.split.length).toBeGreaterThan(10);
    expect(run.split).toEqual(run.alone);
  });

  it("answer seeks and batch requests from the host's archive exactly as a session does", () => {
    const run = both();
    run.send({
      type: "load",
      scenario: largeMachineScenario({
        nodes: 2,
        framesPerNode: 2048,
        pagesPerWorker: 512,
        rounds: 3,
      }),
    });
    const total = run.alone.at(-1);
    if (total?.type !== "done") throw new Error("the run did not finish");
    run.alone.length = 0;
    run.split.length = 0;
    let x = 7;
    for (let i = 0; i < 6; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const frame = x % (total.frames + 1);
      run.send({ type: "seek", id: i, frame });
      run.send({ type: "batch", frame: total.frames - frame });
    }
    expect(run.split.map((m) => m.type)).toContain("seek");
    expect(run.split).toEqual(run.alone);
  });

  it("says a seek before any run has nothing to seek in", () => {
    const run = both();
    run.send({ type: "seek", id: 1, frame: 5 });
    expect(run.split).toEqual(run.alone);
    expect(run.split[0]).toMatchObject({ type: "error", context: "load" });
  });

  it("do it all in one Session when the producer fails to start, losing no command", () => {
    const alone: Message[] = [];
    const split: Message[] = [];
    let terminated = false;
    const broken: Producer = {
      onmessage: null,
      onerror: null,
      terminate: () => {
        terminated = true;
      },
      postMessage() {},
    };
    const host = new Host(
      (m) => split.push(structuredClone(m)),
      broken,
      () => new Session((m) => split.push(structuredClone(m))),
    );
    const session = new Session((m) => alone.push(structuredClone(m)));
    const cmds: Command[] = [
      { type: "load", scenario: BUILTINS[0]?.json, run: 1 },
      { type: "append", id: 1, step: { op: "drain" } },
    ];
    for (const c of cmds) host.handle(c);
    broken.onerror?.({ message: "no module workers here" } as ErrorEvent);
    host.handle({ type: "seek", id: 1, frame: 40 });
    for (const c of [...cmds, { type: "seek", id: 1, frame: 40 } as Command]) session.handle(c);
    expect(terminated).toBe(true);
    expect(split.map((m) => m.type)).toContain("seek");
    expect(split).toEqual(alone);
  });
});

describe("an exception the producer did not catch", () => {
  it("names no call, not even an insert whose rerun is awaited: that rerun still comes", () => {
    const split: Message[] = [];
    const held: Command[] = [];
    const p = producer();
    // Commands wait here until let through: the producer can fail between an insert and its init.
    const gated: Producer = {
      get onmessage() {
        return p.onmessage;
      },
      set onmessage(f) {
        p.onmessage = f;
      },
      onerror: null,
      terminate() {},
      postMessage: (cmd) => void held.push(cmd),
    };
    const host = new Host(
      (m) => split.push(structuredClone(m)),
      gated,
      () => new Session(() => {}),
    );
    const go = () => {
      for (let c = held.shift(); c; c = held.shift()) p.postMessage(c, []);
    };
    const fail = () => gated.onerror?.({ message: "a slice threw" } as ErrorEvent);
    host.handle({ type: "load", scenario: BUILTINS[0]?.json, run: 1 });
    go();
    const step = { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1 };
    host.handle({ type: "insert", id: 5, at: 1, step, dropLater: false });
    fail();
    expect(split.at(-1)).toMatchObject({ type: "error", context: "crash", id: null, run: 1 });
    // The producer goes on: the insert's rerun arrives, its step tagged with the insert.
    const before = split.length;
    go();
    const after = split.slice(before);
    expect(after[0]?.type).toBe("init");
    expect(after.some((m) => m.type === "step" && m.id === 5)).toBe(true);
  });
});

describe("seek answers", () => {
  it("are written into the buffers of earlier answers handed back, by a host as by a session", () => {
    const scenario = largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 });
    for (const make of [
      (post: (m: Message) => void) => new Session(post),
      (post: (m: Message) => void) => new Host(post, producer(), () => new Session(post)),
    ]) {
      const seeks: Extract<Message, { type: "seek" }>[] = [];
      const worker = make((m) => m.type === "seek" && seeks.push(m));
      worker.handle({ type: "load", scenario });
      const given = new Set<ArrayBuffer>();
      for (const [id, frame] of [700, 300, 900, 500].entries()) {
        worker.handle({ type: "seek", id, frame });
        const path = seeks.at(-1)?.path;
        if (!path) throw new Error("no answer");
        const buffers = pathBuffers(path);
        if (id > 0) expect(buffers.some((b) => given.has(b))).toBe(true);
        for (const b of buffers) given.add(b);
        worker.handle({ type: "seekBuffers", buffers });
      }
      expect(seeks.map((m) => m.frame)).toEqual([700, 300, 900, 500]);
    }
  });
});
