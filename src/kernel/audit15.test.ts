/**
 * Divergences a fifteenth review against 3.3.8 found: a slot held only by the swap cache is taken
 * back when swap is over half full (scan_swap_map); a page waiting in a pagevec has PG_active
 * clear, which a huge page split then shows (lru_add_page_tail); and the unused target of a
 * pinned anonymous page keeps PG_swapbacked (move_to_new_page), so it goes back through the
 * inactive anon pagevec. Each failed before its fix but the one with no slot free, a guard on
 * where the reclaim must not reach.
 */
import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";
import { PG } from "./types.ts";

const lazy = (first: number, pages: number) => mbind(first, pages, "MPOL_PREFERRED", [], LAZY);

describe("scan_swap_map reuses a slot only the swap cache holds, once swap is over half full", () => {
  // Eight slots. Pages 0-2 get slots 1-3; writes by the local thread take 0 and 2 back out of the
  // swap cache (reuse_swap_page), a read maps 1 again and leaves it there: slot 2 is cache-only.
  const start = [
    mmap(10),
    touch(100, 0, 10),
    lazy(0, 3),
    touch(100, 0, 1),
    touch(100, 2, 1),
    touch(100, 1, 1, "read"),
    lazy(3, 5),
  ];
  const pfnOf = (r: ReturnType<typeof runChecked>, page: number) =>
    pagesOf(r).find((p) => p.addr === at(page));

  it("takes the slot back from the page that only the swap cache holds, and says so", () => {
    // Pages 8 and 9: slot 1 is free; for the next one no slot is, and swap is full.
    const r = runChecked(scenario([...start, lazy(8, 2)], { swap: 8 }));
    expect(r.rets.at(-1)).toBe(0);
    expect(pfnOf(r, 1)?.swapcache).toBe(false);
    expect(pfnOf(r, 9)?.pte).toBe("swap");
    expect(r.report.swap.used).toBe(7);
    expect(r.report.vmstat.nr_swapcache).toBe(7);
    const said = r.frames.find((f) => f.text.includes("__try_to_reclaim_swap"))?.text ?? "";
    expect(said).toMatch(/took slot 2 back from pfn 1/);
  });

  it("leaves it alone while swap is at most half full", () => {
    const r = runChecked(scenario([...start, lazy(8, 2)], { swap: 32 }));
    expect(pfnOf(r, 1)?.swapcache).toBe(true);
    expect(r.frames.some((f) => f.text.includes("__try_to_reclaim_swap"))).toBe(false);
  });

  it("does not scan at all when no slot is free (get_swap_page checks nr_swap_pages first)", () => {
    // Four slots: page 1 keeps slot 2 in the swap cache only; pages 2-4 fill slots 3, 4 and 1
    // (each a free slot met before slot 2), and page 5 then finds no slot free.
    const r = runChecked(
      scenario(
        [
          mmap(6),
          touch(100, 0, 6),
          lazy(0, 2),
          touch(100, 1, 1, "read"),
          touch(100, 0, 1),
          lazy(2, 3),
          lazy(5, 1),
        ],
        { swap: 4 },
      ),
    );
    expect(r.report.swap.used).toBe(4);
    expect(pfnOf(r, 1)?.swapcache).toBe(true);
    expect(pfnOf(r, 5)?.pte).toBe("present");
  });
});

describe("a page waiting in a 3.3 pagevec has PG_active clear", () => {
  it("keeps the list it waits for in its pagevec, and sets PG_active when that drains", () => {
    const waiting = runChecked(scenario([mmap(1), touch(100, 0, 1)]));
    const page = waiting.sim.kernel.pages[0];
    expect(page?.pagevecList).toBe("active_anon");
    expect((page?.flags ?? 0) & PG.active).toBe(0);
    const drained = runChecked(
      scenario([mmap(1), touch(100, 0, 1), { op: "lru_add_drain", tid: 100 }]),
    );
    expect((drained.sim.kernel.pages[0]?.flags ?? 0) & PG.active).toBe(PG.active);
    expect(drained.report.vmstat.nr_active_anon).toBe(1);
  });

  it("so a huge page split while its head waits there puts its tails on the inactive list", () => {
    // munmap splits the huge page (__split_vma) before unmap_region drains the pagevec.
    const steps = [
      mmap(8, { thp: true }),
      touch(100, 0, 1),
      { op: "munmap", tid: 100, addr: at(4), pages: 4 },
    ];
    const old = runChecked(scenario(steps, { thpPages: 8 }));
    expect(old.report.vmstat.thp_split).toBe(1);
    expect(old.report.vmstat.nr_inactive_anon).toBe(3);
    expect(old.report.vmstat.nr_active_anon).toBe(1);
    // 6.1 never lets a huge page wait in the lru_add batch (folio_add_lru), so its tails follow
    // the head onto the inactive list it joined at once.
    const six = runChecked(scenario(steps, { thpPages: 8, kernel: "mainline" }));
    expect(six.report.vmstat.nr_inactive_anon).toBe(4);
  });
});

describe("move_to_new_page sets PG_swapbacked on the target before it tries", () => {
  it("so a pinned page's unused target shares the inactive anon pagevec and frees with it", () => {
    // Node 1 has 14 frames for 15 pages, 7 of them pinned: each failed try leaves a target, and
    // with the 7 old pages that moved away they fill cpu 0's inactive anon pagevec (14), which
    // drains and frees them all, so the last page finds a frame on node 1.
    const r = runChecked(
      scenario(
        [
          mmap(15),
          touch(100, 0, 15),
          { op: "get_page", tid: 100, addr: at(0), pages: 7 },
          mbind(0, 15, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
        ],
        {
          machine: {
            nodes: [
              { cpus: [0], frames: 32 },
              { cpus: [1], frames: 14 },
            ],
          },
        },
      ),
    );
    const nodes = pagesOf(r).map((p) => p.node);
    expect(nodes.slice(0, 7)).toEqual(Array(7).fill(0));
    expect(nodes.slice(7)).toEqual(Array(8).fill(1));
    expect(r.rets.at(-1)).toBe(0);
  });
});
