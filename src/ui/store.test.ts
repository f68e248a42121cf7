import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import type { Command, Message } from "../worker/protocol.ts";
import { Session } from "../worker/session.ts";
import { createAppStore, type WorkerLike } from "./store.ts";

/** The real session, answering synchronously: no Worker needed in Node. */
function fakeWorker(): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate() {},
    postMessage(cmd: Command) {
      if (cmd.type === "load") session.load(cmd.scenario);
      else if (cmd.type === "append") session.append(cmd.id, cmd.step);
      else session.restart();
    },
  };
  const session = new Session((m: Message) => w.onmessage?.({ data: m } as MessageEvent<Message>));
  return w;
}

const snapshot = (s: ReturnType<ReturnType<typeof createAppStore>["getState"]>) => ({
  pages: [...(s.view?.pages ?? [])],
  slots: [...(s.view?.slots ?? [])],
  counters: [...(s.view?.counters ?? [])],
  ptes: [...(s.view?.ptes ?? [])]
    .filter(([, m]) => m.size > 0)
    .map(([pid, m]) => [pid, [...m].sort((a, b) => a[0] - b[0])]),
  layout: s.view?.layout,
  classes: [...(s.classes?.classes ?? [])],
  counts: [...(s.classes?.counts ?? [])],
});

describe("app store", () => {
  it("opens at frame 0 with the whole run known, and any path to a frame gives one state", () => {
    const store = createAppStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const s = store.getState();
    expect(s.phase).toBe("ready");
    expect(s.cur).toBe(0);
    expect(s.total).toBeGreaterThan(100);
    const start = snapshot(s);
    for (let f = 1; f <= 70; f++) s.goto(f);
    const stepped = snapshot(store.getState());
    s.goto(s.total);
    s.goto(70);
    expect(snapshot(store.getState())).toEqual(stepped);
    for (let f = 69; f >= 0; f--) s.goto(f);
    expect(snapshot(store.getState())).toEqual(start);
  });

  it("appends a call, shows its return value and jumps to its first frame", () => {
    const store = createAppStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const before = store.getState().total;
    store.getState().call({ op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 });
    const s = store.getState();
    expect(s.calls.at(-1)).toMatchObject({ op: "mbind", ret: "-EINVAL", errors: [] });
    expect(s.cur).toBe(before + 1);
    expect((s.scenario as { steps: unknown[] }).steps).toHaveLength(6);
    store.getState().call({ op: "touch", tid: 100, addr: "nope", pages: 1 });
    expect(store.getState().calls.at(-1)?.errors.join()).toMatch(/^addr: /);
  });
});
