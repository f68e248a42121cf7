/**
 * Drawing for a panel the reader cannot see, put off until the browser is idle. A step on the
 * large machine rewrites the counters panel, 2,000 px below the fold at 1920x1080, as surely as
 * the node grids on screen; done at once it was about a fifth of the step. Put off, the step
 * reaches the screen sooner, and the panel catches up in the same frame's idle time (or within
 * `IDLE_TIMEOUT_MS` when there is none, as while a run plays), so a screen reader or a scroll never
 * finds it more than one idle period behind. While frames come faster than that, the panel draws
 * the latest only. Not `content-visibility: auto`: this Chromium leaves skipped content out of
 * the accessibility tree (see the README).
 */

/** How long a hidden panel may wait for an idle moment before it is drawn anyway. */
export const IDLE_TIMEOUT_MS = 200;
/** How long far seeks coming one after another may hold a hidden panel's drawing back. */
export const BUSY_LIMIT_MS = 3000;

/** The browser's side, given to `WhenSeen` so its decisions can be tested without one. */
export interface Scheduler {
  /** Runs `task` when the browser is idle, or within `timeout` ms; returns a cancel. */
  idle(task: () => void, timeout: number): () => void;
  /**
   * Runs `task` once the browser's next frame has been painted; returns a cancel. A hidden tab
   * paints no frame, so it may never run there.
   */
  afterPaint(task: () => void): () => void;
  /** Runs `task` in `ms` milliseconds; returns a cancel. */
  after(task: () => void, ms: number): () => void;
  /** Milliseconds, from any origin. */
  now(): number;
}

/**
 * Calls `draw` at once while the panel is seen, or once in an idle moment while it is not. The
 * panel counts as seen until told otherwise, so a first draw is never put off.
 *
 * `busy` says the frame on screen is about to change (a far seek waits for the worker): an idle
 * moment then would draw a frame already on its way out, and while the main thread waits for
 * the worker's answer, a long draw made the answer wait too (a seek's slowest tenth). So an idle
 * moment while busy is let go, and the wait starts again: the panel draws in the first idle
 * moment with no seek waiting (and its frame painted, below), or `IDLE_TIMEOUT_MS` after the
 * last moment let go for a seek. Seeks that keep coming (a scrubber dragged) hold it back for
 * `BUSY_LIMIT_MS` at most, then it draws: what its last render read stays in memory until the
 * next (after a switch of scenario, the old run's view and frame 0, 12 MiB on the large
 * machine). Drawing anyway 200 ms after the change, as it did, put a hidden panel's draw into
 * one far seek in five of a series.
 *
 * Nor does it draw before the frame showing its latest change is painted. Chromium runs idle
 * callbacks while a frame is still due: between a far seek's layout and its paint (10 to 34 times
 * in 60 seeks, up to 10 ms each, 25 on a busy host), so the frame the reader waits for waited for
 * a panel no one sees. An idle moment that comes before that paint is let go until the paint
 * (or `IDLE_TIMEOUT_MS`, as a hidden tab paints nothing), once for each move of the frame on
 * screen (`moves`, a count): changes that keep coming with the frame still (a run loading) leave
 * no frame painted with the latest, so then the panel draws after one paint, whether or not that
 * paint showed its latest change. Seeks one after another each move the frame, so the busy
 * limit decides when the panel draws: at 1 s every hidden panel drew in the same seek of a
 * series of 60 (6-11 ms in one seek); at 3 s none did, and what the last renders hold stays up
 * to 3 s (the bench's ui_heap_mb, right after its far seeks, read 74-87 MiB, and 74 once they
 * had drawn). Traced over series of 60 far seeks, hidden drawing between a seek's layout and its
 * paint went from 19-44 ms a series to 1-5 ms.
 */
export class WhenSeen {
  private seen = true;
  /** Cancels the wait under way (for an idle moment, or for a paint); null: none. */
  private cancel: (() => void) | null = null;
  /** When the oldest change put off came (`scheduler.now()`). */
  private changedAt = 0;
  /** When the wait began: that change, or the last idle moment let go for a seek. */
  private since = 0;
  /** Counts the changes asked for; `painted`: the count when a frame known to show them was. */
  private changes = 0;
  private painted = 0;
  /** Stops watching for the next paint (null: not watching), and what to do once it is done. */
  private unwatch: (() => void) | null = null;
  private onPainted: (() => void) | null = null;
  /** `moves()` when this wait last let an idle moment go for a paint (NaN: it has not). */
  private waitedAt = Number.NaN;

  constructor(
    private readonly draw: () => void,
    private readonly scheduler: Scheduler,
    private readonly busy: () => boolean = () => false,
    private readonly moves: () => number = () => 0,
  ) {}

  /** Something the panel draws has changed. */
  request(): void {
    this.changes++;
    if (this.seen) {
      this.drawNow();
      return;
    }
    // Known by the idle moment, most often, so that moment need not wait a frame to find out.
    this.watchPaint();
    if (!this.cancel) {
      this.changedAt = this.scheduler.now();
      this.since = this.changedAt;
      this.waitedAt = Number.NaN;
      this.putOff();
    }
  }

