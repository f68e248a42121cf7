import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { followingStore } from "./followingStore.ts";
import type { RunState, RunStore } from "./store.ts";
import type { Scheduler } from "./whenSeen.ts";

/** A run with the two fields the copy cares about, and a move that changes one PTE. */
function fakeRun() {
  const run = createStore<{
    version: number;
    changedPtes: number[] | null;
    seeking(): boolean;
  }>()(() => ({
    version: 0,
    changedPtes: null,
    seeking: () => false,
  }));
  const move = () =>
    run.setState((s) => ({ version: s.version + 1, changedPtes: [100, s.version] }));
  return { run: run as unknown as RunStore, move };
}

/** Idle moments when the test says, each after a frame painted (whenSeen.test covers paints). */
function idleByHand(): Scheduler & { runIdle(): void } {
  const tasks: (() => void)[] = [];
  const paints: (() => void)[] = [];
  return {
    idle(task) {
      tasks.push(task);
      return () => {
        const i = tasks.indexOf(task);
        if (i >= 0) tasks.splice(i, 1);
      };
    },
    afterPaint(paint) {
      paints.push(paint);
      return () => {
        const i = paints.indexOf(paint);
        if (i >= 0) paints.splice(i, 1);
      };
    },
    after: () => () => {},
    now: () => 0,
    runIdle() {
      for (const p of paints.splice(0)) p();
      for (const t of tasks.splice(0)) t();
    },
  };
}

/** A run and a copy following it, out of view, whose idle moments come when the test says. */
function followingOutOfView() {
  const { run, move } = fakeRun();
  const idle = idleByHand();
  const f = followingStore(run, idle);
  const stop = f.follow();
  f.drawing.setSeen(false);
  return { run, move, idle, f, stop };
}

describe("followingStore", () => {
  it("follows the run move by move while seen, handing on the run's own states", () => {
    const { run, move } = fakeRun();
    const f = followingStore(run, idleByHand());
    const stop = f.follow();
    const seen: [RunState, RunState][] = [];
    f.store.subscribe((s, prev) => seen.push([s, prev]));
    move();
    move();
    expect(f.store.getState()).toBe(run.getState());
    expect(seen.map(([s]) => s.version)).toEqual([1, 2]);
    expect(seen[1]?.[1]).toBe(seen[0]?.[0]);
    stop();
  });

  it("out of view, takes up the latest state in one idle moment, saying no PTE changes when it skipped moves", () => {
    const { run, move, idle, f, stop } = followingOutOfView();
    const versions: number[] = [];
    f.store.subscribe((s) => versions.push(s.version));
    move();
    move();
    move();
    expect(f.store.getState().version).toBe(0);
    idle.runIdle();
    expect(versions).toEqual([3]);
    // Three moves' changes were never seen one by one: the state taken up says so.
    expect(f.store.getState().changedPtes).toBeNull();
    expect(run.getState().changedPtes).not.toBeNull();
    // One move behind: its own state, changes and all.
    move();
    idle.runIdle();
    expect(f.store.getState()).toBe(run.getState());
    stop();
  });

  it("draws what it put off when seen again, and stops following when told", () => {
    const { move, idle, f, stop } = followingOutOfView();
    move();
    f.drawing.setSeen(true);
    expect(f.store.getState().version).toBe(1);
    stop();
    move();
    idle.runIdle();
    expect(f.store.getState().version).toBe(1);
  });

  it("sends setState to the run, and catches up on moves made before it followed as skipped ones", () => {
    const { run, move } = fakeRun();
    const f = followingStore(run, idleByHand());
    move();
    move();
    const stop = f.follow();
    expect(f.store.getState().version).toBe(2);
    expect(f.store.getState().changedPtes).toBeNull();
    f.store.setState({ version: 42 } as Partial<RunState>);
    expect(run.getState().version).toBe(42);
    expect(f.store.getState().version).toBe(42);
    stop();
  });
});
