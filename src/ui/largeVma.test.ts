import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pteCode } from "../worker/viewState.ts";
import { VmaCells } from "./LargeVma.tsx";

describe("a large VMA's cells", () => {
  it("fill from a process's PTE map as setting each cell by its address would, whatever else the map holds", () => {
    const start = 0x7f0000000; // above 2^31, as a real process's addresses are
    const length = 64;
    const nodeOf = Uint8Array.from({ length: 32 }, (_, pfn) => pfn % 4);
    const pte = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.nat(31), fc.boolean())
      .map(([kind, value, writable]) => pteCode(kind, value, writable));
    fc.assert(
      fc.property(
        // Addresses inside the VMA and on either side of it (another VMA of the same process).
        fc.array(fc.tuple(fc.integer({ min: -8, max: length + 8 }), pte), { maxLength: 90 }),
        fc.array(fc.tuple(fc.nat(length - 1), pte), { maxLength: 20 }),
        (entries, before) => {
          const map = new Map(entries.map(([i, code]) => [start + i, code]));
          const cells = new VmaCells(100, start, start + length);
          // Cells left from an earlier frame must not survive the fill.
          for (const [i, code] of before) cells.set(i, code, nodeOf);
          cells.fill(map, nodeOf);
          const each = new VmaCells(100, start, start + length);
          for (let i = 0; i < length; i++) each.set(i, map.get(start + i) ?? 0, nodeOf);
          expect([...cells.kinds]).toEqual([...each.kinds]);
          expect([...cells.colors]).toEqual([...each.colors]);
          const counts = [0, 0, 0, 0, 0];
          for (const k of each.kinds) counts[k] = (counts[k] as number) + 1;
          expect(cells.counts).toEqual(counts);
        },
      ),
    );
  });
});
