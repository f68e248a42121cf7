import { describe, expect, it } from "vitest";
import { at, LAZY, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";

const ret = (steps: unknown[], opts = {}) => runChecked(scenario(steps, opts)).rets.at(-1);
const mapped = [mmap(8), touch(100, 0, 8)];

describe("do_mbind's checks", () => {
  it.each([
    ["flags outside MPOL_MF_VALID", mbind(0, 8, "MPOL_BIND", [1], 16), "-EINVAL"],
    [
      "an unaligned start",
      { ...mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]), addr: "0x7f0000000010" },
      "-EINVAL",
    ],
    ["BIND with an empty mask", mbind(0, 8, "MPOL_BIND", [], []), "-EINVAL"],
    ["INTERLEAVE with an empty mask", mbind(0, 8, "MPOL_INTERLEAVE", [], []), "-EINVAL"],
    ["DEFAULT with a mask", mbind(0, 8, "MPOL_DEFAULT", [0], []), "-EINVAL"],
    ["a mode at or past MPOL_MAX", mbind(0, 8, 5 as never, [0], []), "-EINVAL"],
    ["a negative mode", mbind(0, 8, -1 as never, [0], []), "-EINVAL"],
    [
      "STATIC and RELATIVE together",
      mbind(0, 8, "MPOL_BIND", [0], [], {
        modeFlags: ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"],
      }),
      "-EINVAL",
    ],
    [
      "PREFERRED, empty mask, STATIC_NODES",
      mbind(0, 8, "MPOL_PREFERRED", [], [], { modeFlags: ["MPOL_F_STATIC_NODES"] }),
      "-EINVAL",
    ],
    ["MPOL_LOCAL with a mask", mbind(0, 8, "MPOL_LOCAL", [1], []), "-EINVAL"],
    ["only nodes the machine lacks", mbind(0, 8, "MPOL_BIND", [5], []), "-EINVAL"],
    ["a node id past MAX_NUMNODES", mbind(0, 8, "MPOL_BIND", [0, 4096], []), "-EINVAL"],
    ["a range past the end of the VMA", mbind(0, 16, "MPOL_BIND", [1], []), "-EFAULT"],
    [
      "a range with no VMA at all",
      { ...mbind(0, 4, "MPOL_BIND", [1], []), addr: "0x100000" },
      "-EFAULT",
    ],
    [
      "MOVE_ALL without CAP_SYS_NICE",
      mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE_ALL"]),
      "-EPERM",
    ],
  ])("rejects %s", (_what, call, errno) => {
    expect(ret([...mapped, call])).toBe(errno);
  });

  it.each([
    ["PREFERRED with an empty mask (local)", mbind(0, 8, "MPOL_PREFERRED", [], [])],
    ["MPOL_LOCAL", mbind(0, 8, "MPOL_LOCAL", [], [])],
    [
      "DEFAULT with STRICT (STRICT is dropped)",
      mbind(0, 8, "MPOL_DEFAULT", [], ["MPOL_MF_STRICT"]),
    ],
    [
      "len 0, even on no VMA",
      { ...mbind(0, 8, "MPOL_BIND", [], []), pages: undefined, len: 0, addr: "0x1000" },
    ],
    ["a mask with a node the machine lacks, masked off", mbind(0, 8, "MPOL_BIND", [1, 7], [])],
    ["LAZY without MOVE (nothing to unmap)", mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_LAZY"])],
  ])("accepts %s", (_what, call) => {
    expect(ret([...mapped, call])).toBe(0);
  });

  it("reports a hole between two VMAs as -EFAULT", () => {
    const steps = [
      mmap(4),
      { op: "mmap", tid: 100, addr: at(8), pages: 4 },
      mbind(0, 12, "MPOL_BIND", [1], []),
    ];
    expect(ret(steps)).toBe("-EFAULT");
  });

  it("lets MPOL_DEFAULT cover holes between VMAs, but not a start inside a hole", () => {
    const two = [mmap(4), { op: "mmap", tid: 100, addr: at(8), pages: 4 }];
    expect(ret([...two, mbind(0, 12, "MPOL_DEFAULT", [], [])])).toBe(0);
    expect(ret([...two, mbind(5, 4, "MPOL_DEFAULT", [], [])])).toBe("-EFAULT");
  });

  it("STRICT alone with a misplaced page: -EIO and the policy is not applied", () => {
    const r = runChecked(scenario([...mapped, mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_STRICT"])]));
    expect(r.rets[2]).toBe("-EIO");
    expect(r.sim.kernel.mms.get(100 as never)?.vmas.map((v) => v.policy)).toEqual([null]);
    expect(pagesOf(r).every((p) => p.pte === "present" && p.node === 0)).toBe(true);
  });

  it("STRICT with every page already in the mask succeeds", () => {
    expect(ret([...mapped, mbind(0, 8, "MPOL_BIND", [0], ["MPOL_MF_STRICT"])])).toBe(0);
  });

  it("applies the policy to later first touches (BIND to node 1 from a node-0 thread)", () => {
    const r = runChecked(scenario([mmap(8), mbind(0, 8, "MPOL_BIND", [1], []), touch(100, 0, 8)]));
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
    expect(r.report.nodes[1]).toMatchObject({ numa_hit: 8, other_node: 8, numa_miss: 0 });
  });

  it("splits the VMA so only the range gets the policy", () => {
    const r = runChecked(scenario([mmap(8), mbind(2, 2, "MPOL_BIND", [1], []), touch(100, 0, 8)]));
    expect(pagesOf(r).map((p) => p.node)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(r.sim.kernel.mms.get(100 as never)?.vmas).toHaveLength(3);
  });

  it("interleaves new pages by page offset", () => {
    const r = runChecked(
      scenario([mmap(6), mbind(0, 6, "MPOL_INTERLEAVE", [0, 1, 2], []), touch(100, 0, 6)], {
        nodes: 3,
      }),
    );
    const nodes = pagesOf(r).map((p) => p.node);
    expect(new Set(nodes.slice(0, 3)).size).toBe(3);
    expect(nodes.slice(3)).toEqual(nodes.slice(0, 3));
    expect(r.report.vmstat.numa_interleave).toBe(6);
  });

  it("RELATIVE_NODES folds the mask onto the machine's nodes", () => {
    const r = runChecked(
      scenario([
        mmap(2),
        mbind(0, 2, "MPOL_BIND", [3], [], { modeFlags: ["MPOL_F_RELATIVE_NODES"] }),
        touch(100, 0, 2),
      ]),
    );
    expect(r.rets[1]).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
  });

  it("a lazy mbind leaves pages already on an allowed node alone", () => {
    const r = runChecked(scenario([...mapped, mbind(0, 8, "MPOL_BIND", [0], LAZY)]));
    expect(pagesOf(r).every((p) => p.pte === "present")).toBe(true);
  });
});

describe("eager migration: migrate_pages", () => {
  it("moves every page during the call", () => {
    const r = runChecked(scenario([...mapped, mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])]));
    expect(pagesOf(r).every((p) => p.pte === "present" && p.node === 1)).toBe(true);
    expect(r.report.vmstat.pgmigrate_success).toBe(8);
    expect(r.report.swap.used).toBe(0);
  });

  it("a full target node fails the rest: -ENOMEM inside, pages stay, STRICT gives -EIO", () => {
    const steps = [
      mmap(8),
      touch(100, 0, 8),
      { op: "mmap", tid: 101, addr: at(16), pages: 30 },
      touch(101, 16, 30),
      mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE", "MPOL_MF_STRICT"]),
    ];
    const r = runChecked(scenario(steps));
    expect(r.rets[4]).toBe("-EIO");
    const first = pagesOf(r).slice(0, 8);
    expect(first.filter((p) => p.node === 1)).toHaveLength(2);
    expect(first.filter((p) => p.node === 0)).toHaveLength(6);
    expect(r.report.vmstat.pgmigrate_fail).toBe(6);
    expect(
      runChecked(
        scenario(steps.slice(0, 4).concat([mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])])),
      ).rets[4],
    ).toBe(0);
  });

  it("fails a page under writeback (MIGRATE_SYNC_LIGHT does not wait) and a pinned one after its retries", () => {
    const steps = [
      ...mapped,
      { op: "writeback", tid: 100, addr: at(0), pages: 1 },
      { op: "get_page", tid: 100, addr: at(1), pages: 1 },
      mbind(0, 8, "MPOL_BIND", [1], ["MPOL_MF_MOVE", "MPOL_MF_STRICT"]),
    ];
    const r = runChecked(scenario(steps));
    expect(r.rets[4]).toBe("-EIO");
    expect(pagesOf(r).map((p) => p.node)).toEqual([0, 0, 1, 1, 1, 1, 1, 1]);
    expect(r.report.vmstat.pgmigrate_fail).toBe(2);
  });
});
