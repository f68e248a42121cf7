/**
 * Divergences a fourteenth source audit found (the mbind path and the fault path, against 3.3.8,
 * the RFC series and 6.1 stable), each checked on both kernels where both are concerned.
 */
import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";

const KERNELS = ["rfc-2012", "mainline"] as const;
const file = (path: string) => ({ backing: "file", file: { path, migratepage: true } });
const pageAt = (r: ReturnType<typeof runChecked>, page: number, pid = 100) =>
  r.report.pages.find((p) => p.pid === pid && p.addr === at(page));

describe("filemap_fault on a locked page-cache page", () => {
  for (const kernel of KERNELS)
    it(`waits for the lock instead of mapping the page (${kernel})`, () => {
      const steps = [
        { ...mmap(1, file("/data")), tid: 200 },
        { ...touch(200, 0, 1, "read") },
        { op: "lock_page", tid: 200, addr: at(0), pages: 1 },
        mmap(1, file("/data")),
        touch(101, 0, 1, "read"),
      ];
      const s = scenario(steps, { kernel }) as { processes: object[] };
      s.processes.push({ pid: 200, threads: [{ tid: 200, cpu: 0 }] });
      const r = runChecked(s);
      expect(pageAt(r, 0)?.pte).toBe("none");
      expect(r.frames.at(-1)?.text).toMatch(/locked by .*would sleep in lock_page/);
      // Unlocked, the next touch maps it where it is.
      const done = runChecked({
        ...s,
        steps: [
          ...steps,
          { op: "unlock_page", tid: 200, addr: at(0), pages: 1 },
          touch(101, 0, 1, "read"),
        ],
      });
      expect(pageAt(done, 0)?.pte).toBe("present");
    });
});

describe("new_vma_page / new_page: the target follows the range's VMA", () => {
  // /a mapped twice, at pages 0 and 16; mbind moves one mapping's pages, with the other mapped
  // first (so first in the page's rmap) above the range, or below it.
  const cases = [
    { other: "above", first: 16, range: 0 },
    { other: "below", first: 0, range: 16 },
  ] as const;
  for (const kernel of KERNELS)
    for (const { other, first, range } of cases)
      it(`places a page the caller also maps ${other} the range by the range's policy (${kernel})`, () => {
        const second = first === 0 ? 16 : 0;
        const r = runChecked(
          scenario(
            [
              { ...mmap(2, file("/a")), addr: at(first) },
              touch(100, first, 2, "read"),
              { ...mmap(2, file("/a")), addr: at(second) },
              touch(100, second, 2, "read"),
              mbind(range, 2, "MPOL_BIND", [1], ["MPOL_MF_MOVE_ALL"]),
            ],
            { kernel, capSysNice: true },
          ),
        );
        expect(r.rets.at(-1)).toBe(0);
        for (const page of [0, 1, 16, 17]) expect(pageAt(r, page)?.node).toBe(1);
      });
});

describe("6.1's walk goes on past a page it cannot isolate (6.1.57's has_unmovable)", () => {
  // Pages 0-1 of /a are mapped twice: when the walk meets them again at page 2, they are already
  // isolated, so isolate_lru_page fails there.
  const steps = (extra: object[] = []) => [
    mmap(2, file("/a")),
    { ...mmap(4, file("/a")), addr: at(2) },
    touch(100, 0, 2, "read"),
    touch(100, 2, 4, "read"),
    ...extra,
    mbind(0, 6, "MPOL_BIND", [1], ["MPOL_MF_MOVE_ALL", "MPOL_MF_STRICT"]),
  ];

  it("still queues and migrates the pages after it, then says -EIO", () => {
    const r = runChecked(scenario(steps(), { kernel: "mainline", capSysNice: true }));
    expect(r.rets.at(-1)).toBe("-EIO");
    for (const page of [0, 1, 2, 3, 4, 5]) expect(pageAt(r, page)?.node).toBe(1);
  });

  it("returns 1 over a later hole's -EFAULT: the policy is applied and the pages move", () => {
    const r = runChecked(scenario(withHole(), { kernel: "mainline", capSysNice: true }));
    expect(r.rets.at(-1)).toBe("-EIO");
    // The file pages moved. The anon pages at 4-5 did not: queue_pages_test_walk met the hole
    // after their VMA before walking it, and it is that -EFAULT the 1 stands over.
    expect(pageAt(r, 0)?.node).toBe(1);
    expect(pageAt(r, 4)?.node).toBe(0);
    expect(r.frames.some((f) => /over the -EFAULT it stopped at/.test(f.text))).toBe(true);
    // The policy was applied: a page touched later in the range is allocated on node 1.
    const later = runChecked(
      scenario([...withHole(), touch(100, 8, 1)], { kernel: "mainline", capSysNice: true }),
    );
    expect(pageAt(later, 8)?.node).toBe(1);
  });

  /**
   * The pages it cannot isolate in the VMA at page 2, then an anon VMA at page 4 that the walk
   * finds followed by a hole (pages 6-7) before the last VMA, at page 8.
   */
  function withHole() {
    return [
      mmap(2, file("/a")),
      { ...mmap(2, file("/a")), addr: at(2) },
      { ...mmap(2), addr: at(4) },
      { ...mmap(2), addr: at(8) },
      touch(100, 0, 6, "read"),
      mbind(0, 10, "MPOL_BIND", [1], ["MPOL_MF_MOVE_ALL", "MPOL_MF_STRICT"]),
    ];
  }

  it("is not 3.3's rule: there the twice-mapped pages move and mbind returns 0", () => {
    const r = runChecked(scenario(steps(), { capSysNice: true }));
    expect(r.rets.at(-1)).toBe(0);
    for (const page of [0, 1, 2, 3, 4, 5]) expect(pageAt(r, page)?.node).toBe(1);
  });
});

describe("narration the audit found overstated", () => {
  it("says a lazily unmapped file page comes back from the page cache where it is", () => {
    const r = runChecked(
      scenario([
        mmap(2, file("/f")),
        touch(100, 0, 2, "read"),
        mbind(0, 2, "MPOL_BIND", [1], LAZY),
      ]),
    );
    const done = r.frames.filter((f) => f.fn === "migrate_pages_unmap_only").at(-1);
    expect(done?.text).toMatch(/2 file pages will come back from the page cache where they are/);
    const mof = r.frames.find((f) => f.fn === "do_mbind" && /MPOL_F_MOF/.test(f.text));
    expect(mof?.text).toMatch(/anonymous page/);
  });

  it("says after fork that the first writer copies and the last one may migrate", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_BIND", [1], LAZY),
        { op: "fork", tid: 100, child: { pid: 300, tid: 300, cpu: 1 } },
      ]),
    );
    const fork = r.frames.find((f) => f.fn === "copy_page_range");
    expect(fork?.text).toMatch(/the first of the processes to write copies the page/);
    expect(fork?.text).toMatch(/a write by the last one left may migrate it first/);
  });
});
