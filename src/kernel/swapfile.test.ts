/**
 * get_swap_page beside 3.3.8's scan_swap_map (mm/swapfile.c), written out literally below for
 * swap too small for its clusters and with no swap-cache pages: the same slots, in the same order,
 * for any run of takes and frees. And the scan's one pass: a slot that refuses (a cache-only page
 * under writeback) is asked once, where 3.3 would go round again.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Kernel } from "./machine.ts";
import { get_swap_page, swap_duplicate, swap_free } from "./swapfile.ts";
import type { SwapSlot } from "./types.ts";

/** A kernel with only a swap device of `n` slots (what these functions read). */
function device(n: number): Kernel {
  const swap = {
    slots: n,
    map: new Int32Array(n + 1),
    cache: new Int32Array(n + 1).fill(-1),
    used: 0,
    cursor: 1,
    lowestBit: 1,
    highestBit: n,
  };
  return { swap, log: { slot() {} } } as unknown as Kernel;
}

/** 3.3.8's si fields and its scan, get and free, line for line (no clusters, no cache). */
function device33(n: number) {
  return { pages: n, max: n + 1, map: new Int32Array(n + 1), inuse: 0, next: 1, lo: 1, hi: n };
}
type Si = ReturnType<typeof device33>;
function scan33(si: Si): number {
  let offset = si.next;
  let scanBase = offset;
  for (;;) {
    if (!si.hi) return 0;
    if (offset > si.hi) scanBase = offset = si.lo;
    if (!si.map[offset]) {
      if (offset === si.lo) si.lo++;
      if (offset === si.hi) si.hi--;
      si.inuse++;
      if (si.inuse === si.pages) {
        si.lo = si.max;
        si.hi = 0;
      }
      si.map[offset] = 1;
      si.next = offset + 1;
      return offset;
    }
    let found = false;
    while (!found && ++offset <= si.hi) found = !si.map[offset];
    if (found) continue;
    offset = si.lo;
    while (!found && ++offset < scanBase) found = !si.map[offset];
    if (!found) return 0;
  }
}
function free33(si: Si, offset: number): void {
  si.map[offset] = (si.map[offset] ?? 0) - 1;
  if (si.map[offset]) return;
  if (offset < si.lo) si.lo = offset;
  if (offset > si.hi) si.hi = offset;
  si.inuse--;
}

describe("get_swap_page", () => {
  it("hands out the slots 3.3's scan_swap_map does, for any takes and frees", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat()), { maxLength: 40 }),
        (n, ops) => {
          const k = device(n);
          const si = device33(n);
          for (const [takeOne, pick] of ops) {
            if (takeOne) {
              const got = get_swap_page(k, () => false) ?? 0;
              expect(got).toBe(si.inuse < si.pages ? scan33(si) : 0);
              if (got) swap_duplicate(k, got as SwapSlot);
            } else {
              const used = [...k.swap.map.keys()].filter((s) => (k.swap.map[s] ?? 0) > 0);
              const s = used[pick % Math.max(1, used.length)];
              if (s === undefined) continue;
              swap_free(k, s as SwapSlot);
              free33(si, s);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("asks each cache-only slot once, and gives up once round", () => {
    const n = 10_000;
    const k = device(n);
    k.swap.map.fill(1, 2);
    for (const s of [10, 9_000]) {
      k.swap.map[s] = 0;
      k.swap.cache[s] = s;
    }
    Object.assign(k.swap, { used: n - 1, cursor: 5_000, lowestBit: 1, highestBit: n });
    const asked: number[] = [];
    const refuse = (_: Kernel, s: SwapSlot) => {
      asked.push(s);
      return false;
    };
    // Slot 1, lowest_bit, is free, but a scan that began past it goes round from lowest_bit + 1.
    expect(get_swap_page(k, refuse)).toBeNull();
    expect(asked).toEqual([9_000, 10]);
  });
});
