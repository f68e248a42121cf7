import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { fakeWorker } from "../test/fakeWorker.ts";
import { Col, LruWhere, PAGE_COLS } from "../worker/viewState.ts";
import { selectNodeRev, selectPidRev } from "./app.ts";
import { ISOLATED_KEY, LISTS, listKey, pagevecKey } from "./lruLists.ts";
import { createRunStore, type RunState } from "./store.ts";

const lesson = (id: string) => BUILTINS.find((b) => b.id === id)?.json;

/**
 * A panel's render count under `useStore(selector)`: React re-renders a subscriber when its
 * selection is no longer Object.is the last one it rendered.
 */
function renderCounter<T>(store: ReturnType<typeof createRunStore>, select: (s: RunState) => T) {
  let last = select(store.getState());
  let renders = 0;
  store.subscribe((s) => {
    const next = select(s);
    if (!Object.is(next, last)) renders++;
    last = next;
  });
  return () => renders;
}

/** The LRU lists counted from scratch, as the panel did on every frame before. */
function recount(s: RunState): Map<number, number> {
  const out = new Map<number, number>();
  const p = s.view?.pages ?? new Int32Array(0);
  for (let pfn = 0; pfn * PAGE_COLS < p.length; pfn++) {
    const where = p[pfn * PAGE_COLS + Col.where] as number;
    if (where === LruWhere.none || where === LruWhere.pagevec) continue;
    const k =
      where === LruWhere.isolated ? ISOLATED_KEY : listKey(s.nodeOf[pfn] as number, where - 1);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

describe("what each move touched", () => {
  it("a node panel's selection changes only on frames that change (or mark) its page frames", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(lesson("lecture-4-node"));
    const nodes = store.getState().timeline?.init.nodes ?? [];
    expect(nodes.length).toBe(4);
    const renders = nodes.map((n) => renderCounter(store, selectNodeRev(n.id)));
    const touchedFrames = nodes.map(() => 0);
    const total = store.getState().total;
    /** What a node's cells show: each frame's class, and the marks. */
    const cells = (s: RunState, n: (typeof nodes)[number]) =>
      JSON.stringify([
        [...(s.classes?.classes.subarray(n.firstPfn, n.firstPfn + n.frames) ?? [])],
        [...s.marked].filter((pfn) => s.nodeOf[pfn] === n.id),
      ]);
    for (let f = 1; f <= total; f++) {
      const before = store.getState();
      const shown = nodes.map((n) => cells(before, n));
      before.goto(f);
      const s = store.getState();
      // Never stale: a node whose cells changed always gets a new revision.
      nodes.forEach((n, i) => {
        if (cells(s, n) !== shown[i])
          expect(selectNodeRev(n.id)(s)).not.toBe(selectNodeRev(n.id)(before));
      });
      const hit = new Set<number>();
      for (const pfn of [...(s.changed ?? []), ...before.marked, ...s.marked])
        hit.add(s.nodeOf[pfn] as number);
      for (const n of hit) touchedFrames[n] = (touchedFrames[n] ?? 0) + 1;
    }
    expect(renders.map((r) => r())).toEqual(touchedFrames);
    // The lesson moves pages between some nodes only: a node it never touches never re-renders.
    expect(touchedFrames.some((t) => t < total)).toBe(true);
  });

  it("a page table's selection changes only when its process's PTEs (or their marks) change", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(lesson("fork-move-vs-move-all"));
    const pids = [...(store.getState().timeline?.layouts.at(-1)?.processes ?? [])].map(
      (p) => p.pid,
    );
    expect(pids.length).toBeGreaterThan(1);
    const renders = pids.map((pid) => renderCounter(store, selectPidRev(pid)));
    const expected = pids.map(() => 0);
    for (let f = 1; f <= store.getState().total; f++) {
      const before = store.getState();
      before.goto(f);
      const s = store.getState();
      const keys = [...before.markedPtes, ...s.markedPtes].map((k) => Number(k.split(":")[0]));
      const ptes = s.changedPtes ?? [];
      for (let i = 0; i < ptes.length; i += 2) keys.push(ptes[i] as number);
      pids.forEach((pid, i) => {
        if (keys.includes(pid)) expected[i] = (expected[i] ?? 0) + 1;
      });
    }
    expect(renders.map((r) => r())).toEqual(expected);
    expect(expected.some((e) => e < store.getState().total)).toBe(true);
  });

  it("keeps the LRU lists current at every frame, stepping and jumping, without a rescan", () => {
    const store = createRunStore(fakeWorker);
    store.getState().load(lesson("eager-move"));
    const total = store.getState().total;
    const check = () => {
      const s = store.getState();
      const want = recount(s);
      const keys = new Set([...want.keys(), ISOLATED_KEY]);
      for (const n of s.timeline?.init.nodes ?? [])
        for (let l = 0; l < LISTS.length; l++) keys.add(listKey(n.id, l));
      for (const k of keys) expect([k, s.lru?.count(k)]).toEqual([k, want.get(k) ?? 0]);
    };
    let isolatedSeen = false;
    for (let f = 1; f <= total; f++) {
      store.getState().goto(f);
      check();
      isolatedSeen ||= (store.getState().lru?.count(ISOLATED_KEY) ?? 0) > 0;
    }
    expect(isolatedSeen).toBe(true);
    for (const f of [0, total, Math.floor(total / 2), 3]) {
      store.getState().goto(f);
      check();
    }
    // Pagevec pages are listed per CPU and list (none are lost between the lists and pagevecs).
    const s = store.getState();
    const cpus = (s.timeline?.init.nodes ?? []).flatMap((n) => n.cpus);
    let inPagevecs = 0;
    for (const cpu of cpus)
      for (let l = 0; l < LISTS.length; l++) inPagevecs += s.lru?.count(pagevecKey(cpu, l)) ?? 0;
    const p = s.view?.pages ?? new Int32Array(0);
    let want = 0;
    for (let b = 0; b < p.length; b += PAGE_COLS) if (p[b + Col.where] === LruWhere.pagevec) want++;
    expect(inPagevecs).toBe(want);
  });
});
