/** Behaviours an independent review checked against 3.3 and the RFC series. */
import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";
import { build_all_zonelists } from "./zonelist.ts";

const equal = (n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 10 : 20)));

describe("build_zonelists / find_next_best_node", () => {
  it("rotates equally distant nodes: the next node up comes first", () => {
    expect(build_all_zonelists({ distances: equal(3), hasCpus: [true, true, true] })).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
  });

  it("orders by distance first", () => {
    const d = [
      [10, 20, 30, 30],
      [20, 10, 30, 30],
      [30, 30, 10, 20],
      [30, 30, 20, 10],
    ];
    const z = build_all_zonelists({ distances: d, hasCpus: [true, true, true, true] });
    expect(z.map((l) => l.slice(0, 2))).toEqual([
      [0, 1],
      [1, 0],
      [2, 3],
      [3, 2],
    ]);
  });

  it("decides the nearest allowed node for BIND, eagerly and on a fault", () => {
    const eager = runChecked(
      scenario(
        [
          { ...mmap(1), tid: 101 },
          touch(101, 0, 1),
          { ...mbind(0, 1, "MPOL_BIND", [0, 2], ["MPOL_MF_MOVE"]), tid: 101 },
        ],
        { nodes: 3 },
      ),
    );
    expect(pagesOf(eager)[0]?.node).toBe(2);
    const lazy = runChecked(
      scenario(
        [mmap(1), touch(101, 0, 1), mbind(0, 1, "MPOL_BIND", [0, 2], LAZY), touch(101, 0, 1)],
        { nodes: 3 },
      ),
    );
    expect(pagesOf(lazy)[0]?.node).toBe(2);
  });
});

describe("details kept from 3.3", () => {
  it("interleaves huge pages by huge-page offset, so they alternate between nodes", () => {
    const r = runChecked(
      scenario(
        [mmap(32, { thp: true }), mbind(0, 32, "MPOL_INTERLEAVE", [0, 1], []), touch(100, 0, 32)],
        { thpPages: 8, frames: 64 },
      ),
    );
    const nodes = pagesOf(r)
      .filter((_, i) => i % 8 === 0)
      .map((p) => p.node);
    expect(nodes).toEqual([0, 1, 0, 1]);
    expect(r.report.vmstat.nr_anon_transparent_hugepages).toBe(4);
    expect(r.report.vmstat.nr_anon_pages).toBe(0);
  });

  it("page cache interleaves through the task's il_next", () => {
    const file = { backing: "file", file: { path: "/f", migratepage: true } };
    const s = scenario([
      mmap(4, file),
      { op: "set_mempolicy", tid: 100, mode: "MPOL_INTERLEAVE", nodes: [0, 1] },
      touch(100, 1, 3, "read"),
      touch(100, 0, 1, "read"),
    ]);
    expect(pagesOf(runChecked(s)).map((p) => p.node)).toEqual([1, 0, 1, 0]);
  });

  it("fork does not copy the PTEs of a shared file mapping", () => {
    const file = { backing: "file", file: { path: "/f", migratepage: true } };
    const r = runChecked(
      scenario([
        mmap(2, file),
        touch(100, 0, 2, "write"),
        { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } },
      ]),
    );
    expect(pagesOf(r, 200).map((p) => p.pte)).toEqual(["none", "none"]);
    expect(pagesOf(r, 100).map((p) => p.pte)).toEqual(["present", "present"]);
  });

  it("a write to a locked read-only page waits (the model retries later) instead of copying", () => {
    const steps = [
      mmap(1),
      touch(100, 0, 1),
      mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
      touch(101, 0, 1, "read"),
      { op: "lock_page", tid: 100, addr: at(0), pages: 1 },
      touch(101, 0, 1),
    ];
    const r = runChecked(scenario(steps));
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 0, swapcache: true });
    const unlocked = runChecked(
      scenario([
        ...steps,
        { op: "unlock_page", tid: 100, addr: at(0), pages: 1 },
        touch(101, 0, 1),
      ]),
    );
    expect(pagesOf(unlocked)[0]).toMatchObject({ pte: "present", node: 0, swapcache: false });
    expect(unlocked.report.swap.used).toBe(0);
  });

  it("migrate_prep drains the pagevecs before mpol_set_nodemask rejects a mask of absent nodes", () => {
    const r = runChecked(
      scenario([mmap(4), touch(100, 0, 4), mbind(0, 4, "MPOL_BIND", [5], ["MPOL_MF_MOVE"])]),
    );
    expect(r.rets[2]).toBe("-EINVAL");
    expect(r.report.vmstat.nr_active_anon).toBe(4);
  });

  it("sys_mbind strips mode flags ORed into a numeric mode", () => {
    const r = runChecked(
      scenario([mmap(2), mbind(0, 2, (2 | (1 << 15)) as never, [1], []), touch(100, 0, 2)]),
    );
    expect(r.rets[1]).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
  });

  it("an eagerly migrated old page waits in the pagevec and is freed when it drains", () => {
    const steps = [mmap(4), touch(100, 0, 4), mbind(0, 4, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])];
    const r = runChecked(scenario(steps));
    expect(r.report.nodes[0]?.free).toBe(28);
    const drained = runChecked(scenario([...steps, { op: "lru_add_drain", tid: 100 }]));
    expect(drained.report.nodes[0]?.free).toBe(32);
  });
});

