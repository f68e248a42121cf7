import { describe, expect, it } from "vitest";
import { createStore } from "zustand/vanilla";
import { cellKind, KeyedCells } from "./keyedCells.ts";

interface S {
  counters: number[];
  other: number;
}

function setup() {
  const store = createStore<S>(() => ({ counters: [0, 0, 0], other: 0 }));
  let reads = 0;
  const cells = new KeyedCells(store, (s: S) => {
    reads++;
    return (i) => s.counters[i] ?? -1;
  });
  const set = (i: number, v: number) =>
    store.setState((s) => ({ counters: s.counters.map((c, j) => (j === i ? v : c)) }));
  return { store, cells, set, reads: () => reads };
}

describe("KeyedCells", () => {
  it("wakes only the cells whose value changed, with every value current", () => {
    const { cells, set } = setup();
    const woken: number[] = [];
    const seen: number[][] = [];
    for (const i of [0, 1, 2])
      cells.subscribe(i, () => {
        woken.push(i);
        seen.push([0, 1, 2].map((k) => cells.get(k)));
      });
    set(1, 5);
    expect(woken).toEqual([1]);
    expect(seen).toEqual([[0, 5, 0]]);
    set(1, 5);
    expect(woken).toEqual([1]);
  });

  it("reads each new state once, however many cells, and wakes none when no value changed", () => {
    const { store, cells, set, reads } = setup();
    let woken = 0;
    for (const i of [0, 1, 2]) cells.subscribe(i, () => woken++);
    const before = reads();
    set(2, 7);
    expect(reads() - before).toBe(1);
    expect(woken).toBe(1);
    store.setState({ other: 1 });
    expect(reads() - before).toBe(2);
    expect(woken).toBe(1);
    expect(cells.get(2)).toBe(7);
  });

  it("wakes every subscriber of a key, and stops once the last one leaves", () => {
    const { store, cells, set } = setup();
    let a = 0;
    let b = 0;
    const stopA = cells.subscribe(0, () => a++);
    const stopB = cells.subscribe(0, () => b++);
    set(0, 1);
    expect([a, b]).toEqual([1, 1]);
    stopA();
    set(0, 2);
    expect([a, b]).toEqual([1, 2]);
    stopB();
    // No listener left on the store: a change reaches nobody, and a later read is still right.
    set(0, 3);
    expect([a, b]).toEqual([1, 2]);
    expect(cells.get(0)).toBe(3);
    expect(store.getState().counters[0]).toBe(3);
  });

  it("reads a key again when it is subscribed, so a change since the render is seen", () => {
    const { cells, set } = setup();
    expect(cells.get(1)).toBe(0);
    set(1, 4);
    cells.subscribe(1, () => {});
    expect(cells.get(1)).toBe(4);
  });

  it("gives one set of cells per store", () => {
    const kind = cellKind((s: S) => (i) => s.counters[i] ?? 0);
    const one = setup().store;
    const two = setup().store;
    expect(kind.of(one)).toBe(kind.of(one));
    expect(kind.of(one)).not.toBe(kind.of(two));
  });
});
