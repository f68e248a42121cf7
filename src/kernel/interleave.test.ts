import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";

/**
 * offset_il_node() takes `(unsigned int)off % nnodes` in 3.3, in RFC 05/26's mpol_misplaced and in
 * 6.1. The harness maps at 0x7f0000000000, page offset 0x7f0000000, whose low 32 bits 0xf0000000
 * are a multiple of 3: over nodes {0,1,2} the pages go to nodes 0, 1, 2, 0, ... The full offset
 * (0x7f0000000 % 3 = 1) would start at node 1.
 */
const THREE_NODES = [0, 1, 2, 0, 1, 2];

describe("interleave cuts the page offset to 32 bits, as offset_il_node does", () => {
  for (const kernel of ["rfc-2012", "mainline"] as const) {
    it(`places first touches on 0, 1, 2, ... over three nodes (${kernel})`, () => {
      const r = runChecked(
        scenario([mmap(6), mbind(0, 6, "MPOL_INTERLEAVE", [0, 1, 2], 0), touch(100, 0, 6)], {
          nodes: 3,
          kernel,
        }),
      );
      expect(pagesOf(r).map((p) => p.node)).toEqual(THREE_NODES);
    });
  }

  it("moves pages there in an eager mbind (new_vma_page)", () => {
    const r = runChecked(
      scenario(
        [mmap(6), touch(103, 0, 6), mbind(0, 6, "MPOL_INTERLEAVE", [0, 1, 2], ["MPOL_MF_MOVE"])],
        { nodes: 4 },
      ),
    );
    expect(pagesOf(r).map((p) => p.node)).toEqual(THREE_NODES);
  });

  it("and mpol_misplaced sends a lazily unmapped page there on its write fault", () => {
    const r = runChecked(
      scenario(
        [
          mmap(6),
          touch(103, 0, 6),
          mbind(0, 6, "MPOL_INTERLEAVE", [0, 1, 2], LAZY),
          touch(100, 0, 6),
        ],
        { nodes: 4 },
      ),
    );
    expect(pagesOf(r).map((p) => p.node)).toEqual(THREE_NODES);
  });
});
