import { describe, expect, it, vi } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { kernelOf, withKernel } from "../scenario/format.ts";
import { fakeWorker, heldWorker } from "../test/fakeWorker.ts";
import type { Command, Message } from "../worker/protocol.ts";
import { Session } from "../worker/session.ts";
import { selectPickedScenario } from "./app.ts";
import { selectShownKernel } from "./KernelSwitch.tsx";
import { move, playedTo } from "./nav/moves.ts";
import { createRunStore, type WorkerLike } from "./store.ts";

/** A worker running a real Session whose messages wait in `queue` until the test delivers them. */
function queuedWorker(): { queue: Message[]; w: WorkerLike } {
  const queue: Message[] = [];
  const session = new Session((m) => queue.push(structuredClone(m)));
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate() {},
    postMessage: (cmd: Command) => session.handle(structuredClone(cmd)),
  };
  return { queue, w };
}

/**
 * The seed lesson loaded in a store that keeps one frame (so every move is a far seek), on a
 * worker whose seek answers wait for `answerSeeks`: the moment a far seek is on its way.
 */
function seeksHeld() {
  const w = fakeWorker();
  const post = w.postMessage.bind(w);
  const held: Command[] = [];
  w.postMessage = (cmd: Command, transfer?: Transferable[]) => {
    if (cmd.type === "seek") held.push(cmd);
    else post(cmd, transfer);
  };
  const store = createRunStore(() => w, 1);
  store.getState().load(BUILTINS[0]?.json);
  // An answer for a frame asked for before may make the store ask for the last one: answered too.
  const answerSeeks = () => {
    for (let i = 0; i < 2; i++) for (const cmd of held.splice(0)) post(cmd);
  };
  return { store, answerSeeks };
}

