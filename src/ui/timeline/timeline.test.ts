import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { BUILTINS, largeMachineScenario } from "../../scenario/builtins.ts";
import { lessonById } from "../../scenario/library.ts";
import { fakeWorker } from "../../test/fakeWorker.ts";
import { frameRecord } from "../../test/frameRecord.ts";
import { buildScenario, machineArb, opArb } from "../../test/random-scenario.ts";
import type { Command, Message } from "../../worker/protocol.ts";
import { followPath } from "../../worker/seekPath.ts";
import { Session } from "../../worker/session.ts";
import { initialView, plainView } from "../../worker/viewCopy.ts";
import {
  applyFrame,
  type FrameBatch,
  framePages,
  type Init,
  PAGE_COLS,
  type View,
} from "../../worker/viewState.ts";
import { ISOLATED_KEY, LISTS, LruLists, listKey, pagevecKey } from "../lruLists.ts";
import { PageClasses } from "../pageClass.ts";
import { createRunStore, type RunState } from "../store.ts";
import { Timeline } from "./timeline.ts";

/** Run a scenario through the worker's session, as the UI receives it (every batch kept). */
function load(json: unknown, keep = Number.POSITIVE_INFINITY, block?: number): Timeline {
  let tl: Timeline | null = null;
  const s = new Session((m: Message) => {
    if (m.type === "init") tl = new Timeline(m.init, keep, block);
    else if (m.type === "frames") tl?.add(m.batch);
    else if (m.type === "step") tl?.addStep({ ...m });
    else if (m.type === "error") throw new Error(m.errors.join("\n"));
  });
  s.load(json);
  if (!tl) throw new Error("no init");
  (tl as Timeline).foldCheckpoints(() => false);
  return tl;
}

/** The view at every frame, reached by stepping one frame at a time from frame 0. */
function stepped(tl: Timeline, init: Init): ReturnType<typeof plainView>[] {
  const v = initialView(init);
  const out = [plainView(v)];
  for (let f = 1; f <= tl.total; f++) {
    const at = tl.locate(f);
    if (!at) throw new Error(`frame ${f} missing`);
    applyFrame(v, at[0], at[1], true);
    out.push(plainView(v));
  }
  return out;
}

/**
 * The page classes and LRU lists a run store keeps up to date, and the same recounted from the
 * view on screen: a far move updates only the run's touched page frames (Timeline.touched).
 */
function derived(s: RunState) {
  const init = s.timeline?.init as Init;
  const pages = s.view?.pages as Int32Array;
  const recounted = new PageClasses(s.nodeOf, init.nodes.length);
  recounted.recomputeAll(pages);
  const lists = new LruLists(s.nodeOf);
  lists.recomputeAll(pages, 0);
  const keys = [ISOLATED_KEY];
  for (let l = 0; l < LISTS.length; l++) {
    for (const n of init.nodes) keys.push(listKey(n.id, l));
    for (const cpu of init.nodes.flatMap((n) => n.cpus)) keys.push(pagevecKey(cpu, l));
  }
  const of = (c: PageClasses | null, lru: LruLists | null) => ({
    classes: [...(c?.classes ?? [])],
    counts: [...(c?.counts ?? [])],
    also: [...(c?.alsoCounts ?? [])],
    lists: keys.map((k) => [k, lru?.count(k), lru?.newest(k)]),
  });
  return { kept: of(s.classes, s.lru), recounted: of(recounted, lists) };
}

