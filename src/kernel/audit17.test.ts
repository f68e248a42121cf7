/**
 * What a seventeenth review (mbind's arguments and policies, against 3.3.8 and 6.1's
 * mm/mempolicy.c) found: no wrong result, but sentences that said something else than the model
 * did. A VMA with no policy of its own was called "default (local)" while the task's policy placed
 * its pages (get_vma_policy falls back to the task); LAZY without MOVE said no page would ever be
 * checked, two frames before one was; and 6.1 named only LAZY when other unknown flag bits came
 * with it. From a review of the swap paths: 3.3's scan_swap_map keeps to [lowest_bit, highest_bit],
 * so it takes a slot freed meanwhile rather than reclaim a cache-only slot below that range; and
 * free_swap_and_cache marks the page it drops from the swap cache dirty. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";
import { PG } from "./types.ts";

const taskBind = { op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [1] };
const unbind = mbind(0, 4, "MPOL_DEFAULT", [], ["MPOL_MF_MOVE"]);

describe("a VMA with no policy of its own follows the task's policy", () => {
  const steps = [mmap(4), touch(100, 0, 2), taskBind, unbind];

  it("moves the pages where the caller's task policy says, and the narration says so", () => {
    const r = runChecked(scenario(steps));
    expect(
      pagesOf(r)
        .map((p) => p.node)
        .slice(0, 2),
    ).toEqual([1, 1]);
    const added = r.frames.find((f) => f.fn === "migrate_page_add")?.text ?? "";
    expect(added).toContain("tid 100's task policy, MPOL_BIND {1}");
    expect(added).not.toContain("calling CPU's node");
    const range = r.frames.find((f) => f.fn === "mbind_range")?.text ?? "";
    expect(range).toContain("has no policy of its own");
    expect(range).not.toContain("default (local)");
  });

  it("still sends an eager move under an empty PREFERRED mask to the calling CPU's node", () => {
    const r = runChecked(
      scenario([mmap(2), touch(101, 0, 2), mbind(0, 2, "MPOL_PREFERRED", [], ["MPOL_MF_MOVE"])]),
    );
    expect(
      pagesOf(r)
        .map((p) => p.node)
        .slice(0, 2),
    ).toEqual([0, 0]);
    const added = r.frames.find((f) => f.fn === "migrate_page_add")?.text ?? "";
    expect(added).toContain("calling CPU's node");
  });
});

describe("MPOL_MF_LAZY without MOVE", () => {
  it("says a page still in the swap cache will be checked, as it then is", () => {
    const r = runChecked(
      scenario([
        mmap(2),
        touch(100, 0, 2),
        mbind(0, 2, "MPOL_PREFERRED", [], LAZY),
        mbind(0, 2, "MPOL_BIND", [1], ["MPOL_MF_LAZY"]),
        touch(100, 0, 2),
      ]),
    );
    const said = r.frames.filter((f) => f.fn === "do_mbind").map((f) => f.text);
    expect(said.some((s) => s.includes("already in the swap cache"))).toBe(true);
    expect(said.some((s) => s.includes("would be checked"))).toBe(false);
    expect(
      pagesOf(r)
        .map((p) => p.node)
        .slice(0, 2),
    ).toEqual([1, 1]);
  });
});

describe("6.1 turning away unknown flag bits", () => {
  it("says when bits other than MPOL_MF_LAZY were outside MPOL_MF_VALID too", () => {
    const run = (flags: number) =>
      runChecked(scenario([mmap(1), mbind(0, 1, "MPOL_BIND", [1], flags)], { kernel: "mainline" }));
    const alone = run(0x8 | 0x2);
    const withOthers = run(0x10018);
    expect(alone.rets.at(-1)).toBe("-EINVAL");
    expect(withOthers.rets.at(-1)).toBe("-EINVAL");
    expect(alone.frames.at(-1)?.text).not.toContain("other unknown bits");
    expect(withOthers.frames.at(-1)?.text).toContain("other unknown bits");
  });
});

describe("scan_swap_map keeps to lowest_bit..highest_bit", () => {
  const lazy = (first: number, pages: number) => mbind(first, pages, "MPOL_PREFERRED", [], LAZY);
  it("takes the slot freed since swap filled, not a cache-only slot below the range", () => {
    const r = runChecked(
      scenario(
        [
          mmap(9),
          touch(100, 0, 9),
          lazy(0, 3), // slots 1-3
          touch(100, 0, 2, "read"), // slots 1 and 2: held by the swap cache only
          lazy(3, 2),
          lazy(5, 3), // slots 4-8: swap is full
          touch(100, 2, 1), // written on its own node: reused, slot 3 freed
          lazy(8, 1),
        ],
        { swap: 8 },
      ),
    );
    const last = r.frames.filter((f) => f.fn === "add_to_swap").at(-1)?.text ?? "";
    expect(last).toContain("gets swap slot 3");
    // pfn 0 and 1 keep their slots: the scan never looked below slot 3.
    expect(r.frames.some((f) => f.text.includes("took slot 1 back"))).toBe(false);
    expect(r.sim.kernel.swap.cache[1]).toBeGreaterThanOrEqual(0);
  });
});

describe("free_swap_and_cache", () => {
  it("marks dirty a page it drops from the swap cache while another process maps it", () => {
    const op = (name: string, tid = 100) => ({ op: name, tid, addr: "0x7f0000000000", pages: 1 });
    const r = runChecked(
      scenario(
        [
          mmap(2),
          touch(100, 0, 2),
          mbind(0, 1, "MPOL_PREFERRED", [], LAZY), // slot 1
          { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } },
          op("writeback"),
          op("end_writeback"), // clean now
          touch(200, 0, 1, "read"), // the child maps it; the parent's swap entry stays
          mbind(1, 1, "MPOL_PREFERRED", [], ["MPOL_MF_MOVE_ALL", "MPOL_MF_LAZY"]), // swap is full
          { op: "munmap", tid: 100, addr: "0x7f0000000000", pages: 1 },
        ],
        { swap: 2, capSysNice: true },
      ),
    );
    const child = pagesOf(r, 200)[0];
    const page = r.sim.kernel.pages[child?.pfn ?? -1];
    expect(page && page.flags & PG.swapcache).toBe(0);
    expect(page && page.flags & PG.dirty).not.toBe(0);
  });
});
