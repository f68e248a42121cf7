import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";

const unmapped = (n = 4, mode = "MPOL_PREFERRED", nodes: number[] = []) => [
  mmap(n),
  touch(100, 0, n),
  mbind(0, n, mode, nodes, LAZY),
];

describe("do_swap_page with the migrate-on-fault hook (RFC 07/26)", () => {
  it("a write fault reuses the swap page, migrates it to the toucher's node and frees its slot", () => {
    const r = runChecked(scenario([...unmapped(), touch(101, 0, 1)]));
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 1, swapcache: false });
    expect(r.report.swap.used).toBe(3);
    expect(r.report.vmstat.pgmigrate_success).toBe(1);
    expect(
      r.sim.kernel.mms.get(100 as never)?.ptes.get((0x7f0000000000 / 4096) as never),
    ).toMatchObject({ writable: true });
  });

  it("a read fault maps the page back where it is, read-only, still in the swap cache", () => {
    const r = runChecked(scenario([...unmapped(), touch(101, 0, 1, "read")]));
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 0, swapcache: true });
    expect(r.report.swap.used).toBe(4);
    expect(r.report.vmstat.pgmigrate_success).toBe(0);
  });

  it("a read before the write defeats the migration: do_wp_page reuses the page in place", () => {
    const r = runChecked(
      scenario([...unmapped(), touch(101, 0, 1, "read"), touch(101, 0, 1, "write")]),
    );
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 0, swapcache: false });
    expect(r.report.swap.used).toBe(3);
  });

  it("the faulting thread's own node is local: a node-0 thread leaves node-0 pages in place", () => {
    const r = runChecked(scenario([...unmapped(), touch(100, 0, 4)]));
    expect(pagesOf(r).every((p) => p.pte === "present" && p.node === 0)).toBe(true);
    expect(
      r.frames.some((f) => f.fn === "mpol_misplaced" && f.text.includes("already satisfied")),
    ).toBe(true);
  });

  it("BIND: a page outside the mask moves to the allowed node nearest the faulting CPU", () => {
    const s = scenario(
      [mmap(2), touch(100, 0, 2), mbind(0, 2, "MPOL_BIND", [1, 2], LAZY), touch(103, 0, 1)],
      { nodes: 4 },
    );
    (s as { machine: { distances: number[][] } }).machine.distances = [
      [10, 20, 30, 30],
      [20, 10, 30, 30],
      [30, 30, 10, 20],
      [30, 30, 20, 10],
    ];
    const r = runChecked(s);
    expect(pagesOf(r)[0]?.node).toBe(2);
  });

  it("PREFERRED {n} pulls pages to n whoever touches them; INTERLEAVE to the offset's node", () => {
    const pref = runChecked(
      scenario([...unmapped(4, "MPOL_PREFERRED", [2]), touch(101, 0, 4)], { nodes: 3 }),
    );
    expect(pagesOf(pref).every((p) => p.node === 2)).toBe(true);
    const il = runChecked(
      scenario([...unmapped(4, "MPOL_INTERLEAVE", [1, 2]), touch(100, 0, 4)], { nodes: 3 }),
    );
    const nodes = pagesOf(il).map((p) => p.node);
    expect(nodes[0]).not.toBe(nodes[1]);
    expect(nodes.every((n) => n === 1 || n === 2)).toBe(true);
  });

  it("a full target node means the page is used where it is, and pgmigrate_fail counts it", () => {
    const fill = [{ op: "mmap", tid: 101, addr: at(64), pages: 32 }, touch(101, 64, 32)];
    const r = runChecked(scenario([...unmapped(), ...fill, touch(101, 0, 2)]));
    expect(
      pagesOf(r)
        .slice(0, 2)
        .every((p) => p.pte === "present" && p.node === 0),
    ).toBe(true);
    expect(r.report.vmstat.pgmigrate_fail).toBe(2);
    expect(r.frames.some((f) => f.text.includes("GFP_THISNODE"))).toBe(true);
  });

  it("a pinned page cannot migrate on fault (page_count is not what MIGRATE_FAULT expects)", () => {
    const r = runChecked(
      scenario([
        ...unmapped(),
        { op: "get_page", tid: 100, addr: at(0), pages: 1 },
        touch(101, 0, 2),
      ]),
    );
    expect(
      pagesOf(r)
        .map((p) => p.node)
        .slice(0, 2),
    ).toEqual([0, 1]);
    expect(r.report.vmstat.pgmigrate_fail).toBe(1);
  });

  it("a page under writeback is not migrated on fault", () => {
    const r = runChecked(
      scenario([
        ...unmapped(),
        { op: "writeback", tid: 100, addr: at(0), pages: 1 },
        touch(101, 0, 1),
      ]),
    );
    expect(pagesOf(r)[0]?.node).toBe(0);
  });

  it("without MPOL_F_MOF (an eager mbind) a swap-cache page is not migrated by a fault", () => {
    const steps = [
      ...unmapped(),
      mbind(0, 4, "MPOL_BIND", [0, 1], ["MPOL_MF_MOVE"]),
      touch(101, 0, 1),
    ];
    const r = runChecked(scenario(steps));
    expect(pagesOf(r)[0]?.node).toBe(0);
  });

  it("a page still shared after fork is copied on write, not migrated", () => {
    const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };
    const s = scenario(
      [
        mmap(2),
        touch(100, 0, 2),
        fork,
        mbind(0, 2, "MPOL_PREFERRED", [], ["MPOL_MF_MOVE_ALL", "MPOL_MF_LAZY"]),
        touch(101, 0, 1),
      ],
      { capSysNice: true },
    );
    const r = runChecked(s);
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 1, swapcache: false });
    expect(r.report.vmstat.pgmigrate_success).toBe(0);
    expect(pagesOf(r, 200)[0]).toMatchObject({ pte: "swap", node: 0, swapcache: true });
  });

  it("when swap is over half full, a read fault drops the page from the swap cache (vm_swap_full)", () => {
    const r = runChecked(scenario([...unmapped(4), touch(101, 0, 1, "read")], { swap: 6 }));
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 0, swapcache: false });
  });
});

