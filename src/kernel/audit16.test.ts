/**
 * What a sixteenth review against 3.3.8 found: writeback cleans a page before it starts
 * (clear_page_dirty_for_io), so a written-back file page moves where a dirty one cannot; and three
 * sentences that said something other than what the model did (a split with the head still in a
 * pagevec, STRICT's summary after a KSM page, the holder of a scripted page lock). And, from the
 * differential fuzzer with hand-written programs, confirmed on a real 6.1: the halves of a VMA
 * split before its first fault have no anon_vma (each gets its own), and a first fault reuses a
 * compatible neighbour's (find_mergeable_anon_vma), which decides whether a later mbind merges
 * them, and so between -EIO and -EFAULT. And the fork frame's counts and promise: a slot's swap
 * references as they are, read-only pages shared too, and no migration promised to a last writer
 * whose read mapped the page first. Each failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";
import type { Kernel } from "./machine.ts";
import { pageOf } from "./page.ts";
import { type Pfn, PG, type Pid, type Vpn } from "./types.ts";

const file = { backing: "file", file: { path: "/data/f", migratepage: false } };
const op = (name: string, first: number, pages = 1, tid = 100) => ({
  op: name,
  tid,
  addr: at(first),
  pages,
});
/** `n` pages written by tid 100, then unmapped by a lazy mbind (anon pages: into the swap cache). */
const lazilyUnmapped = (n: number) => [
  mmap(n),
  touch(100, 0, n),
  mbind(0, n, "MPOL_PREFERRED", [], LAZY),
];
const vpnOf = (page: number) => (0x7f0000000000 / 4096 + page) as Vpn;

describe("writeback starts on a page clear_page_dirty_for_io has cleaned", () => {
  const written = [mmap(1, file), touch(100, 0, 1), op("writeback", 0), op("end_writeback", 0)];
  const strictMove = mbind(0, 1, "MPOL_BIND", [1], ["MPOL_MF_MOVE", "MPOL_MF_STRICT"]);

  it("lets an eager move take a file page written back since its last write", () => {
    const r = runChecked(scenario([...written, strictMove]));
    expect(r.rets.at(-1)).toBe(0);
    expect(pagesOf(r)[0]?.node).toBe(1);
  });

  it("still refuses a file page written to again after its writeback (-EBUSY, so -EIO)", () => {
    const r = runChecked(scenario([...written, touch(100, 0, 1), strictMove]));
    expect(r.rets.at(-1)).toBe("-EIO");
    expect(pagesOf(r)[0]?.node).toBe(0);
    expect(r.frames.some((f) => f.fn === "do_wp_page")).toBe(true);
  });

  it("write-protects the PTE and clears PG_dirty, and says so", () => {
    const r = runChecked(scenario([mmap(1, file), touch(100, 0, 1), op("writeback", 0)]));
    const k = r.sim.kernel;
    const pte = k.mms.get(100 as Pid)?.ptes.get(vpnOf(0));
    expect(pte?.kind).toBe("present");
    expect(pte?.kind === "present" && pte.writable).toBe(false);
    expect(pageOf(k, pagesOf(r)[0]?.pfn as Pfn).flags & PG.dirty).toBe(0);
    expect(r.frames.at(-1)?.text).toMatch(/clear_page_dirty_for_io cleans it first.*page_mkclean/);
  });

  it("leaves a swap-cache page's PTE as it was, clearing only PG_dirty", () => {
    const r = runChecked(
      scenario([...lazilyUnmapped(1), touch(100, 0, 1, "read"), op("writeback", 0)]),
    );
    expect(pagesOf(r)[0]?.swapcache).toBe(true);
    const k = r.sim.kernel;
    const page = pageOf(k, pagesOf(r)[0]?.pfn as Pfn);
    expect(page.flags & PG.dirty).toBe(0);
    // The read mapped it read-only; writeback leaves that PTE as it was.
    const pte = k.mms.get(100 as Pid)?.ptes.get(vpnOf(0));
    expect(pte?.kind === "present" && !pte.writable).toBe(true);
    const text = r.frames.at(-1)?.text ?? "";
    expect(text).not.toMatch(/page_mkclean/);
    expect(text).toMatch(/clear_page_dirty_for_io clears PG_dirty first; writeback starts/);
  });
});

describe("the narration says what the model did", () => {
  it("names the pagevec a split huge page's head still waits in", () => {
    const r = runChecked(
      scenario(
        [
          mmap(8, { thp: true }),
          touch(100, 0, 1),
          mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]),
        ],
        { thpPages: 8 },
      ),
    );
    const split = r.frames.find((f) => f.fn === "split_huge_page")?.text ?? "";
    expect(split).toMatch(/the 7 tail pages go straight onto the inactive list/);
    expect(split).toMatch(/head still waits in CPU 0's pagevec/);
    expect(r.report.vmstat.nr_inactive_anon).toBe(7);
  });

  it("does not claim STRICT found nothing outside the mask when it passed a KSM page over", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        op("ksm_merge", 0),
        mbind(0, 1, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]),
      ]),
    );
    expect(r.rets.at(-1)).toBe(0);
    const summary = r.frames.filter((f) => f.fn === "check_range").at(-1)?.text ?? "";
    expect(summary).toMatch(/apart from 1 KSM page/);
  });

  it("names the scripted lock's holder by its step, not as another task", () => {
    const r = runChecked(
      scenario([...lazilyUnmapped(1), op("lock_page", 0, 1, 101), touch(101, 0, 1)]),
    );
    const text = r.frames.at(-1)?.text ?? "";
    expect(text).toMatch(/locked by the lock_page step of tid 101/);
    expect(text).not.toMatch(/another task/);
  });
});