describe("timeline seeks", () => {
  it("over random scenarios, any sequence of seeks lands on the view stepping reaches", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        // Frames of deltas the UI keeps: few, so most seeks have the worker send a batch again.
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }),
        (machine, ops, keep, targets) => {
          const json = buildScenario(machine, ops);
          const tl = load(json);
          const want = stepped(tl, tl.init);
          const store = createRunStore(fakeWorker, keep);
          store.getState().load(json);
          for (const t of targets) {
            const s = store.getState();
            // Mix far jumps with near ones (a few frames from where we are).
            const far = Math.round(t * s.total);
            const near = Math.max(0, Math.min(s.total, s.cur + Math.round((t - 0.5) * 8)));
            const to = t < 0.3 ? near : far;
            s.goto(to);
            const after = store.getState();
            expect(after.cur).toBe(to);
            expect(plainView(after.view as View)).toEqual(want[to]);
            const { kept, recounted } = derived(after);
            expect(kept).toEqual(recounted);
            expect(after.timeline?.meta(to)).toEqual(tl.meta(to));
            const got = after.timeline?.locate(to);
            const sent = tl.locate(to);
            expect(got && frameRecord(...got)).toEqual(sent && frameRecord(...sent));
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it("over random scenarios, a far move across checkpoint blocks lands where stepping does", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 25 }),
        (machine, ops, block, targets) => {
          const tl = load(buildScenario(machine, ops), Number.POSITIVE_INFINITY, block);
          const want = stepped(tl, tl.init);
          const view = initialView(tl.init);
          let cur = 0;
          for (const t of targets) {
            const to = Math.round(t * tl.total);
            expect(tl.jumps(cur, to)).toBe(true);
            expect(tl.step(view, cur, to)).toBe(true);
            cur = to;
            expect(plainView(view)).toEqual(want[to]);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it("jumps across checkpoint blocks only once they are folded", () => {
    let tl: Timeline | null = null;
    new Session((m: Message) => {
      if (m.type === "init") tl = new Timeline(m.init, Number.POSITIVE_INFINITY, 8);
      else if (m.type === "frames") tl?.add(m.batch);
    }).load(BUILTINS[0]?.json);
    const t = tl as unknown as Timeline;
    expect(t.jumps(0, t.total)).toBe(false);
    while (!t.foldCheckpoints(() => true));
    expect(t.jumps(0, t.total)).toBe(true);
  });

  it("drops its checkpoints once a run outgrows what it keeps (the worker answers far seeks)", () => {
    const whole = load(BUILTINS[0]?.json);
    const outgrown = load(BUILTINS[0]?.json, whole.total - 1, 4);
    expect(whole.jumps(0, whole.total)).toBe(true);
    expect(outgrown.jumps(0, outgrown.total)).toBe(false);
  });

  it("names each page frame some frame changes once, and no other", () => {
    const tl = load(largeMachineScenario({ rounds: 1 }));
    const want = new Set<number>();
    for (let f = 1; f <= tl.total; f++) {
      const at = tl.locate(f) as [FrameBatch, number];
      const pfns: number[] = [];
      framePages(at[0], at[1], pfns);
      for (const pfn of pfns) want.add(pfn);
    }
    const got = [...tl.touched.list()];
    expect(got.length).toBe(new Set(got).size);
    expect(new Set(got)).toEqual(want);
    // Far fewer than the machine's page frames: what a far move reclassifies.
    expect(got.length).toBeLessThan(tl.init.pages.length / PAGE_COLS / 2);
  });

  it("keeps at most its share of deltas, and always the batch on screen", () => {
    const store = createRunStore(fakeWorker, 1);
    store.getState().load(BUILTINS[0]?.json);
    const s = store.getState();
    const tl = s.timeline as Timeline;
    expect(tl.has(0, s.total)).toBe(false);
    s.goto(Math.floor(s.total / 2));
    expect(tl.locate(Math.floor(s.total / 2))).not.toBeNull();
    store.getState().goto(s.total);
    store.getState().goto(1);
    expect(store.getState().cur).toBe(1);
    expect(tl.locate(1)).not.toBeNull();
    expect(tl.meta(s.total)?.text).toEqual(load(BUILTINS[0]?.json).meta(s.total)?.text);
  });

  it("keeps a seek's slice beside its batches until the next, and the whole batch over it", () => {
    const got: Message[] = [];
    let tl: Timeline | null = null;
    const session = new Session((m: Message) => {
      if (m.type === "init") tl = new Timeline(m.init, 1);
      else if (m.type === "frames") tl?.add(m.batch);
      got.push(m);
    });
    session.load(largeMachineScenario({ framesPerNode: 2048, pagesPerWorker: 256 }));
    const t = tl as unknown as Timeline;
    const mid = Math.floor(t.total / 2);
    const seek = (f: number) => {
      got.length = 0;
      session.seek(1, f);
      const m = got[0];
      if (m?.type !== "seek") throw new Error("no answer");
      const slice = followPath(initialView(t.init), t.init, m.path, m.frame);
      if (!slice) throw new Error("no slice");
      return slice;
    };
    const slice = seek(mid);
    expect(slice.count).toBeLessThan(t.total - 1);
    t.takeReleased();
    t.put(slice);
    expect(t.locate(mid)?.[0]).toBe(slice);
    expect(t.has(slice.first, slice.first + slice.count - 1)).toBe(true);
    // Both edges of the slice lie in the batch around it: that batch is fetched once.
    expect(t.wanted(mid, 100)).toHaveLength(1);
    const outside = slice.first > 1 ? slice.first - 1 : slice.first + slice.count;
    expect(t.locate(outside)?.[0]).not.toBe(slice);
    const next = seek(mid + 1000);
    expect(next.first).toBeGreaterThan(slice.first + slice.count);
    t.put(next);
    expect(t.locate(mid)?.[0]).not.toBe(slice);
    expect(t.takeReleased()).toContain(slice.pages.buffer);
    got.length = 0;
    session.handle({ type: "batch", frame: mid });
    const whole = got[0];
    if (whole?.type !== "batch") throw new Error("no batch");
    t.put(whole.batch);
    expect(t.has(whole.batch.first, whole.batch.first + whole.batch.count - 1)).toBe(true);
  });

  /** A store keeping one frame of deltas, over a worker that records every command sent to it. */
  function recordingStore() {
    const sent: Command[] = [];
    const store = createRunStore(() => {
      const w = fakeWorker();
      const post = w.postMessage.bind(w);
      w.postMessage = (cmd, transfer) => {
        sent.push(cmd);
        post(cmd, transfer);
      };
      return w;
    }, 1);
    return { store, sent };
  }

  it("hands the buffers of dropped batches back to the worker, and reads its frames the same", () => {
    const { store, sent } = recordingStore();
    store.getState().load(BUILTINS[0]?.json);
    const whole = load(BUILTINS[0]?.json);
    const s = store.getState();
    for (const f of [s.total, 1, Math.floor(s.total / 2), s.total]) store.getState().goto(f);
    const back = sent.flatMap((c) => (c.type === "recycle" ? c.buffers : []));
    expect(back.length).toBeGreaterThan(0);
    // Transferred: the store kept no use for them.
    expect(back.every((b) => b.byteLength === 0)).toBe(true);
    const tl = store.getState().timeline as Timeline;
    for (const f of [1, Math.floor(s.total / 3), s.total])
      expect(tl.meta(f)).toEqual(whole.meta(f));
    expect(plainView(store.getState().view as View)).toEqual(stepped(whole, whole.init)[s.total]);
  });

  it("hands back what a seek let go in a task of its own, after the frame is shown", () => {
    vi.useFakeTimers();
    try {
      const { store, sent } = recordingStore();
      store.getState().load(BUILTINS[0]?.json);
      vi.runAllTimers();
      const total = store.getState().total;
      sent.length = 0;
      // Two far seeks: the second's slice takes the place of the first's, which is let go.
      for (const f of [total, 1]) {
        store.getState().goto(f);
        expect(store.getState().cur).toBe(f);
      }
      expect(sent.map((c) => c.type)).toEqual(["seek", "seek"]);
      vi.runOnlyPendingTimers();
      const back = sent.flatMap((c) => (c.type === "recycle" ? c.buffers : []));
      expect(back.length).toBeGreaterThan(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("timeline index", () => {
  const tl = load(BUILTINS[0]?.json);
  const phasesOfStep = (first: number, next: number | null) => {
    const names: string[] = [];
    for (let f = first; f < (next ?? tl.total + 1); f++) {
      const p = tl.phaseAt(f);
      if (p && p.first === f) names.push(p.name);
    }
    return names;
  };

  it("names the lazy mbind's phases in the kernel's order", () => {
    const mbind = tl.steps.find((s) => s.op === "mbind");
    expect(mbind).toBeDefined();
    const first = mbind?.firstFrame ?? 0;
    expect(phasesOfStep(first, tl.nextStepStart(first))).toEqual([
      "enter mbind",
      "drain",
      "select",
      "set the policy",
      "unmap",
      "put back",
    ]);
  });

  it("names the call and its phase beside the counter, once for a call with one phase", () => {
    const mbind = tl.steps.find((s) => s.op === "mbind")?.firstFrame ?? 0;
    const unmapping = tl.nextEvent("unmap", mbind) ?? 0;
    expect(tl.phaseLabel(unmapping)).toBe("mbind · unmap");
    const pinned = load(lessonById("skipped-pages")?.json());
    const labels = new Set<string>();
    for (let f = 1; f <= pinned.total; f++) labels.add(pinned.phaseLabel(f));
    expect(labels).toContain("get_page");
    expect([...labels].filter((l) => /^(\S+) · \1$/.test(l))).toEqual([]);
  });

  it("splits a migrating fault into look up, decide, migrate, map", () => {
    const touch = tl.steps.filter((s) => s.op === "touch").at(-1);
    const first = touch?.firstFrame ?? 0;
    expect(phasesOfStep(first, tl.nextStepStart(first)).slice(0, 4)).toEqual([
      "look up",
      "decide",
      "migrate",
      "map",
    ]);
  });

  it("steps back to the start of the previous system call, not the end of the one before", () => {
    const starts = [...tl.stepStartFrames()];
    const third = starts[3] as number;
    expect(tl.prevStepStart(third + 5)).toBe(third);
    expect(tl.prevStepStart(third)).toBe(starts[2]);
    expect(tl.stepStartOf(third + 5)).toBe(third);
  });

  it("finds faults, migrations and unmaps where the counters and PTEs say they happen", () => {
    const fault = tl.nextEvent("fault", 0);
    expect(fault).not.toBeNull();
    expect(tl.meta(fault ?? 0)?.fn).toMatch(/fault|page/);
    const migration = tl.nextEvent("migration", 0);
    expect(tl.meta(migration ?? 0)?.fn).toBe("migrate_misplaced_page");
    const unmap = tl.nextEvent("unmap", 0);
    expect(tl.meta(unmap ?? 0)?.fn).toBe("try_to_unmap_one");
    expect(tl.prevEvent("unmap", (unmap ?? 0) + 1)).toBe(unmap);
    expect(tl.nextEvent("error", 0)).toBeNull();
  });
});
