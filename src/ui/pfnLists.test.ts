import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PfnLists } from "./pfnLists.ts";

const PFNS = 12;
const KEYS = [0, 1, 2];

/** The members of list `k`, walked from its head. */
function walk(lists: PfnLists, k: number): number[] {
  const out: number[] = [];
  for (let pfn = lists.first(k); pfn >= 0; pfn = lists.after(pfn)) out.push(pfn);
  return out;
}

describe("PfnLists", () => {
  it("keeps each list's members in the order they joined, whatever joins and leaves", () => {
    const op = fc.record({ pfn: fc.nat(PFNS - 1), to: fc.constantFrom(-1, ...KEYS) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.nat(80), (ops, clearAt) => {
        const lists = new PfnLists(PFNS);
        const model = new Map<number, number[]>(KEYS.map((k) => [k, []]));
        const on = new Int32Array(PFNS).fill(-1);
        ops.forEach(({ pfn, to }, i) => {
          if (i === clearAt) {
            lists.clear();
            for (const k of KEYS) model.set(k, []);
            on.fill(-1);
          }
          const was = on[pfn] as number;
          if (was === to) return;
          if (was >= 0) {
            lists.remove(was, pfn);
            model.set(
              was,
              (model.get(was) ?? []).filter((p) => p !== pfn),
            );
          }
          if (to >= 0) {
            lists.add(to, pfn);
            model.get(to)?.push(pfn);
          }
          on[pfn] = to;
        });
        for (const k of KEYS) {
          expect(walk(lists, k)).toEqual(model.get(k));
          expect(lists.size(k)).toBe(model.get(k)?.length);
        }
      }),
    );
  });
});
