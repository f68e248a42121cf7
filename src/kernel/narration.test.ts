/**
 * Each sentence must be true of what happened (issue 6): these tests pair a frame's words with the
 * state they describe.
 */
import { describe, expect, it } from "vitest";
import {
  at,
  LAZY,
  mbind,
  mmap,
  pagesOf,
  type Run,
  runChecked,
  scenario,
  touch,
} from "../test/harness.ts";

const said = (r: Run, fn: string) => r.frames.filter((f) => f.fn === fn).map((f) => f.text);
const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };

describe("mbind narration", () => {
  it("says no page table was walked when neither STRICT nor MOVE asked for it", () => {
    for (const [mode, nodes] of [
      ["MPOL_BIND", [1]],
      ["MPOL_DEFAULT", []],
    ] as const) {
      const r = runChecked(
        scenario([mmap(4), touch(100, 0, 4), mbind(0, 4, mode, [...nodes], [])]),
      );
      expect(said(r, "check_pte_range")).toEqual([]);
      expect(said(r, "check_range").join(" ")).toMatch(/walks no page table/);
      expect(said(r, "check_range").join(" ")).not.toMatch(/walk found/);
      expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
    }
  });

  it("does not promise migration for MPOL_MF_LAZY without MOVE, and nothing is unmapped", () => {
    const r = runChecked(
      scenario([mmap(4), touch(100, 0, 4), mbind(0, 4, "MPOL_PREFERRED", [], ["MPOL_MF_LAZY"])]),
    );
    expect(pagesOf(r).every((p) => p.pte === "present")).toBe(true);
    const lazy = said(r, "do_mbind").find((t) => t.includes("MPOL_MF_LAZY")) ?? "";
    expect(lazy).toMatch(/nothing is unmapped/);
    expect(lazy).not.toMatch(/will migrate/);
  });

  it("names mm/mempolicy.c (RFC 05/26) as the home of mpol_misplaced", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
        touch(101, 0, 1),
      ]),
    );
    const files = r.frames.filter((f) => f.fn === "mpol_misplaced").map((f) => f.file);
    expect(files).toEqual(["mm/mempolicy.c (RFC 05/26)"]);
  });
});

describe("fault narration", () => {
  it("says a reused page under writeback stays in the swap cache, as it does", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
        { op: "writeback", tid: 100, addr: at(0), pages: 1 },
        touch(101, 0, 1),
      ]),
    );
    const page = pagesOf(r)[0];
    expect(page).toMatchObject({ pte: "present", swapcache: true, node: 0 });
    const last = said(r, "do_swap_page").at(-1) ?? "";
    expect(last).toMatch(/writable/);
    expect(last).toMatch(/leaves it in the swap cache/);
    expect(last).not.toMatch(/took it out of the swap cache/);
  });

  it("does not say 'out of the swap cache' for a page that was never in it", () => {
    const r = runChecked(
      scenario([mmap(1), touch(100, 0, 1), fork, touch(100, 0, 1), touch(200, 0, 1)]),
    );
    const reuse = said(r, "do_wp_page").filter((t) => t.includes("keep the page"));
    expect(reuse).toHaveLength(1);
    expect(reuse[0]).not.toMatch(/swap cache/);
    expect(r.report.vmstat.nr_swapcache).toBe(0);
  });

  it("says fork copies swap entries with swap_duplicate, the reason a later write copies", () => {
    const r = runChecked(
      scenario([
        mmap(2),
        touch(100, 0, 2),
        mbind(0, 2, "MPOL_PREFERRED", [], LAZY),
        fork,
        touch(101, 0, 1),
      ]),
    );
    expect(said(r, "copy_page_range").join(" ")).toMatch(/2 swap entries .*swap_duplicate/);
    expect(said(r, "can_reuse_swap_page")).toHaveLength(1);
    expect(r.report.vmstat.pgmigrate_success).toBe(0);
  });

  it("says a first touch fell back when the local node was full", () => {
    const r = runChecked(scenario([mmap(3), touch(100, 0, 3)], { frames: 2 }));
    expect(pagesOf(r).map((p) => p.node)).toEqual([0, 0, 1]);
    const first = said(r, "do_anonymous_page");
    expect(first[2]).toMatch(/node 0, the policy's first choice, has no free frame/);
    expect(first[0]).not.toMatch(/falls back/);
  });

  it("says a read fault on a lazily unmapped page leaves it in place, unlike the seed's 'first touch'", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
        touch(101, 0, 1, "read"),
        touch(101, 0, 1),
      ]),
    );
    expect(pagesOf(r)[0]?.node).toBe(0);
    expect(said(r, "do_swap_page").join(" ")).toMatch(/"first touch".*write faults/);
  });

  it("names the faulting address in a huge page's copy-on-write", () => {
    const r = runChecked(
      scenario([mmap(8, { thp: true }), touch(100, 0, 8), fork, touch(100, 3, 1)], {
        frames: 64,
        thpPages: 8,
      }),
    );
    const cow = said(r, "do_huge_pmd_wp_page").join(" ");
    expect(cow).toMatch(new RegExp(`writes to ${at(3)}, in the huge page at ${at(0)}`));
  });

  it("never says '1 pages', '1 PTEs' or '1 VMA ... now follow'", () => {
    const r = runChecked(
      scenario([
        mmap(1),
        touch(100, 0, 1),
        mbind(0, 1, "MPOL_PREFERRED", [], LAZY),
        { op: "lru_add_drain", tid: 100 },
        touch(101, 0, 1, "read"),
        { op: "munmap", tid: 100, addr: at(0), pages: 1 },
      ]),
    );
    const text = r.frames.map((f) => f.text).join("\n");
    expect(text).toMatch(/\b1 page\b/);
    expect(text).not.toMatch(/\b1 (pages|PTEs|VMAs|slots)\b/);
    expect(text).not.toMatch(/\b1 VMA\b[^.]*\bnow follow\b/);
  });
});

