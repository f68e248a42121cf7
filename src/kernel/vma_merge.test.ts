import { describe, expect, it } from "vitest";
import { at, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";

type Run = ReturnType<typeof runChecked>;
const vmasOf = (r: Run) =>
  r.sim.kernel.mms.get(100 as never)?.vmas.map((v) => [v.start - 0x7f0000000, v.end - 0x7f0000000]);
/** Two 4-page mappings side by side (pages 0-7), a far one (a VMA after the hole), page 0 touched. */
const sideBySide = [mmap(4), { ...mmap(4), addr: at(4) }, { ...mmap(1), addr: at(20) }];
const strictPastTheEnd = mbind(0, 10, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]);

// 3.3 (the RFC's kernel) and 6.1 merge alike here: mmap_region() and mbind_range() call vma_merge().
// They differ on the tail hole when a VMA lies beyond the range: 3.3's check_range() sees a tail
// hole only after the mm's last VMA (`!vma->vm_next && vma->vm_end < end`), so it walks the merged
// VMA's pages and STRICT says -EIO; 6.1's queue_pages_test_walk() finds the hole first.
describe.each([
  { kernel: "rfc-2012" as const, file: "mm/mmap.c", tailHoleBeforeAFarVma: "-EIO" },
  { kernel: "mainline" as const, file: "mm/mmap.c (6.1)", tailHoleBeforeAFarVma: "-EFAULT" },
])("vma_merge ($kernel)", ({ kernel, file, tailHoleBeforeAFarVma }) => {
  const run = (steps: unknown[]) => runChecked(scenario(steps, { kernel }));
  it("merges two anonymous mappings side by side: the mm's last VMA, its tail hole found before its pages", () => {
    // Without the merge the first mapping's misplaced page would be met first: -EIO.
    const r = run([
      mmap(2),
      { ...mmap(2), addr: at(2) },
      touch(100, 0, 4),
      mbind(0, 6, "MPOL_PREFERRED", [1], ["MPOL_MF_STRICT"]),
    ]);
    expect(vmasOf(r)).toEqual([[0, 4]]);
    expect(r.rets.at(-1)).toBe("-EFAULT");
    expect(r.frames.some((f) => f.fn === "vma_merge" && f.file === file)).toBe(true);
  });

  it("merges two mappings side by side with a far VMA after the hole", () => {
    const r = run([...sideBySide, touch(100, 0, 1), strictPastTheEnd]);
    expect(vmasOf(r)?.[0]).toEqual([0, 8]);
    expect(r.rets.at(-1)).toBe(tailHoleBeforeAFarVma);
    expect(r.frames.some((f) => f.fn === "vma_merge" && f.file === file)).toBe(true);
  });

  it("keeps VMAs with different policies apart: the first VMA's misplaced page is -EIO", () => {
    const r = run([
      mmap(4),
      mbind(0, 4, "MPOL_BIND", [0], []),
      { ...mmap(4), addr: at(4) },
      { ...mmap(1), addr: at(20) },
      touch(100, 0, 1),
      strictPastTheEnd,
    ]);
    expect(vmasOf(r)?.slice(0, 2)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(r.rets.at(-1)).toBe("-EIO");
  });

  it("merges again when mbind gives a neighbour the same policy, unless both have an anon_vma", () => {
    const base = [
      mmap(4),
      mbind(0, 4, "MPOL_BIND", [0], []),
      { ...mmap(4), addr: at(4) },
      touch(100, 0, 1),
    ];
    const fresh = run([...base, mbind(4, 4, "MPOL_BIND", [0], [])]);
    expect(vmasOf(fresh)).toEqual([[0, 8]]);
    const bothFaulted = run([...base, touch(100, 4, 1), mbind(4, 4, "MPOL_BIND", [0], [])]);
    expect(vmasOf(bothFaulted)).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });

  it("never joins a faulted range to an unfaulted neighbour: is_mergeable_anon_vma is one-sided", () => {
    // The neighbour (pages 0-3) has no anon_vma, so its anon_vma_chain is empty, not singular.
    const unfaultedFirst = [
      mmap(4),
      mbind(0, 4, "MPOL_BIND", [1], []),
      { ...mmap(4), addr: at(4) },
    ];
    const r = run([...unfaultedFirst, touch(100, 4, 4), mbind(4, 4, "MPOL_BIND", [1], [])]);
    expect(vmasOf(r)).toEqual([
      [0, 4],
      [4, 8],
    ]);
    expect(r.frames.some((f) => f.fn === "vma_merge")).toBe(false);
    // The other way round, an unfaulted range joins a faulted neighbour.
    const faultedFirst = [mmap(4), mbind(0, 4, "MPOL_BIND", [1], []), touch(100, 0, 4)];
    const joined = run([
      ...faultedFirst,
      { ...mmap(4), addr: at(4) },
      mbind(4, 4, "MPOL_BIND", [1], []),
    ]);
    expect(vmasOf(joined)).toEqual([[0, 8]]);
  });

  it("joins both neighbours when the one before has faulted and the one after has not (cases 1 and 6)", () => {
    // The new mapping has no anon_vma; prev's is singular, next has none: one VMA.
    const r = run([
      mmap(4),
      touch(100, 0, 4),
      { ...mmap(4), addr: at(8) },
      { ...mmap(4), addr: at(4) },
    ]);
    expect(vmasOf(r)).toEqual([[0, 12]]);
  });

  it("merges only with the range's own neighbours, never on past them", () => {
    const P: [string, number[], string[]] = ["MPOL_BIND", [1], []];
    // [4,8) unfaulted and [8,12) faulted, both P: kept apart by the one-sided rule.
    const apart = [
      { ...mmap(4), addr: at(4) },
      mbind(4, 4, ...P),
      { ...mmap(4), addr: at(8) },
      touch(100, 8, 4),
      mbind(8, 4, ...P),
    ];
    expect(vmasOf(run(apart))).toEqual([
      [4, 8],
      [8, 12],
    ]);
    // A range made P before them joins [4,8) only: the merged VMA is not tried again.
    const r = run([...apart, mmap(4), mbind(0, 4, ...P)]);
    expect(vmasOf(r)).toEqual([
      [0, 8],
      [8, 12],
    ]);
  });

  it("passes over a VMA that already has the policy: no split, no merge (mpol_equal: continue)", () => {
    const P: [string, number[], string[]] = ["MPOL_BIND", [1], []];
    const base = [
      { ...mmap(4), addr: at(4) },
      mbind(4, 4, ...P),
      mmap(4),
      touch(100, 0, 4),
      mbind(0, 4, ...P),
    ];
    expect(vmasOf(run(base))).toEqual([
      [0, 4],
      [4, 8],
    ]);
    // Again over [4,8), over both, or over part of each: both already have P; nothing changes.
    for (const again of [mbind(4, 4, ...P), mbind(0, 8, ...P), mbind(2, 4, ...P)]) {
      const r = run([...base, again]);
      expect(vmasOf(r)).toEqual([
        [0, 4],
        [4, 8],
      ]);
      expect(r.frames.at(-1)?.fn === "vma_merge").toBe(false);
    }
  });
});
