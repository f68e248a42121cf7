import { describe, expect, it } from "vitest";
import { at, mbind, mmap, runChecked, scenario, touch } from "../../test/harness.ts";

const mainline = (steps: unknown[]) => runChecked(scenario(steps, { kernel: "mainline" }));
const vmasOf = (r: ReturnType<typeof mainline>) =>
  r.sim.kernel.mms.get(100 as never)?.vmas.map((v) => [v.start - 0x7f0000000, v.end - 0x7f0000000]);
/** Two 4-page mappings side by side (pages 0-7), a far one (a VMA after the hole), page 0 touched. */
const sideBySide = [mmap(4), { ...mmap(4), addr: at(4) }, { ...mmap(1), addr: at(20) }];
const strictPastTheEnd = mbind(0, 10, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]);

describe("vma_merge (6.1)", () => {
  it("merges two anonymous mappings side by side, so the tail hole is found before the pages", () => {
    const r = mainline([...sideBySide, touch(100, 0, 1), strictPastTheEnd]);
    expect(vmasOf(r)?.[0]).toEqual([0, 8]);
    expect(r.rets.at(-1)).toBe("-EFAULT");
    expect(r.frames.some((f) => f.fn === "vma_merge" && f.file === "mm/mmap.c (6.1)")).toBe(true);
  });

  it("keeps VMAs with different policies apart: the first VMA's misplaced page is -EIO", () => {
    const r = mainline([
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
    const fresh = mainline([...base, mbind(4, 4, "MPOL_BIND", [0], [])]);
    expect(vmasOf(fresh)).toEqual([[0, 8]]);
    const bothFaulted = mainline([...base, touch(100, 4, 1), mbind(4, 4, "MPOL_BIND", [0], [])]);
    expect(vmasOf(bothFaulted)).toEqual([
      [0, 4],
      [4, 8],
    ]);
  });

  it("the RFC kernel does not merge", () => {
    const r = runChecked(scenario([...sideBySide, touch(100, 0, 1), strictPastTheEnd]));
    expect(r.sim.kernel.mms.get(100 as never)?.vmas).toHaveLength(3);
    expect(r.rets.at(-1)).toBe("-EIO");
  });
});
