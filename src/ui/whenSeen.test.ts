import { describe, expect, it } from "vitest";
import { BUSY_LIMIT_MS, IDLE_TIMEOUT_MS, type Scheduler, WhenSeen } from "./whenSeen.ts";

/** A scheduler whose idle moments, painted frames, timers and clock come when the test says. */
function fakeIdle(): Scheduler & {
  /** Idle waits; `waiting`: anything at all (idle waits, paint watches, timers). */
  pending: number;
  waiting: number;
  time: number;
  timeouts: number[];
  runIdle(): void;
  /** A frame painted. */
  paint(): void;
  /** The timers due by `time`. */
  runTimers(): void;
} {
  const tasks = new Set<() => void>();
  const paints = new Set<() => void>();
  const timers = new Set<{ due: number; task: () => void }>();
  return {
    time: 0,
    timeouts: [],
    get pending() {
      return tasks.size;
    },
    get waiting() {
      return tasks.size + paints.size + timers.size;
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
    after(task, ms) {
      const timer = { due: this.time + ms, task };
      timers.add(timer);
      return () => timers.delete(timer);
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
    runTimers() {
      for (const timer of [...timers])
        if (timer.due <= this.time && timers.delete(timer)) timer.task();
    },
  };
}

/**
 * A panel whose drawing records the value it drew; `state.busy` stands for a seek waiting, and
 * `state.moves` counts the moves of the frame on screen.
 */
function panel() {
  const idle = fakeIdle();
  const state = { value: 0, busy: false, moves: 0 };
  const drawn: number[] = [];
  const w = new WhenSeen(
    () => drawn.push(state.value),
    idle,
    () => state.busy,
    () => state.moves,
  );
  /** The panel's data change to `value` (a move of the frame on screen if `moved`). */
  const change = (value: number, moved = false) => {
    state.value = value;
    if (moved) state.moves++;
    w.request();
  };
  return { idle, state, drawn, w, change };
}

/** A panel out of view, after a change to `value`. */
function hiddenAfter(value: number) {
  const p = panel();
  p.w.setSeen(false);
  p.change(value);
  return p;
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
    const { drawn, idle } = hiddenAfter(1);
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
    const { drawn, idle, change } = hiddenAfter(1);
    idle.paint();
    change(2);
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("with changes that keep coming and the frame still (a load), waits for one paint", () => {
    const { drawn, idle, change } = hiddenAfter(1);
    idle.runIdle();
    idle.paint();
    // Each frame painted already has a newer change waiting for the next.
    change(2);
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("waits again for the paint of each move of the frame", () => {
    const { drawn, idle, change } = hiddenAfter(1);
    idle.runIdle();
    idle.paint();
    change(2, true);
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("a hidden tab paints nothing: the wait for a paint ends in IDLE_TIMEOUT_MS, then it draws", () => {
    const { drawn, idle } = hiddenAfter(1);
    idle.time = 10;
    idle.runIdle();
    idle.time = 10 + IDLE_TIMEOUT_MS - 1;
    idle.runTimers();
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.time = 10 + IDLE_TIMEOUT_MS;
    idle.runTimers();
    idle.runIdle();
    expect(drawn).toEqual([1]);
  });

  it("a seek that holds the panel back, then lands, waits for the paint of its frame", () => {
    const { state, drawn, idle, change } = hiddenAfter(1);
    idle.runIdle();
    idle.paint();
    state.busy = true;
    idle.time = 150;
    idle.runIdle();
    // The seek lands: laid out, not yet painted.
    state.busy = false;
    change(2, true);
    idle.time = 160;
    idle.runIdle();
    expect(drawn).toEqual([]);
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("while it waits for a paint: a change starts no second wait, and one draw follows", () => {
    const { drawn, idle, change } = hiddenAfter(1);
    idle.runIdle();
    change(2);
    expect(idle.pending).toBe(0);
    idle.paint();
    expect(idle.pending).toBe(1);
    idle.runIdle();
    idle.paint();
    idle.runIdle();
    expect(drawn).toEqual([2]);
  });

  it("while it waits for a paint, flush and coming into view draw once, and stop drops it", () => {
    for (const end of ["flush", "seen", "stop"] as const) {
      const { state, drawn, w, idle } = panel();
      w.setSeen(false);
      state.value = 1;
      w.request();
      idle.runIdle();
      if (end === "flush") w.flush();
      else if (end === "seen") w.setSeen(true);
      else w.stop();
      expect(drawn).toEqual(end === "stop" ? [] : [1]);
      expect(idle.waiting).toBe(0);
      idle.paint();
      idle.time = BUSY_LIMIT_MS;
      idle.runTimers();
      idle.runIdle();
      expect(drawn).toEqual(end === "stop" ? [] : [1]);
    }
  });

  it("works with a scheduler that runs a paint's task at once", () => {
    const idle = fakeIdle();
    const drawn: number[] = [];
    let value = 0;
    const w = new WhenSeen(() => drawn.push(value), {
      ...idle,
      idle: (task, timeout) => idle.idle(task, timeout),
      afterPaint(task) {
        task();
        return () => {};
      },
    });
    w.setSeen(false);
    for (value = 1; value <= 3; value++) {
      w.request();
      idle.runIdle();
    }
    expect(drawn).toEqual([1, 2, 3]);
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
    const { drawn, w, idle } = hiddenAfter(7);
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
    const { drawn, w, idle, change } = hiddenAfter(3);
    w.flush();
    expect(drawn).toEqual([3]);
    w.flush();
    expect(drawn).toEqual([3]);
    change(4);
    w.stop();
    expect(idle.pending).toBe(0);
    idle.runIdle();
    expect(drawn).toEqual([3]);
  });

  it("lets idle moments go while busy (a seek waiting), and draws the frame that lands", () => {
    const { state, drawn, idle, change } = hiddenAfter(1);
    state.busy = true;
    idle.time = 50;
    idle.runIdle();
    idle.time = 120;
    idle.runIdle();
    expect(drawn).toEqual([]);
    expect(idle.pending).toBe(1);
    // The seek lands: the next idle moment after its frame is painted draws it, once.
    state.busy = false;
    change(2);
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