  /** Waits for an idle moment until `IDLE_TIMEOUT_MS` after `since`, or the busy limit. */
  private putOff(): void {
    const now = this.scheduler.now();
    const deadline = Math.min(this.since + IDLE_TIMEOUT_MS, this.changedAt + BUSY_LIMIT_MS);
    // At least 1: a timeout of 0 is no timeout to requestIdleCallback.
    this.cancel = this.scheduler.idle(
      () => {
        this.cancel = null;
        const at = this.scheduler.now();
        if (at - this.changedAt >= BUSY_LIMIT_MS) this.draw();
        else if (this.busy()) {
          this.since = at;
          this.putOff();
        } else if (this.painted !== this.changes && this.moves() !== this.waitedAt) {
          this.waitedAt = this.moves();
          this.putOffPastPaint();
        } else this.draw();
      },
      Math.max(1, deadline - now),
    );
  }

  /** Waits for the next paint, or `IDLE_TIMEOUT_MS` (a hidden tab paints none), then for idle. */
  private putOffPastPaint(): void {
    const resume = () => {
      stopTimer();
      this.onPainted = null;
      this.cancel = null;
      this.putOff();
    };
    const stopTimer = this.scheduler.after(resume, IDLE_TIMEOUT_MS);
    this.onPainted = resume;
    this.cancel = () => {
      stopTimer();
      this.onPainted = null;
    };
    this.watchPaint();
  }

  /**
   * Notes the changes made by the time the browser's next frame is painted, then `onPainted`.
   * Counted after the paint: a change made in a task between the paint and then counts as
   * painted (a rare order), while one made in a later requestAnimationFrame callback of the
   * same frame (a run playing) is counted right, as it would not be if counted before the paint.
   */
  private watchPaint(): void {
    if (this.unwatch) return;
    let live = true;
    // Set before asking, so a scheduler that ran the task at once would still leave it cleared.
    this.unwatch = () => {
      live = false;
      stop();
    };
    const stop = this.scheduler.afterPaint(() => {
      if (!live) return;
      live = false;
      this.unwatch = null;
      this.painted = this.changes;
      this.onPainted?.();
    });
  }

  /** The panel came into view or left it; a change put off is drawn as it comes into view. */
  setSeen(seen: boolean): void {
    this.seen = seen;
    if (seen && this.cancel) this.drawNow();
  }

  /** Draws any change put off, now (for a reader's focus, a test or a benchmark). */
  flush(): void {
    if (this.cancel) this.drawNow();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.unwatch?.();
    this.unwatch = null;
  }

  private drawNow(): void {
    this.stop();
    this.draw();
  }
}

/**
 * The tasks waiting for the next frame to be painted, in one requestAnimationFrame and one
 * message for them all (every hidden panel asks at each move of the frame): `next` for the
 * frame to come, `framed` for the frame being made. A requestAnimationFrame callback runs as the
 * frame is made, before it is painted; a message posted from it is handled once the paint is
 * done.
 */
const paintWaits = {
  next: new Set<() => void>(),
  framed: new Set<() => void>(),
  asked: false,
  channel: null as MessageChannel | null,
};

function framed(): void {
  paintWaits.asked = false;
  for (const task of paintWaits.next) paintWaits.framed.add(task);
  paintWaits.next.clear();
  if (!paintWaits.channel) {
    paintWaits.channel = new MessageChannel();
    paintWaits.channel.port1.onmessage = painted;
  }
  paintWaits.channel.port2.postMessage(null);
}

function painted(): void {
  const tasks = [...paintWaits.framed];
  paintWaits.framed.clear();
  for (const task of tasks) task();
}

/** The browser's side: its idle callback (Safari has none: a timer stands in), paints, timers. */
export const browserScheduler: Scheduler = {
  idle(task, timeout) {
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(task, { timeout });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(task, 16);
    return () => clearTimeout(id);
  },
  afterPaint(task) {
    paintWaits.next.add(task);
    if (!paintWaits.asked) {
      paintWaits.asked = true;
      requestAnimationFrame(framed);
    }
    return () => {
      paintWaits.next.delete(task);
      paintWaits.framed.delete(task);
    };
  },
  after(task, ms) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
  now: () => performance.now(),
};

/** Every panel's put-off drawing, so `flushHidden` can bring them all up to date. */
const live = new Set<WhenSeen>();

/** Draws every change put off for hidden panels now (the benchmark's "all panels" figure). */
export function flushHidden(): void {
  for (const w of live) w.flush();
}

/** How near the viewport (px, above and below) a panel counts as seen: a scroll's first frames. */
export const SEEN_MARGIN_PX = 200;

/**
 * Tells `w` whether element `el` is in view or within `margin` px of it, and draws what it put off
 * when a reader's focus comes into `el`. Returns what stops watching.
 */
export function observeSeen(el: Element, w: WhenSeen, margin = SEEN_MARGIN_PX): () => void {
  live.add(w);
  const io =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => w.setSeen(entries.at(-1)?.isIntersecting ?? true), {
          rootMargin: `${margin}px 0px`,
        })
      : null;
  io?.observe(el);
  const onFocus = () => w.flush();
  el.addEventListener("focusin", onFocus);
  return () => {
    io?.disconnect();
    el.removeEventListener("focusin", onFocus);
    live.delete(w);
  };
}

/**
 * `draw` for element `el`, called at once while `el` is seen (`observeSeen`), otherwise in an
 * idle moment (not while `busy`, nor before a move of the frame, counted by `moves`, is painted:
 * see `WhenSeen`). Returns what to call when its data change, and what stops it.
 */
export function drawWhenSeen(
  el: Element,
  draw: () => void,
  busy?: () => boolean,
  moves?: () => number,
): { request(): void; stop(): void } {
  const w = new WhenSeen(draw, browserScheduler, busy, moves);
  const stopSeeing = observeSeen(el, w);
  return {
    request: () => w.request(),
    stop: () => {
      stopSeeing();
      w.stop();
    },
  };
}
