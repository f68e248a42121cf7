/**
 * The page table must read exactly as the Map it replaced: same answers, same size, and the same
 * iteration order (the order PTEs were set, a PTE overwritten in place keeping its place), over
 * random sets and deletes across PTE pages, with vpns on both sides of 2^31 and 2^32.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PageTable, PTRS_PER_PTE } from "./page_table.ts";
import type { Pte, SwapSlot, Vpn } from "./types.ts";

const BASES = [0, 2 ** 31 - 3 * PTRS_PER_PTE, 0x7f0000000, 2 ** 36 - 4 * PTRS_PER_PTE];

const opArb = fc.record({
  del: fc.boolean(),
  base: fc.constantFrom(...BASES),
  off: fc.integer({ min: 0, max: 4 * PTRS_PER_PTE }),
  slot: fc.nat(1000),
});

describe("PageTable", () => {
  it("answers, counts and iterates as a Map would", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const table = new PageTable();
        const map = new Map<Vpn, Pte>();
        for (const op of ops) {
          const vpn = (op.base + op.off) as Vpn;
          if (op.del) expect(table.delete(vpn)).toBe(map.delete(vpn));
          else {
            const pte: Pte = { kind: "swap", slot: op.slot as SwapSlot };
            table.set(vpn, pte);
            map.set(vpn, pte);
          }
          expect(table.get(vpn)).toBe(map.get(vpn));
          expect(table.has((vpn + 1) as Vpn)).toBe(map.has((vpn + 1) as Vpn));
        }
        expect(table.size).toBe(map.size);
        expect([...table]).toEqual([...map]);
        expect([...table.keys()]).toEqual([...map.keys()]);
        expect([...table.values()]).toEqual([...map.values()]);
      }),
      { numRuns: 300, seed: 512 },
    );
  });
});