describe("anon_vma_prepare: a VMA's anon_vma, and so whether it merges again", () => {
  const strictAll = mbind(0, 3, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]);
  const local = mbind(0, 2, "MPOL_PREFERRED", [], 0);
  const vmas = (k: Kernel) => k.mms.get(100 as Pid)?.vmas.length;

  it("gives each half of a VMA split before any fault an anon_vma of its own", () => {
    // [0,1) default and [1,2) BIND {1}: the halves are not compatible when each first faults, so
    // they end with different anon_vmas and the later mbind that makes their policies equal
    // cannot merge them. STRICT then meets page 0 (node 0) before the hole past page 2: -EIO,
    // as on a real 6.1 (the model merged them and said -EFAULT).
    const steps = [mmap(2), mbind(1, 1, "MPOL_BIND", [1], 0), touch(100, 0, 2), local];
    const r = runChecked(scenario([...steps, strictAll], { kernel: "mainline" }));
    expect(r.rets.at(-1)).toBe("-EIO");
    expect(vmas(runChecked(scenario(steps)).sim.kernel)).toBe(2);
  });

  it("lets a first fault reuse a compatible neighbour's anon_vma, and says so", () => {
    // Page 0 faults in its own VMA; page 1's VMA, mapped later beside it with the same (default)
    // policy, takes its anon_vma at its first fault, so the mbind over both merges them and
    // STRICT meets the hole at page 2 first: -EFAULT, as on a real 6.1.
    const steps = [
      mmap(1),
      touch(100, 0, 1),
      mbind(0, 1, "MPOL_BIND", [1], 0),
      { ...mmap(1), addr: at(1) },
      mbind(0, 1, "MPOL_DEFAULT", [], 0),
      touch(100, 1, 1),
      local,
    ];
    const r = runChecked(scenario([...steps, strictAll], { kernel: "mainline" }));
    expect(r.rets.at(-1)).toBe("-EFAULT");
    expect(r.frames.some((f) => /find_mergeable_anon_vma gives it the one of/.test(f.text))).toBe(
      true,
    );
    expect(vmas(runChecked(scenario(steps)).sim.kernel)).toBe(1);
  });

  it.each(["rfc-2012", "mainline"] as const)(
    "%s: a fork child's first fault does not give the parent's unfaulted VMA an anon_vma",
    (kernel) => {
      // Page 1's VMA has never faulted in the parent; the child's write there gets the child's
      // own anon_vma (anon_vma_fork copied none). The parent's VMA still has none, so it may
      // join page 0's VMA once their policies match, and STRICT meets the hole past page 2.
      const steps = [
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_BIND", [1], 0),
        { ...mmap(1), addr: at(1) },
        { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } },
        { op: "touch", tid: 200, addr: at(1), pages: 1, access: "write" },
        mbind(1, 1, "MPOL_BIND", [1], 0),
        strictAll,
      ];
      expect(runChecked(scenario(steps, { kernel })).rets.at(-1)).toBe("-EFAULT");
    },
  );
});

describe("the fork frame counts what copy_page_range did", () => {
  const forkOf = (pid: number) => ({ op: "fork", tid: 100, child: { pid, tid: pid, cpu: 1 } });
  const forkText = (r: ReturnType<typeof runChecked>) =>
    r.frames.filter((f) => f.fn === "copy_page_range").map((f) => f.text);

  it("gives the slot's swap references as they are: three after a second fork", () => {
    const r = runChecked(scenario([...lazilyUnmapped(1), forkOf(200), forkOf(300)]));
    const [first, second] = forkText(r);
    expect(first).toMatch(/its slot now has 2 swap references/);
    expect(second).toMatch(/its slot now has 3 swap references/);
  });

  it("counts a read-only present page as shared copy-on-write too", () => {
    const r = runChecked(scenario([...lazilyUnmapped(3), touch(101, 0, 1, "read"), forkOf(200)]));
    expect(forkText(r)[0]).toMatch(/1 private page is now shared copy-on-write/);
  });

  it("does not promise a migration to a last writer that read the page first", () => {
    const r = runChecked(
      scenario([
        ...lazilyUnmapped(1),
        forkOf(200),
        touch(101, 0, 1, "read"),
        { op: "touch", tid: 200, addr: at(0), pages: 1, access: "write" },
        touch(101, 0, 1),
      ]),
    );
    expect(forkText(r)[0]).toMatch(/unless a read has mapped the page meanwhile/);
    // What 3.3 does: the read maps it, the child copies, the parent's write reuses it in place.
    expect(r.frames.at(-1)?.text).toMatch(/reuse_swap_page lets it keep the page \(node 0\)/);
    expect(pagesOf(r)[0]?.node).toBe(0);
  });
});
