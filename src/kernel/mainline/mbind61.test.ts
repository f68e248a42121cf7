import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";

const mainline = (steps: unknown[], opts = {}) =>
  runChecked(scenario(steps, { kernel: "mainline", ...opts }));
const rfc = (steps: unknown[], opts = {}) => runChecked(scenario(steps, opts));
const last = (r: { rets: unknown[] }) => r.rets.at(-1);
const mapped = [mmap(8), touch(100, 0, 8)];
/** Two 4-page VMAs with a 2-page hole between them: pages 0-3 and 6-9. */
const holed = [mmap(4), { ...mmap(4), addr: at(6) }, touch(100, 0, 4), touch(100, 6, 4)];

describe("mainline (6.1) mbind and set_mempolicy", () => {
  it("rejects MPOL_MF_LAZY with -EINVAL, where the RFC kernel accepts it", () => {
    const call = mbind(0, 8, "MPOL_BIND", [1], LAZY);
    const r = mainline([...mapped, call]);
    expect(last(r)).toBe("-EINVAL");
    // 3.8 merged the flag and hid it at once: the frame says so, not that it never merged.
    const why = r.frames.find((f) => f.text.includes("MPOL_MF_LAZY is not in MPOL_MF_VALID"));
    expect(why?.text).toMatch(/Linux 3\.8 merged it .* hid it from user space/);
    expect(pagesOf(r).every((p) => p.pte === "present" && p.node === 0)).toBe(true);
    expect(last(rfc([...mapped, call]))).toBe(0);
  });

  it.each([
    ["MPOL_LOCAL with STATIC_NODES", { modeFlags: ["MPOL_F_STATIC_NODES"] }, "-EINVAL", 0],
    ["MPOL_LOCAL with RELATIVE_NODES", { modeFlags: ["MPOL_F_RELATIVE_NODES"] }, "-EINVAL", 0],
    ["MPOL_LOCAL alone", {}, 0, 0],
  ])("%s", (_what, extra, onMainline, onRfc) => {
    const call = mbind(0, 8, "MPOL_LOCAL", [], [], extra);
    expect(last(mainline([...mapped, call]))).toBe(onMainline);
    expect(last(rfc([...mapped, call]))).toBe(onRfc);
  });

  it("names an empty MPOL_PREFERRED as 6.1 stores it: MPOL_LOCAL (3.3: MPOL_PREFERRED local)", () => {
    const call = mbind(0, 8, "MPOL_PREFERRED", [], []);
    const said = (r: ReturnType<typeof mainline>) =>
      r.frames.find((f) => f.fn === "mbind_range")?.text ?? "";
    expect(said(mainline([...mapped, call]))).toMatch(/now follows MPOL_LOCAL\.$/);
    expect(said(rfc([...mapped, call]))).toMatch(/now follows MPOL_PREFERRED local\.$/);
  });

  it("without STRICT, MOVE or MOVE_ALL looks at no page, and says so", () => {
    // Pages on node 0, bound to node 1 with no flags: not a page is walked, none moves.
    const r = mainline([...mapped, mbind(0, 8, "MPOL_BIND", [1], [])]);
    expect(last(r)).toBe(0);
    const walk = r.frames.filter((f) => f.fn === "queue_pages_range").at(-1);
    expect(walk?.text).toMatch(/looks at no page/);
    expect(r.frames.some((f) => f.text.includes("found no page outside the mask"))).toBe(false);
    expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
    // STRICT alone walks the pages: -EIO for those outside the mask.
    expect(last(mainline([...mapped, mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_STRICT"])]))).toBe(
      "-EIO",
    );
  });

  it("takes MPOL_F_NUMA_BALANCING with MPOL_BIND only (6.1)", () => {
    const flag = { modeFlags: ["MPOL_F_NUMA_BALANCING"] };
    expect(last(mainline([...mapped, mbind(0, 8, "MPOL_BIND", [0, 1], [], flag)]))).toBe(0);
    const r = mainline([...mapped, mbind(0, 8, "MPOL_INTERLEAVE", [0, 1], [], flag)]);
    expect(last(r)).toBe("-EINVAL");
    // The call as C writes it: the mode flag inside the mode, so the refusal has its reason.
    const call = r.frames.filter((f) => f.fn === "kernel_mbind").at(-1);
    expect(call?.text).toContain("MPOL_INTERLEAVE|MPOL_F_NUMA_BALANCING, {0,1}");
  });

  it("MPOL_PREFERRED_MANY places pages on the mask's nodes, then anywhere when they are full", () => {
    const r = mainline([mmap(6), mbind(0, 6, "MPOL_PREFERRED_MANY", [1], []), touch(100, 0, 6)], {
      frames: 4,
    });
    expect(r.rets).toEqual([0, 0, 0]);
    expect(pagesOf(r).map((p) => p.node)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(last(rfc([...mapped, mbind(0, 8, "MPOL_PREFERRED_MANY", [1], [])]))).toBe("-EINVAL");
  });

  it("MPOL_PREFERRED_MANY with MOVE migrates pages outside the mask", () => {
    const r = mainline([...mapped, mbind(0, 8, "MPOL_PREFERRED_MANY", [1], ["MPOL_MF_MOVE"])]);
    expect(last(r)).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
  });

  it.each([
    ["head", 5, 5],
    ["middle", 0, 10],
    ["tail", 6, 6],
  ])("a hole at the %s of the range is -EFAULT, and no policy is set", (_w, first, pages) => {
    const r = mainline([...holed, mbind(first, pages, "MPOL_BIND", [1], [])]);
    expect(last(r)).toBe("-EFAULT");
    expect(r.sim.kernel.mms.get(100 as never)?.vmas.every((v) => v.policy === null)).toBe(true);
  });

  it("MPOL_DEFAULT ignores holes (DISCONTIG_OK) but not a range with no VMA at all", () => {
    expect(last(mainline([...holed, mbind(5, 5, "MPOL_DEFAULT", [], [])]))).toBe(0);
    expect(last(rfc([...holed, mbind(5, 5, "MPOL_DEFAULT", [], [])]))).toBe("-EFAULT");
    expect(last(mainline([...holed, mbind(4, 2, "MPOL_DEFAULT", [], [])]))).toBe("-EFAULT");
  });

  it("checks the hole after a VMA before walking that VMA's pages (STRICT: -EFAULT, not -EIO)", () => {
    const call = mbind(0, 10, "MPOL_BIND", [1], ["MPOL_MF_STRICT"]);
    expect(last(mainline([...holed, call]))).toBe("-EFAULT");
    expect(last(rfc([...holed, call]))).toBe("-EIO");
  });

  it("MOVE drains the LRU batches through lru_cache_disable(), not migrate_prep()", () => {
    const r = mainline([...mapped, mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])]);
    expect(last(r)).toBe(0);
    expect(r.frames.some((f) => f.fn === "lru_cache_disable" && f.file.includes("6.1"))).toBe(true);
    expect(r.frames.some((f) => f.fn === "migrate_prep")).toBe(false);
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
    expect(r.report.vmstat.pgmigrate_success).toBe(8);
  });

  it("set_mempolicy follows the same rules", () => {
    const sm = (mode: string, nodes: number[], modeFlags: string[] = []) => ({
      op: "set_mempolicy",
      tid: 100,
      mode,
      nodes,
      modeFlags,
    });
    expect(mainline([sm("MPOL_LOCAL", [], ["MPOL_F_STATIC_NODES"])]).rets).toEqual(["-EINVAL"]);
    expect(mainline([sm("MPOL_PREFERRED_MANY", [1])]).rets).toEqual([0]);
    expect(mainline([sm("MPOL_BIND", [1], ["MPOL_F_NUMA_BALANCING"])]).rets).toEqual([0]);
    const refused = mainline([sm("MPOL_PREFERRED", [1], ["MPOL_F_NUMA_BALANCING"])]);
    expect(refused.rets).toEqual(["-EINVAL"]);
    // The refusal names the call with its mode flag, which is the reason.
    expect(refused.frames.at(-1)?.text).toContain(
      "set_mempolicy(MPOL_PREFERRED|MPOL_F_NUMA_BALANCING) by tid 100 returns -EINVAL",
    );
  });

  it("names a 6.1 file in every frame of a mainline mbind", () => {
    const r = mainline([...mapped, mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])]);
    const step = r.frames.filter((f) => f.step === 2);
    const mbindFrames = step.filter((f) => f.file.startsWith("mm/mempolicy.c"));
    expect(mbindFrames.length).toBeGreaterThan(0);
    expect(mbindFrames.every((f) => f.file.includes("6.1"))).toBe(true);
  });
});