const snapshot = (s: ReturnType<ReturnType<typeof createRunStore>["getState"]>) => ({
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
  it("a seek the worker never answered before a new load does not hold up the next run's", () => {
    const w = fakeWorker();
    const post = w.postMessage.bind(w);
    let answerSeeks = false;
    w.postMessage = (cmd: Command) => {
      if (cmd.type !== "seek" || answerSeeks) post(cmd);
    };
    const store = createRunStore(() => w, 1);
    store.getState().load(BUILTINS[0]?.json);
    const mid = Math.floor(store.getState().total / 2);
    store.getState().goto(mid);
    expect(store.getState().cur).toBe(0);
    // Hidden panels hold their idle-time drawing while a seek waits (whenSeen.ts `busy`).
    expect(store.getState().seeking()).toBe(true);
    answerSeeks = true;
    store.getState().load(BUILTINS[0]?.json);
    expect(store.getState().seeking()).toBe(false);
    store.getState().goto(mid);
    expect(store.getState().cur).toBe(mid);
    expect(store.getState().seeking()).toBe(false);
  });

  it("a key pressed while a far seek is on its way moves on from the frame it brings", () => {
    for (const id of ["nextFrame", "prevFrame"] as const) {
      const { store, answerSeeks } = seeksHeld();
      const far = Math.floor(store.getState().total / 2);
      // With no seek on its way, a move starts from the frame on screen.
      expect(move("nextFrame").to?.(store.getState())).toBe(1);
      store.getState().goto(far);
      expect(store.getState().seekingTo()).toBe(far);
      const to = move(id).to?.(store.getState());
      expect(to).toBe(id === "nextFrame" ? far + 1 : far - 1);
      store.getState().goto(to as number);
      answerSeeks();
      expect(store.getState().cur).toBe(to);
      expect(store.getState().seekingTo()).toBe(null);
    }
  });

  it("playing just after a far jump plays on from the frame the jump brings", () => {
    const { store, answerSeeks } = seeksHeld();
    const { total } = store.getState();
    const far = Math.floor(total / 2);
    store.getState().goto(far);
    const to = playedTo(store.getState(), 3);
    expect(to).toBe(far + 3);
    store.getState().goto(to as number);
    answerSeeks();
    expect(store.getState().cur).toBe(far + 3);
    // At the end of the complete run, playing stops.
    store.getState().goto(total);
    answerSeeks();
    expect(playedTo(store.getState(), 1)).toBe(null);
  });

  it("a seek answered from the run before while a load was awaited leaves far seeks working in the new run", () => {
    // The worker answers seeks from the run it has (as the host does from its archive) while a
    // load waits its turn: the answer comes before the new run's init, which drops it.
    const w = fakeWorker();
    const post = w.postMessage.bind(w);
    const loads: (() => void)[] = [];
    let holdLoads = false;
    w.postMessage = (cmd: Command, transfer?: Transferable[]) => {
      if (holdLoads && cmd.type === "load") loads.push(() => post(cmd, transfer));
      else post(cmd, transfer);
    };
    const store = createRunStore(() => w, 1);
    store.getState().load(BUILTINS[0]?.json);
    holdLoads = true;
    store.getState().load(BUILTINS[0]?.json);
    store.getState().goto(Math.floor(store.getState().total / 2));
    for (const l of loads) l();
    const total = store.getState().total;
    expect(total).toBeGreaterThan(100);
    store.getState().goto(Math.floor(total / 3));
    expect(store.getState().cur).toBe(Math.floor(total / 3));
    expect(store.getState().seeking()).toBe(false);
  });

  it("hands a seek answer's buffers back to the worker once it has followed it", async () => {
    const w = fakeWorker();
    const post = w.postMessage.bind(w);
    const handedBack: ArrayBuffer[][] = [];
    w.postMessage = (cmd: Command, transfer?: Transferable[]) => {
      if (cmd.type === "seekBuffers") handedBack.push([...cmd.buffers]);
      post(cmd, transfer);
    };
    const store = createRunStore(() => w, 1);
    store.getState().load(BUILTINS[0]?.json);
    const total = store.getState().total;
    store.getState().goto(Math.floor(total / 2));
    const mid = snapshot(store.getState());
    store.getState().goto(total);
    store.getState().goto(Math.floor(total / 2));
    // Handed back once the frame is shown, in a task of their own.
    expect(handedBack.length).toBe(0);
    await new Promise((ok) => setTimeout(ok, 0));
    expect(handedBack.length).toBe(3);
    // Transferred: the store keeps nothing that reads them, and the view it built is intact.
    for (const b of handedBack.flat()) expect(b.byteLength).toBe(0);
    expect(snapshot(store.getState())).toEqual(mid);
  });

  it("keeps its worker from load to load; a refused load leaves the run on screen working", () => {
    let spawned = 0;
    const store = createRunStore(() => {
      spawned++;
      return fakeWorker();
    });
    store.getState().load(BUILTINS[0]?.json);
    const total = store.getState().total;
    store.getState().load(BUILTINS[1]?.json, true);
    expect(store.getState().cur).toBe(store.getState().total);
    store.getState().load(BUILTINS[0]?.json);
    store.getState().load({ version: 2 });
    expect(spawned).toBe(1);
    const s = store.getState();
    expect(s.problem.join()).toMatch(/version/);
    expect(s.phase).toBe("ready");
    expect(s.total).toBe(total);
    s.goto(total);
    expect(store.getState().cur).toBe(total);
  });

  it("after its worker failed, a far seek starts no worker and keeps the failure's reason; a restart seeks again", () => {
    const workers: WorkerLike[] = [];
    const store = createRunStore(() => {
      const w = fakeWorker();
      workers.push(w);
      return w;
    }, 1);
    store.getState().load(BUILTINS[0]?.json);
    const total = store.getState().total;
    // As a run still streaming in: the failure ends it, and the reason is said in words.
    store.setState({ running: true });
    workers[0]?.onerror?.({
      message: "Uncaught RangeError: Array buffer allocation failed",
    } as ErrorEvent);
    expect(store.getState().phase).toBe("crashed");
    expect(store.getState().running).toBe(false);
    expect(store.getState().problem.join()).toMatch(/^the browser ran out of memory for this run/);
    store.getState().goto(Math.floor(total / 2));
    expect(workers.length).toBe(1);
    expect(store.getState().problem.join()).toMatch(/allocation failed/);
    expect(store.getState().cur).toBe(0);
    store.getState().restart();
    expect(workers.length).toBe(2);
    store.getState().goto(Math.floor(total / 2));
    expect(store.getState().cur).toBe(Math.floor(total / 2));
  });

  it("a scenario the browser cannot hand to the worker is refused like an invalid one", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const total = store.getState().total;
    // postMessage cannot clone a function (a RangeError on deep nesting is the same path).
    store.getState().load({ ...(BUILTINS[1]?.json as object), junk: () => 0 });
    const s = store.getState();
    expect(s.problem.join()).toMatch(/could not be handed to the simulation/);
    expect(s.phase).toBe("ready");
    expect(s.total).toBe(total);
    s.goto(3);
    expect(store.getState().cur).toBe(3);
  });

  it("a call the browser cannot hand to the worker is refused on the form, and calls are taken again", () => {
    const store = createRunStore(fakeWorker);
    const touch = { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1, access: "read" };
    store.getState().load(BUILTINS[0]?.json);
    store.getState().goto(1);
    // An insert (frame 1 is not the end) whose step postMessage cannot clone.
    const id = store.getState().call({ ...touch, junk: () => 0 });
    const s = store.getState();
    expect(s.calls.find((c) => c.id === id)?.errors.join()).toMatch(/could not be handed/);
    expect(s.undo.some((u) => u.callId === id)).toBe(false);
    expect(s.replacing).toBe(false);
    expect(store.getState().call(touch)).toBeTypeOf("number");
  });

  it("Restart before any scenario was accepted holds no call back for a rerun that cannot come", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(BUILTINS[0]?.json);
    expect(store.getState().replacing).toBe(true);
    store.getState().restart();
    expect(store.getState().replacing).toBe(false);
  });

  it("holds what the worker says of the run on screen while a load is awaited, and lets it through if the load is refused", () => {
    const { queue, w } = queuedWorker();
    const deliver = (n = queue.length) => {
      for (const m of queue.splice(0, n)) w.onmessage?.({ data: m } as MessageEvent<Message>);
    };
    const store = createRunStore(() => w);
    store.getState().load(BUILTINS[0]?.json);
    const all = queue.length;
    const steps = queue.filter((m) => m.type === "step").length;
    deliver(2); // the init and the first batch; the rest is still on its way
    store.getState().load({ version: 2 });
    deliver();
    const s = store.getState();
    expect(all).toBeGreaterThan(3);
    expect(s.problem.join()).toMatch(/version/);
    expect(s.running).toBe(false);
    expect(s.total).toBeGreaterThan(100);
    expect(s.stepsDone).toBe(steps);
  });

  it("the progress bar's step count moves while frames stream in, not only at the end", () => {
    vi.useFakeTimers();
    try {
      const { queue, w } = queuedWorker();
      const store = createRunStore(() => w);
      store.getState().load(BUILTINS[0]?.json);
      const seen: number[] = [];
      for (const m of queue.splice(0)) {
        // Batches far apart, each step's report right after one (as a long load sends them).
        if (m.type === "frames") vi.advanceTimersByTime(300);
        w.onmessage?.({ data: m } as MessageEvent<Message>);
        const s = store.getState();
        if (s.running) seen.push(s.stepsDone);
      }
      expect(Math.max(...seen)).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens at frame 0 with the whole run known, and any path to a frame gives one state", () => {
    const store = createRunStore(fakeWorker);
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

  it("a call at the last frame runs last, shows its return value and jumps to its first frame", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const before = store.getState().total;
    store.getState().goto(before);
    store.getState().call({ op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 });
    const s = store.getState();
    expect(s.calls.at(-1)).toMatchObject({ op: "mbind", ret: "-EINVAL", errors: [] });
    expect(s.cur).toBe(before + 1);
    expect((s.scenario as { steps: unknown[] }).steps).toHaveLength(6);
    expect(s.calls.at(-1)?.appended).toBe(true);
    store.getState().call({ op: "touch", tid: 100, addr: "nope", pages: 1 });
    expect(store.getState().calls.at(-1)?.errors.join()).toMatch(/^addr: /);
    // The rejected call left nothing to undo; Undo takes back the appended mbind.
    expect(store.getState().undo).toHaveLength(1);
    store.getState().undoCall();
    expect((store.getState().scenario as { steps: unknown[] }).steps).toHaveLength(5);
    expect(store.getState().total).toBe(before);
    expect(store.getState().cur).toBe(before);
  });

  it("a refused load keeps the calls made on the run on screen, and their Undo; an accepted one starts afresh", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    store.getState().goto(store.getState().total);
    store.getState().call({ op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 });
    store.getState().load({ version: 2 });
    expect(store.getState().problem.join()).toMatch(/version/);
    expect(store.getState().calls).toHaveLength(1);
    expect(store.getState().undo).toHaveLength(1);
    store.getState().load(BUILTINS[1]?.json);
    expect(store.getState().calls).toEqual([]);
    expect(store.getState().undo).toEqual([]);
  });

  it("an earlier load that lands while a later one is refused brings its own, empty, calls list", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(BUILTINS[0]?.json);
    worker.answer();
    store.getState().goto(store.getState().total);
    store.getState().call({ op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 });
    worker.answer();
    expect(store.getState().calls).toHaveLength(1);
    // A, then an invalid B, both asked before the worker answers: A's run is let through.
    store.getState().load(BUILTINS[1]?.json);
    store.getState().load({ version: 2 });
    worker.answer();
    const s = store.getState();
    expect(s.problem.join()).toMatch(/version/);
    expect(s.scenario).toEqual(BUILTINS[1]?.json);
    expect(s.calls).toEqual([]);
    expect(s.undo).toEqual([]);
  });

  it("Undo or Restart while a new load is pending keeps the run on screen's calls", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(BUILTINS[0]?.json);
    worker.answer();
    store.getState().goto(store.getState().total);
    const call = { op: "mbind", tid: 100, addr: "0x7f0000000000", pages: 4, mode: 9 };
    store.getState().call(call);
    worker.answer();
    store.getState().call(call);
    worker.answer();
    store.getState().load(BUILTINS[1]?.json);
    store.getState().undoCall();
    worker.answer();
    expect(store.getState().calls).toHaveLength(1);
    expect(store.getState().undo).toHaveLength(1);
    store.getState().load(BUILTINS[1]?.json);
    store.getState().restart();
    worker.answer();
    expect(store.getState().calls).toHaveLength(1);
    expect((store.getState().scenario as { steps: unknown[] }).steps).toHaveLength(6);
  });

  it("refuses a call while the run on screen is being replaced, and takes one once it is", () => {
    const sent: string[] = [];
    const worker = heldWorker();
    const store = createRunStore(() => {
      const w = worker.spawn();
      const post = w.postMessage.bind(w);
      w.postMessage = (cmd, transfer) => {
        sent.push(cmd.type);
        post(cmd, transfer);
      };
      return w;
    });
    const touch = { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1, access: "read" };
    const calls = () => sent.filter((t) => t === "insert" || t === "append").length;
    // The first load not yet answered: nothing to place a call in.
    store.getState().load(BUILTINS[0]?.json);
    expect(store.getState().replacing).toBe(true);
    expect(store.getState().call(touch)).toBeNull();
    worker.answer();
    expect(store.getState().replacing).toBe(false);
    // At frame 1 the call is inserted, and the scenario runs again: a second call made before
    // that rerun's init would be placed by the frames it replaces.
    store.getState().goto(1);
    expect(store.getState().call(touch)).toBeTypeOf("number");
    expect(store.getState().replacing).toBe(true);
    expect(store.getState().call(touch)).toBeNull();
    expect(calls()).toBe(1);
    worker.answer();
    expect(store.getState().calls).toHaveLength(1);
    // A call the worker refuses (no such thread) brings no init: calls are taken again after it.
    store.getState().goto(1);
    expect(store.getState().call({ ...touch, tid: 999 })).toBeTypeOf("number");
    worker.answer();
    expect(store.getState().calls.at(-1)?.errors.join()).toMatch(/tid/);
    expect(store.getState().call(touch)).toBeTypeOf("number");
    worker.answer();
    // Undo reloads the scenario without the last call: refused until that reload lands.
    store.getState().undoCall();
    expect(store.getState().call(touch)).toBeNull();
    worker.answer();
    store.getState().goto(store.getState().total);
    expect(store.getState().call(touch)).toBeTypeOf("number");
    expect(calls()).toBe(4);
  });

  it("an error from the old run's last steps does not take calls while an inserted call's rerun is coming", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    const touch = { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 1, access: "read" };
    store.getState().load(BUILTINS[0]?.json);
    worker.answer();
    store.getState().goto(1);
    const id = store.getState().call(touch);
    expect(id).toBeTypeOf("number");
    // The model threw in a step the old run had queued before the worker got to the insert.
    worker.say({ type: "error", context: "crash", id: null, errors: ["threw"], run: 1 });
    expect(store.getState().replacing).toBe(true);
    expect(store.getState().call(touch)).toBeNull();
    // The same error naming the insert (its rerun failed before its init) ends the wait.
    worker.say({ type: "error", context: "crash", id, errors: ["threw"], run: 1 });
    expect(store.getState().replacing).toBe(false);
  });

  it("a call made at an earlier frame goes after that frame's step; Undo takes it back", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const s0 = store.getState();
    const steps0 = (s0.scenario as { steps: unknown[] }).steps;
    const total0 = s0.total;
    const mbind = s0.timeline?.steps.find((x) => x.op === "mbind");
    if (!mbind) throw new Error("the seed has an mbind");
    // Inside the mbind: the call goes right after it, before the faults that follow.
    s0.goto(mbind.firstFrame + 3);
    const read = { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1, access: "read" };
    store.getState().call(read);
    const s1 = store.getState();
    const call = s1.calls.at(-1);
    expect(call).toMatchObject({ at: mbind.index + 1, ret: 0, errors: [] });
    expect((s1.scenario as { steps: unknown[] }).steps[mbind.index + 1]).toEqual(read);
    expect((s1.scenario as { steps: unknown[] }).steps).toHaveLength(steps0.length + 1);
    expect(s1.cur).toBe(mbind.firstFrame + mbind.frames);
    expect(s1.timeline?.meta(s1.cur)?.step).toBe(mbind.index + 1);
    expect(s1.total).toBeGreaterThan(total0);
    store.getState().undoCall();
    const s2 = store.getState();
    expect((s2.scenario as { steps: unknown[] }).steps).toEqual(steps0);
    expect(s2.total).toBe(total0);
    expect(s2.cur).toBe(mbind.firstFrame + 3);
    expect(s2.calls).toHaveLength(0);
  });

  it("drops the later steps when asked", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[0]?.json);
    const mbind = store.getState().timeline?.steps.find((x) => x.op === "mbind");
    store.getState().goto((mbind?.firstFrame ?? 1) + 1);
    store.getState().call({ op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 }, true);
    const steps = (store.getState().scenario as { steps: unknown[] }).steps;
    expect(steps).toHaveLength((mbind?.index ?? 0) + 2);
  });

  it("a newer load wins: nothing from the scenario the user left reaches the panels", () => {
    const workers: { w: WorkerLike; cmds: Command[] }[] = [];
    const store = createRunStore(() => {
      const rec = { cmds: [] as Command[], w: null as unknown as WorkerLike };
      rec.w = {
        onmessage: null,
        onerror: null,
        terminate() {},
        postMessage: (c: Command) => rec.cmds.push(c),
      };
      workers.push(rec);
      return rec.w;
    });
    store.getState().load(BUILTINS[0]?.json);
    const first = workers[0];
    store.getState().load(BUILTINS[1]?.json);
    // The first worker answers late: its messages must not land.
    const s = new Session((m) => first?.w.onmessage?.({ data: m } as MessageEvent<Message>));
    s.load(BUILTINS[0]?.json);
    expect(store.getState().timeline).toBeNull();
    expect(store.getState().requested).toBe(BUILTINS[1]?.json);
    // The picker names the scenario being loaded, not the first lesson or the last one shown.
    expect(selectPickedScenario(store.getState())).toBe(BUILTINS[1]?.json);
  });

  it("the kernel switch shows the kernel asked for while it loads, and the one on screen after a refusal", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    const lesson = BUILTINS[0]?.json;
    store.getState().load(lesson);
    worker.answer();
    expect(selectShownKernel(store.getState())).toBe("rfc-2012");
    store.getState().load(withKernel(store.getState().scenario, "mainline"));
    expect(selectShownKernel(store.getState())).toBe("mainline");
    worker.answer();
    expect(kernelOf(store.getState().scenario)).toBe("mainline");
    expect(selectShownKernel(store.getState())).toBe("mainline");
    store.getState().load({ ...(lesson as object), kernel: "no-such-kernel" });
    worker.answer();
    expect(store.getState().phase).toBe("ready");
    expect(selectShownKernel(store.getState())).toBe("mainline");
  });

  it("the picker names the scenario on screen once loaded, and again after a refused load", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(BUILTINS[1]?.json);
    const shown = store.getState().scenario;
    expect(selectPickedScenario(store.getState())).toBe(shown);
    store.getState().load({ title: "bad", machine: "not a machine" });
    expect(store.getState().phase).toBe("ready");
    expect(selectPickedScenario(store.getState())).toBe(shown);
  });
});
