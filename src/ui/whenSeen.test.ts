import { describe, expect, it } from "vitest";
import { BUSY_LIMIT_MS, IDLE_TIMEOUT_MS, type Scheduler, WhenSeen } from "./whenSeen.ts";

/** A scheduler whose idle moments, painted frames and clock come when the test says. */
function fakeIdle(): Scheduler & {
  pending: number;
  time: number;
  timeouts: number[];
  runIdle(): void;
  /** A frame painted. */
  paint(): void;
} {
  const tasks = new Set<() => void>();
  const paints = new Set<() => void>();
  return {
    time: 0,
    timeouts: [],
    get pending() {
      return tasks.size;
    },
    idle(task, timeout) {
      this.timeouts.push(timeout);
      tasks.add(task);
      return () => tasks.delete(task);
    },
    afterPaint(task) {
      paints.add(task);
      return () => paints.delete(task);
    },
    now() {
      return this.time;
    },
    runIdle() {
      const now = [...tasks];
      tasks.clear();
      for (const t of now) t();
    },
    paint() {
      const now = [...paints];
      paints.clear();
      for (const t of now) t();
    },
  };
}

/** A panel whose drawing records the value it drew; `state.busy` stands for a seek waiting. */
function panel() {
  const idle = fakeIdle();
  const state = { value: 0, busy: false };
  const drawn: number[] = [];
  const w = new WhenSeen(
    () => drawn.push(state.value),
    idle,
    () => state.busy,
  );
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
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([5]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([5]);
  });

  it("lets an idle moment go until the frame with the change is painted, then draws", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 1;
    w.request();
    // Chromium runs idle callbacks while a frame is still due (a far seek's, laid out).
    idle.runIdle();
    expect(drawn).toEqual([]);
    expect(idle.pending).toBe(0);
    idle.paint();
    expect(idle.pending).toBe(1);
    idle.runIdle();
    expect(drawn).toEqual([1]);
  });

  it("waits for the next frame for a change made after a frame was painted", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 1;
    w.request();
    idle.paint();
    state.value = 2;
    w.request();
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("with changes that keep coming and no seek (a load), waits for one paint only", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 1;
    w.request();
    idle.runIdle();
    idle.paint();
    state.value = 2;
    w.request();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("a seek that holds the panel back makes it wait for the paint of the frame it lands", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 1;
    w.request();
    idle.runIdle();
    idle.paint();
    state.busy = true;
    idle.runIdle();
    // The seek lands: its frame is laid out, not yet painted.
    state.busy = false;
    state.value = 2;
    w.request();
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("at the busy limit, draws even before the frame is painted", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    idle.time = 1000;
    state.value = 1;
    w.request();
    idle.time = 1000 + BUSY_LIMIT_MS;
    idle.runIdle();
    expect(drawn).toEqual([1]);
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

  it("lets idle moments go while busy (a seek waiting), and draws the frame that lands", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    state.value = 1;
    w.request();
    state.busy = true;
    idle.time = 50;
    idle.runIdle();
    idle.time = 120;
    idle.runIdle();
    expect(drawn).toEqual([]);
    expect(idle.pending).toBe(1);
    // The seek lands: the next idle moment after its frame is painted draws it, once.
    state.busy = false;
    state.value = 2;
    w.request();
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
    expect(idle.pending).toBe(0);
  });

  it("lets idle moments go while seeks keep coming, each restarting the wait, then draws", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    idle.time = 1000;
    state.value = 1;
    w.request();
    state.busy = true;
    // Seek after seek, past IDLE_TIMEOUT_MS: every idle moment (or deadline) is let go, and the
    // browser's next deadline is a whole IDLE_TIMEOUT_MS from the one let go.
    for (let t = 1000 + 150; t < 1000 + BUSY_LIMIT_MS - IDLE_TIMEOUT_MS; t += 150) {
      idle.time = t;
      idle.runIdle();
    }
    expect(drawn).toEqual([]);
    expect(idle.timeouts.slice(1).every((t) => t === IDLE_TIMEOUT_MS)).toBe(true);
    // The last deadline is the busy limit, not a whole IDLE_TIMEOUT_MS more.
    idle.time = 1000 + BUSY_LIMIT_MS - 50;
    idle.runIdle();
    expect(idle.timeouts.at(-1)).toBe(50);
    // Still seeking at the limit: it draws the latest frame, once.
    state.value = 2;
    idle.time = 1000 + BUSY_LIMIT_MS;
    idle.runIdle();
    expect(drawn).toEqual([2]);
    expect(idle.pending).toBe(0);
  });

  it("a deadline that comes with no seek waiting draws; the next change waits its own time", () => {
    const { state, drawn, w, idle } = panel();
    w.setSeen(false);
    idle.time = 1000;
    state.value = 1;
    w.request();
    state.busy = true;
    idle.time = 1000 + IDLE_TIMEOUT_MS - 1;
    idle.runIdle();
    expect(idle.timeouts).toEqual([IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS]);
    // The seek lands; the deadline set at the moment let go comes with none waiting: it draws.
    state.busy = false;
    idle.time += 150;
    state.value = 2;
    w.request();
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
    state.value = 3;
    w.request();
    expect(idle.timeouts.at(-1)).toBe(IDLE_TIMEOUT_MS);
    expect(drawn).toEqual([2]);
  });
});
