/**
 * The calls list follows the steps it names: a call inserted before earlier ones moves them on,
 * one that drops the steps after it drops them (and Undo brings them back), a rerun brings their
 * new results, and the kernel switch keeps them all.
 */
import { describe, expect, it, vi } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { withKernel } from "../scenario/format.ts";
import { fakeWorker, heldWorker, pacedWorker } from "../test/fakeWorker.ts";
import { createRunStore } from "./store.ts";

type Store = ReturnType<typeof createRunStore>;
const SEED = BUILTINS.find((b) => b.id === "seed-workers-pull-local")?.json;
const stepsOf = (store: Store) => (store.getState().scenario as { steps: unknown[] }).steps;
const AREA = "0x7f0000000000";
const touch = { op: "touch", tid: 101, addr: AREA, pages: 1, access: "read" };
const munmap = { op: "munmap", tid: 100, addr: AREA, pages: 24 };

/** The seed with a call appended at its end: the call's id. */
function seedWithCallAtEnd(store: Store): number {
  store.getState().load(SEED);
  store.getState().goto(store.getState().total);
  const id = store.getState().call(touch);
  if (id === null) throw new Error("the call was taken");
  return id;
}

const callOf = (store: Store, id: number) => store.getState().calls.find((c) => c.id === id);