describe("page-op narration", () => {
  it("a page op that changes nothing still gets one frame saying why", () => {
    const step = (op: string, pages = 2) => ({ op, tid: 100, addr: at(0), pages });
    const r = runChecked(
      scenario([
        mmap(2),
        step("put_page"),
        touch(100, 0, 2),
        step("put_page"),
        step("unlock_page"),
      ]),
    );
    const says = (n: number) => r.frames.filter((f) => f.step === n).map((f) => f.text);
    expect(says(1)).toEqual([
      "2 pages at 0x7f0000000000: nothing is mapped there, so nothing changes.",
    ]);
    expect(says(3)).toEqual([
      "2 pages at 0x7f0000000000: none has a pin to drop, so nothing changes.",
    ]);
    expect(says(4)).toEqual(["2 pages at 0x7f0000000000: none is locked, so nothing changes."]);
  });
});

describe("migration narration", () => {
  const dirtyFileMove = (kernel: "rfc-2012" | "mainline") => {
    const file = { path: "/data/b", migratepage: false };
    return runChecked(
      scenario(
        [
          mmap(1, { backing: "file", file }),
          touch(100, 0, 1),
          mbind(0, 1, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
        ],
        { kernel },
      ),
    );
  };

  it("says when a failed move points the PTE back at the old page (a dirty file page, no migratepage)", () => {
    // 3.3's mbind migrates in MIGRATE_SYNC_LIGHT, which will not write the page out.
    const r = dirtyFileMove("rfc-2012");
    expect(said(r, "__unmap_and_move").join(" ")).toMatch(
      /The move failed \(-EBUSY\): remove_migration_ptes points pid 100 0x7f0000000000 back at pfn \d+, which stays on node 0\./,
    );
    expect(said(r, "fallback_migrate_page").join(" ")).toContain("MIGRATE_SYNC_LIGHT does not do");
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 0 });
  });

  it("6.1's mbind (MIGRATE_SYNC) writes the dirty page out and moves it", () => {
    const r = dirtyFileMove("mainline");
    expect(said(r, "fallback_migrate_page").join(" ")).toContain(
      "MIGRATE_SYNC writes it out first",
    );
    expect(pagesOf(r)[0]).toMatchObject({ pte: "present", node: 1 });
    expect(r.report.vmstat.pgmigrate_success).toBe(1);
  });
});

describe("check_range narration", () => {
  it("counts the misplaced pages MPOL_MF_MOVE passes over (shared after fork), not only those it isolates", () => {
    const r = runChecked(
      scenario([mmap(2), touch(100, 0, 2), fork, mbind(0, 2, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])]),
    );
    expect(said(r, "check_range").at(-1)).toBe(
      'The walk found 2 pages on nodes outside the mask ("misplaced", as far as mbind can tell): 0 now isolated from the LRU (nr_isolated counts them), 2 passed over (see above).',
    );
  });
});

describe("queue_pages_range narration (6.1)", () => {
  it("counts the misplaced pages MPOL_MF_MOVE passes over, as check_range does on 3.3", () => {
    const steps = [
      mmap(2),
      touch(100, 0, 2),
      fork,
      mbind(0, 2, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
    ];
    const shared = runChecked(scenario(steps, { kernel: "mainline" }));
    expect(said(shared, "queue_pages_range").at(-1)).toBe(
      "The walk found 2 pages on nodes outside the mask: 0 isolated, 2 passed over (see above).",
    );
    const alone = runChecked(
      scenario([mmap(2), touch(100, 0, 2), steps[3]], { kernel: "mainline" }),
    );
    expect(said(alone, "queue_pages_range").at(-1)).toBe(
      "The walk isolated 2 pages on nodes outside the mask.",
    );
  });
});
