import { describe, expect, it } from "vitest";
import { type Scheduler, WhenSeen } from "./whenSeen.ts";

/** A scheduler whose idle moment comes when the test says. */
function fakeIdle(): Scheduler & { pending: number; runIdle(): void } {
  const tasks = new Set<() => void>();
  return {
    get pending() {
      return tasks.size;
    },
    idle(task) {
      tasks.add(task);
      return () => tasks.delete(task);
    },
    runIdle() {
      const now = [...tasks];
      tasks.clear();
      for (const t of now) t();
    },
  };
}

/** A panel whose drawing records the value it drew. */
function panel() {
  const idle = fakeIdle();
  const state = { value: 0 };
  const drawn: number[] = [];
  const w = new WhenSeen(() => drawn.push(state.value), idle);
  return { idle, state, drawn, w };
}

describe("WhenSeen", () => {
  it("draws at once while seen, and before it has been told either way", () => {
    const { state, drawn, w, idle } = panel();
    state.value = 1;
    w.request();
    w.setSeen(true);
    state.value = 2;
    w.request();
    expect(drawn).toEqual([1, 2]);
    expect(idle.pending).toBe(0);
  });

  it("puts off a hidden panel's drawing to one idle moment, which draws the latest state", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    for (let v = 1; v <= 5; v++) {
      state.value = v;
      w.request();
    }
    expect(drawn).toEqual([]);
    expect(idle.pending).toBe(1);
    idle.runIdle();
    expect(drawn).toEqual([5]);
    idle.runIdle();
    expect(drawn).toEqual([5]);
  });

  it("draws what it put off as the panel comes into view, and not again when idle", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 7;
    w.request();
    w.setSeen(true);
    expect(drawn).toEqual([7]);
    expect(idle.pending).toBe(0);
    idle.runIdle();
    expect(drawn).toEqual([7]);
  });

  it("coming into view with nothing put off draws nothing", () => {
    const { drawn, w } = panel();
    w.setSeen(false);
    w.setSeen(true);
    expect(drawn).toEqual([]);
  });

  it("flush draws a put-off change now; stop drops it", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 3;
    w.request();
    w.flush();
    expect(drawn).toEqual([3]);
    w.flush();
    expect(drawn).toEqual([3]);
    state.value = 4;
    w.request();
    w.stop();
    expect(idle.pending).toBe(0);
    idle.runIdle();
    expect(drawn).toEqual([3]);
  });
});
