/** Splitting a huge page leaves its tails as 3.3's __split_huge_page_refcount does. */
import { describe, expect, it } from "vitest";
import { mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { pageOf } from "./page.ts";
import { type Pfn, PG } from "./types.ts";

describe("split_huge_page", () => {
  it("marks every tail dirty: its contents exist only in memory", () => {
    // An mbind that only checks (STRICT) splits the huge page before it walks the PTEs.
    const r = runChecked(
      scenario(
        [
          mmap(4, { thp: true }),
          touch(100, 0, 1),
          mbind(0, 4, "MPOL_BIND", [0], ["MPOL_MF_STRICT"]),
        ],
        {
          thpPages: 4,
        },
      ),
    );
    expect(r.report.vmstat.thp_split).toBe(1);
    const pfns = r.report.pages.map((p) => p.pfn as Pfn);
    expect(pfns).toHaveLength(4);
    for (const pfn of pfns.slice(1))
      expect(pageOf(r.sim.kernel, pfn).flags & PG.dirty).toBeTruthy();
  });
});
