import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";

const lazyLocal = (first: number, n: number, extra: object = {}) =>
  mbind(first, n, "MPOL_PREFERRED", [], LAZY, extra);

describe("mbind(MPOL_MF_MOVE|MPOL_MF_LAZY): migrate_pages_unmap_only", () => {
  it("unmaps every misplaced anon page into the swap cache and moves none", () => {
    const r = runChecked(scenario([mmap(8), touch(100, 0, 8), lazyLocal(0, 8)]));
    expect(r.rets).toEqual([0, 0, 0]);
    for (const p of pagesOf(r)) expect(p).toMatchObject({ pte: "swap", node: 0, swapcache: true });
    expect(r.report.swap.used).toBe(8);
    expect(r.report.vmstat.pgmigrate_success).toBe(0);
    expect(r.report.vmstat.nr_isolated_anon).toBe(0);
    expect(r.frames.some((f) => f.fn === "lru_add_drain")).toBe(true);
  });

  it("sets MPOL_F_MOF so a write fault from another node pulls the page local", () => {
    const r = runChecked(scenario([mmap(8), touch(100, 0, 8), lazyLocal(0, 8), touch(101, 2, 3)]));
    const pages = pagesOf(r);
    expect(
      pages.slice(2, 5).every((p) => p.pte === "present" && p.node === 1 && !p.swapcache),
    ).toBe(true);
    expect(pages.filter((p) => p.pte === "swap")).toHaveLength(5);
    expect(r.report.vmstat.pgmigrate_success).toBe(3);
    expect(r.report.swap.used).toBe(5);
    expect(r.frames.filter((f) => f.fn === "migrate_misplaced_page")).toHaveLength(3);
  });

  it("unmaps every mapped page: from mbind the page_count == 1 branch cannot be reached", () => {
    const r = runChecked(scenario([mmap(2), touch(100, 0, 2), lazyLocal(0, 2)]));
    expect(pagesOf(r).map((p) => p.pte)).toEqual(["swap", "swap"]);
    expect(r.report.vmstat.pgmigrate_fail).toBe(0);
    expect(r.report.swap.used).toBe(2);
  });

  it("skips a page whose lock is held elsewhere (trylock_page fails) without failing", () => {
    const r = runChecked(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        { op: "lock_page", tid: 100, addr: "0x7f0000001000", pages: 1 },
        lazyLocal(0, 4, { flags: [...LAZY, "MPOL_MF_STRICT"] }),
      ]),
    );
    expect(r.rets[3]).toBe(0);
    expect(pagesOf(r)[1]).toMatchObject({ pte: "present", swapcache: false });
    expect(pagesOf(r).filter((p) => p.pte === "swap")).toHaveLength(3);
    expect(r.frames.some((f) => f.text.includes("trylock_page fails"))).toBe(true);
  });

  it("skips a page under writeback", () => {
    const r = runChecked(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        { op: "writeback", tid: 100, addr: "0x7f0000000000", pages: 2 },
        lazyLocal(0, 4),
      ]),
    );
    expect(pagesOf(r).map((p) => p.pte)).toEqual(["present", "present", "swap", "swap"]);
  });

  it("passes over KSM pages: check_pte_range never queues them", () => {
    const r = runChecked(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        { op: "ksm_merge", tid: 100, addr: "0x7f0000000000", pages: 4 },
        lazyLocal(0, 4),
      ]),
    );
    expect(pagesOf(r).every((p) => p.pte === "present")).toBe(true);
    expect(r.rets[3]).toBe(0);
  });

  it("fails pages when swap is full, and STRICT turns that into -EIO with the policy applied", () => {
    const steps = [
      mmap(6),
      touch(100, 0, 6),
      lazyLocal(0, 6, { flags: [...LAZY, "MPOL_MF_STRICT"] }),
      touch(101, 0, 6),
    ];
    const r = runChecked(scenario(steps, { swap: 4 }));
    expect(r.rets[2]).toBe("-EIO");
    expect(pagesOf(r).filter((p) => p.node === 1)).toHaveLength(4); // the policy (with MOF) was applied
    expect(r.report.vmstat.pgmigrate_fail).toBe(2);
    const r2 = runChecked(scenario([mmap(6), touch(100, 0, 6), lazyLocal(0, 6)], { swap: 4 }));
    expect(r2.rets[2]).toBe(0);
  });

  it("clears the PTEs of a file page with migratepage, and leaves it in the page cache", () => {
    const file = { backing: "file", file: { path: "/data/grid", migratepage: true } };
    const r = runChecked(
      scenario([
        mmap(4, file),
        touch(100, 0, 4, "read"),
        lazyLocal(0, 4),
        touch(101, 0, 4, "read"),
      ]),
    );
    expect(r.frames.filter((f) => f.text.includes("stays in the page cache"))).toHaveLength(4);
    expect(pagesOf(r).every((p) => p.pte === "present" && p.node === 0)).toBe(true);
    expect(r.report.swap.used).toBe(0);
  });

  it("skips file pages whose filesystem has no migratepage op", () => {
    const file = { backing: "file", file: { path: "/legacy", migratepage: false } };
    const r = runChecked(scenario([mmap(3, file), touch(100, 0, 3, "read"), lazyLocal(0, 3)]));
    expect(pagesOf(r).every((p) => p.pte === "present")).toBe(true);
    expect(r.frames.some((f) => f.text.includes("no migratepage op"))).toBe(true);
  });

  it("MOVE leaves pages shared after fork alone; MOVE_ALL (CAP_SYS_NICE) unmaps them from every page table", () => {
    const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };
    const move = runChecked(scenario([mmap(4), touch(100, 0, 4), fork, lazyLocal(0, 4)]));
    expect(move.rets[3]).toBe(0);
    expect(move.report.pages.every((p) => p.pte === "present")).toBe(true);
    const all = [
      mmap(4),
      touch(100, 0, 4),
      fork,
      mbind(0, 4, "MPOL_PREFERRED", [], ["MPOL_MF_MOVE_ALL", "MPOL_MF_LAZY"]),
    ];
    expect(runChecked(scenario(all)).rets[3]).toBe("-EPERM");
    const r = runChecked(scenario(all, { capSysNice: true }));
    expect(r.rets[3]).toBe(0);
    expect(r.report.pages.every((p) => p.pte === "swap")).toBe(true);
    expect(r.report.swap.used).toBe(4);
  });

  it("splits a huge page before walking its PTEs, then unmaps every base page", () => {
    const r = runChecked(
      scenario([mmap(8, { thp: true }), touch(100, 0, 1), lazyLocal(0, 8)], { thpPages: 4 }),
    );
    expect(r.frames.filter((f) => f.fn === "do_huge_pmd_anonymous_page")).toHaveLength(1);
    expect(r.report.vmstat.thp_split).toBe(1);
    expect(
      pagesOf(r)
        .slice(0, 4)
        .every((p) => p.pte === "swap"),
    ).toBe(true);
  });

  it("puts pages back through the caller's pagevec and drains it only when something was unmapped", () => {
    const r = runChecked(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        { op: "lock_page", tid: 100, addr: "0x7f0000000000", pages: 4 },
        lazyLocal(0, 4),
      ]),
    );
    const mbindFrames = r.frames.filter((f) => f.step === 3);
    expect(mbindFrames.filter((f) => f.fn === "putback_lru_page")).toHaveLength(4);
    expect(mbindFrames.some((f) => f.fn === "lru_add_drain")).toBe(false);
  });
});
