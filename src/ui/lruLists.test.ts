import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../kernel/run.ts";
import { LRU_LISTS } from "../kernel/types.ts";
import { parseScenario } from "../scenario/parse.ts";
import { at, mbind, mmap, scenario, touch } from "../test/harness.ts";
import { pageRow } from "../worker/viewEncoding.ts";
import { Col, LruWhere, PAGE_COLS } from "../worker/viewState.ts";
import { ISOLATED_KEY, LruLists, listKey, pagevecKey } from "./lruLists.ts";

const PFNS = 60;
// Small, so lists outgrow what is kept (2 * CAP) and the patched path is the one tested.
const CAP = 2;
const WHERE = [LruWhere.none, LruWhere.inactive_anon, LruWhere.active_anon, LruWhere.isolated];

/** List `k`'s newest `cap` members sorted from scratch (by LRU sequence, then pfn). */
function newestByScan(pages: Int32Array, nodeOf: Uint8Array, k: number, cap: number): number[] {
  const members: number[] = [];
  for (let pfn = 0; pfn < PFNS; pfn++) {
    const where = pages[pfn * PAGE_COLS + Col.where] as number;
    if (where === LruWhere.none) continue;
    const key =
      where === LruWhere.isolated ? ISOLATED_KEY : listKey(nodeOf[pfn] as number, where - 1);
    if (key === k) members.push(pfn);
  }
  const seq = (pfn: number) => pages[pfn * PAGE_COLS + Col.lruSeq] as number;
  members.sort((a, b) => seq(a) - seq(b) || a - b);
  return members.slice(-cap);
}

describe("LruLists.newest kept across moves", () => {
  it("equals a sort of the whole list after every move, forward or back", () => {
    const move = fc.record({
      pfn: fc.nat(PFNS - 1),
      where: fc.constantFrom(...WHERE),
      // Sequences collide at times: the pfn breaks the tie.
      seq: fc.nat(40),
    });
    fc.assert(
      fc.property(fc.array(fc.array(move, { maxLength: 8 }), { maxLength: 60 }), (steps) => {
        const pages = new Int32Array(PFNS * PAGE_COLS);
        const nodeOf = new Uint8Array(PFNS).map((_, pfn) => pfn % 2);
        const lists = new LruLists(nodeOf);
        lists.recomputeAll(pages, 1);
        const keys = [listKey(0, 0), listKey(0, 1), listKey(1, 0), listKey(1, 1), ISOLATED_KEY];
        let version = 1;
        for (const step of steps) {
          for (const m of step) {
            pages[m.pfn * PAGE_COLS + Col.where] = m.where;
            pages[m.pfn * PAGE_COLS + Col.lruSeq] = m.seq;
          }
          lists.update(
            pages,
            step.map((m) => m.pfn),
            ++version,
          );
          // Only some lists are asked for after a move, as only some rows render.
          for (const k of keys.filter((_, i) => (version + i) % 3 !== 0))
            expect(lists.newest(k, CAP)).toEqual(newestByScan(pages, nodeOf, k, CAP));
        }
        for (const k of keys)
          expect(lists.newest(k, CAP)).toEqual(newestByScan(pages, nodeOf, k, CAP));
      }),
      { numRuns: 300 },
    );
  });

  it("finds the newest of a list of thousands, met in any order, after a recount", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3000), { minLength: 1, maxLength: 4000 }),
        fc.integer({ min: 1, max: 40 }),
        (seqs, cap) => {
          const n = seqs.length;
          const pages = new Int32Array(n * PAGE_COLS);
          seqs.forEach((seq, pfn) => {
            pages[pfn * PAGE_COLS + Col.where] = LruWhere.isolated;
            pages[pfn * PAGE_COLS + Col.lruSeq] = seq;
          });
          const lists = new LruLists(new Uint8Array(n));
          lists.recomputeAll(pages, 1);
          const want = [...seqs.keys()].sort(
            (a, b) => (seqs[a] as number) - (seqs[b] as number) || a - b,
          );
          expect(lists.newest(ISOLATED_KEY, cap)).toEqual(want.slice(-cap));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("LruLists pagevecs, read through the view", () => {
  it("hold, at every frame, the pages each CPU's pagevec for each list holds in the model", () => {
    // On 3.3 a page waits in a pagevec with PG_active clear, so only the view's pagevec column
    // (cpu and list) can say which of that CPU's pagevecs it is in.
    const file = { backing: "file", file: { path: "/data", migratepage: true } };
    const steps = [
      mmap(20),
      touch(100, 0, 20),
      mbind(0, 20, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
      { ...mmap(6, file), addr: at(64) },
      touch(101, 64, 6, "read"),
    ];
    const parsed = parseScenario(scenario(steps));
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    let checked = 0;
    const sim: Simulation = new Simulation(parsed.scenario, () => {
      const k = sim?.kernel;
      if (!k) return;
      const nodeOf = Uint8Array.from(k.nodes.flatMap((n) => Array(n.frames).fill(n.id)));
      const pages = new Int32Array(nodeOf.length * PAGE_COLS);
      for (let pfn = 0; pfn < nodeOf.length; pfn++) pageRow(k.pages[pfn], pages, pfn * PAGE_COLS);
      const lists = new LruLists(nodeOf);
      lists.recomputeAll(pages, 0);
      for (const [cpu, pvecs] of k.pagevecs)
        LRU_LISTS.forEach((list, l) => {
          const want = [...pvecs[list]].sort((a, b) => a - b);
          expect([...lists.newest(pagevecKey(cpu, l), 99)].sort((a, b) => a - b)).toEqual(want);
          checked += want.length;
        });
    });
    sim.runAll();
    // Pages waited in the active anon, inactive anon (put back after the move) and file pagevecs.
    expect(checked).toBeGreaterThan(100);
  });
});