describe("the calls made", () => {
  it("move on a step when a call is inserted before them, and keep naming their own step", () => {
    const store = createRunStore(fakeWorker);
    const id = seedWithCallAtEnd(store);
    const at = callOf(store, id)?.at ?? -1;
    expect(stepsOf(store)[at]).toEqual(touch);
    store.getState().goto(1);
    store.getState().call({ ...touch, tid: 102 });
    expect(callOf(store, id)?.at).toBe(at + 1);
    expect(stepsOf(store)[at + 1]).toEqual(touch);
    expect(callOf(store, id)?.ret).toBe(0);
  });

  it("a call that drops the steps after it drops theirs; Undo brings them back as they were", () => {
    const store = createRunStore(fakeWorker);
    const id = seedWithCallAtEnd(store);
    const at = callOf(store, id)?.at;
    store.getState().goto(1);
    store.getState().call({ ...touch, tid: 102 }, true);
    expect(callOf(store, id)?.dropped).toBe(true);
    expect(stepsOf(store)).not.toContainEqual(touch);
    store.getState().undoCall();
    expect(callOf(store, id)).toMatchObject({ at, ret: 0 });
    expect(callOf(store, id)?.dropped).toBeFalsy();
    expect(stepsOf(store)[at ?? -1]).toEqual(touch);
  });

  it("a call the worker refuses moves none of the others, nor drops them", () => {
    const store = createRunStore(fakeWorker);
    const id = seedWithCallAtEnd(store);
    const before = callOf(store, id);
    store.getState().goto(1);
    const refused = store.getState().call({ ...touch, tid: 9999 }, true);
    expect(store.getState().calls.find((c) => c.id === refused)?.errors.length).toBeGreaterThan(0);
    expect(callOf(store, id)).toEqual(before);
    expect(stepsOf(store)[before?.at ?? -1]).toEqual(touch);
    // Undo takes back the last accepted call; the refused one stays listed as refused.
    store.getState().undoCall();
    expect(store.getState().calls.map((c) => c.id)).toEqual([refused]);
  });

  it("says where a rerun will open while frame 0 stands in for it, until it gets there", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(SEED);
    worker.answer();
    expect(store.getState().opening).toBeNull();
    store.getState().goto(40);
    const id = store.getState().call(touch) ?? -1;
    expect(store.getState().opening).toBe("call");
    worker.answer();
    expect(store.getState().opening).toBeNull();
    expect(store.getState().cur).toBe(callOf(store, id)?.firstFrame);
    store.getState().undoCall();
    expect(store.getState().opening).toBe("frame");
    worker.answer();
    expect(store.getState().opening).toBeNull();
    expect(store.getState().cur).toBe(40);
  });

  it("is not made while frame 0 stands in for a rerun still coming (it would go before every step)", () => {
    const { spawn, all } = pacedWorker();
    const store = createRunStore(spawn);
    store.getState().load(SEED);
    all();
    store.getState().goto(120);
    store.getState().call(touch);
    all();
    const steps = stepsOf(store).length;
    store.getState().undoCall();
    expect(store.getState()).toMatchObject({ opening: "frame", running: true, cur: 0 });
    expect(store.getState().call({ ...touch, tid: 102 }, true)).toBeNull();
    all();
    expect(stepsOf(store)).toHaveLength(steps - 1);
    expect(store.getState()).toMatchObject({ opening: null, cur: 120 });
  });

  it("a move made while frame 0 stands in ends the wait there: the run does not jump on at its end", () => {
    const { spawn, all, next } = pacedWorker();
    // The panels hear of a run's frames a few times a second: a second passes at every look.
    let now = 0;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => (now += 1000));
    const store = createRunStore(spawn);
    store.getState().load(SEED);
    all();
    store.getState().goto(120);
    store.getState().call(touch);
    all();
    store.getState().undoCall();
    next();
    expect(store.getState()).toMatchObject({ opening: "frame", running: true });
    expect(store.getState().total).toBeGreaterThan(2);
    // The app's own moves (a link's frame, an export's) and a move that goes nowhere leave the
    // wait as it is.
    store.getState().goto(1, { keepWaiting: true });
    store.getState().goto(1);
    expect(store.getState().opening).toBe("frame");
    // The user steps on in what has come so far: that is where they are now.
    store.getState().goto(2);
    expect(store.getState()).toMatchObject({ opening: null, cur: 2 });
    all();
    expect(store.getState()).toMatchObject({ opening: null, running: false, cur: 2 });
    // So too for a call inserted at an earlier frame: a move before the rerun reaches it stays.
    store.getState().goto(40);
    store.getState().call({ ...touch, tid: 102 });
    expect(store.getState().opening).toBe("call");
    next();
    store.getState().goto(1);
    all();
    expect(store.getState()).toMatchObject({ opening: null, cur: 1 });
    clock.mockRestore();
  });

  it("a call at the end is not made while the one before it is unanswered (a double click)", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(SEED);
    worker.answer();
    store.getState().goto(store.getState().total);
    const first = store.getState().call(touch) ?? -1;
    // Its step is not in the scenario yet: a second call's Undo would save a scenario without it.
    expect(store.getState().call({ ...touch, tid: 102 })).toBeNull();
    worker.answer();
    const second = store.getState().call({ ...touch, tid: 102 }) ?? -1;
    worker.answer();
    const steps = stepsOf(store);
    expect(steps[callOf(store, first)?.at ?? -1]).toEqual(touch);
    expect(steps[callOf(store, second)?.at ?? -1]).toEqual({ ...touch, tid: 102 });
    store.getState().undoCall();
    worker.answer();
    expect(stepsOf(store).at(-1)).toEqual(touch);
    expect(store.getState().calls.map((c) => c.id)).toEqual([first]);
  });

  it("show what they return when they run again after an earlier change", () => {
    const store = createRunStore(fakeWorker);
    const id = seedWithCallAtEnd(store);
    // Unmapping the area before the last step: the read there now finds no VMA.
    const last = store.getState().timeline?.steps.at(-2);
    store.getState().goto(last?.firstFrame ?? 1);
    store.getState().call(munmap);
    expect(callOf(store, id)?.ret).toBe("SIGSEGV");
    store.getState().undoCall();
    expect(callOf(store, id)?.ret).toBe(0);
  });

  it("are kept by the kernel switch, with their results under the other kernel, and Undo stays there", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(SEED);
    store.getState().goto(store.getState().total);
    const lazy = {
      op: "mbind",
      tid: 100,
      addr: AREA,
      pages: 8,
      mode: "MPOL_PREFERRED",
      nodes: [],
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
    };
    const id = store.getState().call(lazy) ?? -1;
    const steps0 = stepsOf(store).length - 1;
    store.getState().call(touch);
    expect(callOf(store, id)?.ret).toBe(0);
    const under = (sc: unknown) => withKernel(sc, "mainline");
    store.getState().load(under(store.getState().scenario), false, under);
    // 6.1 has no MPOL_MF_LAZY.
    expect(callOf(store, id)?.ret).toBe("-EINVAL");
    expect(store.getState().calls).toHaveLength(2);
    store.getState().undoCall();
    expect(store.getState().calls).toHaveLength(1);
    expect((store.getState().scenario as { kernel?: string }).kernel).toBe("mainline");
    expect(stepsOf(store).at(-1)).toEqual(lazy);
    // Where the touch was made (the lazy mbind's last frame, in the RFC's numbering): Undo opens
    // at that call's first frame in the 6.1 run, whose frames are numbered otherwise.
    const s = store.getState();
    expect(s.cur).toBe(s.timeline?.steps.find((x) => x.index === steps0)?.firstFrame);
  });

  it("a kernel switch that lands while a later load is refused keeps them, its own way", () => {
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    store.getState().load(SEED);
    worker.answer();
    store.getState().goto(store.getState().total);
    store.getState().call(touch);
    worker.answer();
    const under = (sc: unknown) => withKernel(sc, "mainline");
    store.getState().load(under(store.getState().scenario), false, under);
    store.getState().load({ version: 2 });
    worker.answer();
    expect(store.getState().problem.join()).toMatch(/version/);
    expect((store.getState().scenario as { kernel?: string }).kernel).toBe("mainline");
    expect(store.getState().calls).toHaveLength(1);
    const undone = store.getState().undo[0]?.scenario as { kernel?: string } | undefined;
    expect(undone?.kernel).toBe("mainline");
  });
});