describe("huge pages stay whole where 3.3 keeps them whole", () => {
  const thp = (steps: unknown[]) =>
    runChecked(scenario([mmap(8, { thp: true }), touch(100, 0, 1), ...steps], { thpPages: 4 }));

  it("munmap of a whole huge page frees it without splitting; a partial munmap splits it", () => {
    const whole = thp([
      { op: "munmap", tid: 100, addr: at(0), pages: 4 },
      { op: "lru_add_drain", tid: 100 },
    ]);
    expect(whole.report.vmstat.thp_split).toBe(0);
    expect(whole.report.nodes[0]?.free).toBe(32);
    const part = thp([{ op: "munmap", tid: 100, addr: at(1), pages: 2 }]);
    expect(part.report.vmstat.thp_split).toBe(1);
    expect(pagesOf(part).map((p) => p.pte)).toEqual([
      "present",
      "present",
      "none",
      "none",
      "none",
      "none",
    ]);
  });

  it("a write to a huge page shared after fork copies the whole huge page where the policy says", () => {
    const r = thp([
      { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } },
      { ...touch(200, 0, 1), tid: 200 },
    ]);
    expect(r.report.vmstat.thp_split).toBe(0);
    expect(
      pagesOf(r, 200)
        .slice(0, 4)
        .every((p) => p.node === 1),
    ).toBe(true);
    expect(
      pagesOf(r, 100)
        .slice(0, 4)
        .every((p) => p.node === 0),
    ).toBe(true);
    expect(r.report.vmstat.nr_anon_transparent_hugepages).toBe(2);
  });

  it("an mbind on part of a huge page splits it where the VMA is cut (vma_adjust_trans_huge), so a later copy-on-write follows each part's own policy", () => {
    const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 0 } };
    const r = thp([mbind(1, 2, "MPOL_BIND", [1], 0), fork, touch(100, 0, 4)]);
    expect(r.report.vmstat.thp_split).toBe(1);
    expect(r.frames.find((f) => f.fn === "split_huge_page")?.text).toMatch(
      /cut at 0x7f0000001000, inside a huge page.*vma_adjust_trans_huge/,
    );
    // Pages 1 and 2 are in the MPOL_BIND {1} VMA: their copies go to node 1.
    expect(
      pagesOf(r)
        .slice(0, 4)
        .map((p) => p.node),
    ).toEqual([0, 1, 1, 0]);
  });

  it("once the other process has its own copy, a write reuses the huge page in place", () => {
    const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };
    const r = thp([fork, { ...touch(200, 0, 1), tid: 200 }, touch(100, 2, 1)]);
    expect(r.frames.some((f) => f.text.includes("becomes writable in place"))).toBe(true);
    expect(
      pagesOf(r, 100)
        .slice(0, 4)
        .every((p) => p.node === 0),
    ).toBe(true);
  });
});