describe("first touch and copy-on-write", () => {
  it("anonymous first touch allocates on the local node and queues the page in the CPU's pagevec", () => {
    const r = runChecked(scenario([mmap(3), touch(101, 0, 3)]));
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
    expect(r.report.vmstat.pgfault).toBe(3);
    expect(r.report.vmstat.nr_active_anon).toBe(0);
    expect(r.sim.kernel.pagevecs.get(1 as never)?.active_anon).toHaveLength(3);
  });

  it("falls back along the distance order when the local node is full (numa_miss / numa_foreign)", () => {
    const r = runChecked(scenario([mmap(12), touch(100, 0, 12)], { frames: 8 }));
    expect(pagesOf(r).filter((p) => p.node === 1)).toHaveLength(4);
    expect(r.report.nodes[1]).toMatchObject({ numa_miss: 4, other_node: 4 });
    expect(r.report.nodes[0]).toMatchObject({ numa_foreign: 4, numa_hit: 8 });
  });

  it("reports VM_FAULT_OOM when no node has a free page", () => {
    const r = runChecked(scenario([mmap(70), touch(100, 0, 70)]));
    expect(r.rets[1]).toBe("VM_FAULT_OOM");
  });

  it("a touch outside every VMA is a SIGSEGV", () => {
    expect(runChecked(scenario([mmap(2), touch(100, 4, 1)])).rets[1]).toBe("SIGSEGV");
  });

  it("a write to a KSM page copies it to a new page placed by the policy", () => {
    const r = runChecked(
      scenario([
        mmap(2),
        touch(100, 0, 2),
        { op: "ksm_merge", tid: 100, addr: at(0), pages: 2 },
        touch(101, 0, 1),
      ]),
    );
    expect(pagesOf(r)[0]?.node).toBe(1);
    expect(r.frames.some((f) => f.text.includes("a KSM page, which do_wp_page never reuses"))).toBe(
      true,
    );
  });

  it("file pages are placed by the task policy, not the VMA policy", () => {
    const file = { backing: "file", file: { path: "/f", migratepage: true } };
    const r = runChecked(
      scenario([mmap(2, file), mbind(0, 2, "MPOL_BIND", [1], []), touch(100, 0, 2)]),
    );
    expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
    const t = runChecked(
      scenario([
        mmap(2, file),
        { op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [1] },
        touch(100, 0, 2),
      ]),
    );
    expect(pagesOf(t).every((p) => p.node === 1)).toBe(true);
  });

  it("munmap needs a page-aligned address", () => {
    const r = runChecked(
      scenario([
        mmap(2),
        touch(100, 0, 2),
        { op: "munmap", tid: 100, addr: "0x7f0000000800", pages: 1 },
      ]),
    );
    expect(r.rets[2]).toBe("-EINVAL");
    expect(pagesOf(r).every((p) => p.pte === "present")).toBe(true);
  });

  it("munmap frees anonymous pages and swap slots", () => {
    const r = runChecked(
      scenario([
        ...unmapped(4),
        { op: "munmap", tid: 100, addr: at(0), pages: 4 },
        { op: "lru_add_drain", tid: 100 },
      ]),
    );
    expect(r.report.swap.used).toBe(0);
    expect(r.report.nodes[0]?.free).toBe(32);
  });
});
