import { describe, expect, it } from "vitest";
import { PteKind, pteCode } from "../../worker/viewState.ts";
import { frameLinks, NO_LINKS } from "./swapLinks.ts";

/** One frame's slot and PTE records. */
const frame = (slots: number[], ptes: number[]) => ({
  slots: Int32Array.from(slots),
  slotEnd: Uint32Array.of(slots.length),
  ptes: Float64Array.from(ptes),
  pteEnd: Uint32Array.of(ptes.length),
});
const present = (pfn: number) => pteCode(PteKind.present, pfn, true);
const swapEntry = (slot: number) => pteCode(PteKind.swap, slot, false);

describe("frameLinks: the swap cache and the PTEs a frame changed", () => {
  it("a page entering the swap cache (add_to_swap): from its frame to the slot", () => {
    const l = frameLinks(frame([1, 0, 0, -1, 7], []), 0, false);
    expect(l.swap).toEqual([{ kind: "enter", pfn: 7, slot: 1 }]);
  });

  it("a page leaving it, and the PTE that now maps the new page", () => {
    const l = frameLinks(frame([3, 1, 0, 9, -1], [100, 42, swapEntry(3), present(70)]), 0, true);
    expect(l.swap).toEqual([{ kind: "leave", pfn: 9, slot: 3 }]);
    expect(l.ptes).toEqual([{ pid: 100, vpn: 42, to: { pfn: 70 } }]);
  });

  it("a migration hands the slot's swap-cache entry to the new page", () => {
    const l = frameLinks(frame([9, 1, 1, 8, 64], []), 0, true);
    expect(l.swap).toEqual([{ kind: "enter", pfn: 64, slot: 9 }]);
  });

  it("a PTE that becomes a swap entry points at its slot", () => {
    const l = frameLinks(frame([1, 0, 1, 7, 7], [100, 5, present(7), swapEntry(1)]), 0, false);
    expect(l.swap).toEqual([]);
    expect(l.ptes).toEqual([{ pid: 100, vpn: 5, to: { slot: 1 } }]);
  });

  it("a first touch (none to present) and a slot count change draw nothing", () => {
    expect(frameLinks(frame([2, 1, 2, -1, -1], [100, 5, 0, present(7)]), 0, false)).toBe(NO_LINKS);
  });
});