describe("fifth audit (narration against 3.3 and the RFC)", () => {
  it("an eager move says 3.3 would sleep on a locked page from the fourth pass, and only a pin fails every pass", () => {
    const move = mbind(0, 2, "MPOL_BIND", [1], ["MPOL_MF_MOVE", "MPOL_MF_STRICT"]);
    const lock = { op: "lock_page", tid: 101, addr: at(0), pages: 1 };
    const locked = runChecked(scenario([mmap(2), touch(100, 0, 2), lock, move]));
    const says = (re: RegExp) => locked.frames.filter((f) => re.test(f.text)).length;
    // Passes 1 to 3 try the lock; from the fourth, the kernel would wait for it.
    expect(says(/trylock_page fails, so this pass skips it/)).toBe(3);
    expect(says(/the kernel would sleep in lock_page until its holder lets go, then move it/)).toBe(
      7,
    );
    const pin = { op: "get_page", tid: 101, addr: at(0), pages: 1 };
    const pinned = runChecked(scenario([mmap(2), touch(100, 0, 2), pin, move]));
    expect(pinned.rets[3]).toBe("-EIO");
    expect(pinned.frames.filter((f) => /someone else holds a reference/.test(f.text))).toHaveLength(
      10,
    );
  });

  it("a drain that drops the last reference says the pages are freed, not put on the LRU", () => {
    const r = runChecked(
      scenario([
        mmap(4),
        touch(100, 0, 4),
        mbind(0, 4, "MPOL_PREFERRED", [], LAZY),
        touch(101, 0, 4),
        { op: "munmap", tid: 100, addr: at(0), pages: 4 },
        { op: "lru_add_drain", tid: 101 },
      ]),
    );
    const texts = r.frames.map((f) => f.text);
    expect(texts.some((t) => /4 are held only by cpu 1's pagevec/.test(t))).toBe(true);
    expect(texts.at(-1)).toMatch(
      /held the last reference to all of them, so they go back to the free lists/,
    );
    expect(r.report.nodes[1]?.free).toBe(r.report.nodes[0]?.free);
  });
  it("an eager move of a mapped swap-cache page says its PTE stays a swap entry, found by slot", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
        touch(100, 0, 1, "read"),
        mbind(0, 1, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
      ]),
    );
    expect(r.frames.some((f) => /its PTEs stay swap entries .* by slot \d+/.test(f.text))).toBe(
      true,
    );
    expect(pagesOf(r)[0]).toMatchObject({ pte: "swap", node: 1, swapcache: true });
  });
});

type Run = ReturnType<typeof runChecked>;

describe("counters against 3.3 and 6.1 (audit 13)", () => {
  it("a huge page on an LRU list counts all its base pages there, before and after its split", () => {
    for (const kernel of ["rfc-2012", "mainline"] as const) {
      const steps = [mmap(8, { thp: true }), touch(100, 0, 1), { op: "lru_add_drain", tid: 100 }];
      const whole = runChecked(scenario(steps, { kernel, thpPages: 8 }));
      const onLru = (r: Run) =>
        (r.report.vmstat.nr_inactive_anon ?? 0) + (r.report.vmstat.nr_active_anon ?? 0);
      expect(onLru(whole), kernel).toBe(8);
      const split = runChecked(
        scenario([...steps, { op: "munmap", tid: 100, addr: at(6), pages: 2 }], {
          kernel,
          thpPages: 8,
        }),
      );
      expect(split.report.vmstat.thp_split, kernel).toBe(1);
      expect(onLru(split), kernel).toBe(6);
    }
  });

  const file = { backing: "file", file: { path: "/data", migratepage: true } };

  it("counts a page-cache miss as a major fault before the allocation that fails (VM_FAULT_OOM)", () => {
    for (const kernel of ["rfc-2012", "mainline"] as const) {
      const r = runChecked(
        scenario([mmap(4, file), touch(100, 0, 4, "read")], {
          kernel,
          machine: {
            nodes: [
              { cpus: [0], frames: 2 },
              { cpus: [1], frames: 1 },
            ],
          },
        }),
      );
      expect(r.rets.at(-1), kernel).toBe("VM_FAULT_OOM");
      expect(r.report.vmstat.pgmajfault, kernel).toBe(4);
    }
  });

  it("6.1 counts a mapped huge page's base pages in nr_anon_pages; 3.3 counts it only as a THP", () => {
    const steps = [mmap(8, { thp: true }), touch(100, 0, 1)];
    const six = runChecked(scenario(steps, { kernel: "mainline", thpPages: 8 }));
    expect(six.report.vmstat.nr_anon_pages).toBe(8);
    expect(six.report.vmstat.nr_anon_transparent_hugepages).toBe(1);
    const old = runChecked(scenario(steps, { thpPages: 8 }));
    expect(old.report.vmstat.nr_anon_pages).toBe(0);
    expect(old.report.vmstat.nr_anon_transparent_hugepages).toBe(1);
  });

  it("6.1's lru_add batch is emptied at once by a huge page (folio_add_lru)", () => {
    const small = { ...mmap(3), addr: at(512) };
    const steps = [small, touch(100, 512, 3), mmap(8, { thp: true }), touch(100, 0, 1)];
    const six = runChecked(scenario(steps, { kernel: "mainline", thpPages: 8, frames: 64 }));
    expect(
      six.frames.some((f) => f.text.includes("a huge page empties cpu 0's lru_add batch")),
    ).toBe(true);
    // 3.3's pagevecs have no such test: all four wait.
    const old = runChecked(scenario(steps, { thpPages: 8, frames: 64 }));
    const lru = (r: Run) =>
      (r.report.vmstat.nr_inactive_anon ?? 0) + (r.report.vmstat.nr_active_anon ?? 0);
    expect(lru(old)).toBe(0);
    // Every base page of the huge page counts on the list, with the three small pages.
    expect(lru(six)).toBe(3 + 8);
  });
});
