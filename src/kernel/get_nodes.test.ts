/**
 * maxnode, as get_nodes() reads it. The expected results are what a real Linux 6.1
 * (6.1.0-57-amd64, MAX_NUMNODES 1024) returned to the same calls from a realkernel probe: a
 * region on node 0 of a two-node machine, mbind() with mask bit 1 set (and, for some, bit 1024 or
 * 1030 too). 3.3's get_nodes() gives the same results but for a bit just past maxnode above
 * MAX_NUMNODES, which 6.1 reads as part of a whole word.
 */
import { describe, expect, it } from "vitest";
import { mbind, mmap, pagesOf, runChecked, scenario, touch } from "../test/harness.ts";
import { get_nodes } from "./get_nodes.ts";

const KERNELS = ["rfc-2012", "mainline"] as const;
const mapped = [mmap(8), touch(100, 0, 8)];
const withMaxnode = (mode: string, nodes: number[], maxnode: number, flags: string[] = []) =>
  mbind(0, 8, mode, nodes, flags, { maxnode });

describe.each(KERNELS)("maxnode on %s", (kernel) => {
  const run = (call: object) => runChecked(scenario([...mapped, call], { kernel }));
  it.each([
    ["BIND {1}, maxnode 0: --maxnode wraps", withMaxnode("MPOL_BIND", [1], 0), "-EINVAL"],
    ["DEFAULT, no mask, maxnode 0", withMaxnode("MPOL_DEFAULT", [], 0), 0],
    ["DEFAULT {1}, maxnode 0", withMaxnode("MPOL_DEFAULT", [1], 0), "-EINVAL"],
    ["BIND {1}, maxnode 1: no bits read", withMaxnode("MPOL_BIND", [1], 1), "-EINVAL"],
    ["BIND {1}, maxnode 2: one bit, node 1 unread", withMaxnode("MPOL_BIND", [1], 2), "-EINVAL"],
    ["DEFAULT {1}, maxnode 2: the mask reads empty", withMaxnode("MPOL_DEFAULT", [1], 2), 0],
    ["BIND {1}, maxnode 3", withMaxnode("MPOL_BIND", [1], 3), 0],
    ["BIND {1}, maxnode 32769: a page of bits", withMaxnode("MPOL_BIND", [1], 32769), 0],
    ["BIND {1}, maxnode 32770: past a page", withMaxnode("MPOL_BIND", [1], 32770), "-EINVAL"],
    ["BIND {1,1024}, maxnode 32769", withMaxnode("MPOL_BIND", [1, 1024], 32769), "-EINVAL"],
    ["BIND {1,1024}, maxnode 1025: 1024 unread", withMaxnode("MPOL_BIND", [1, 1024], 1025), 0],
    ["BIND {1,1024}, maxnode 1026", withMaxnode("MPOL_BIND", [1, 1024], 1026), "-EINVAL"],
  ])("%s returns %s", (_what, call, expected) => {
    expect(run(call).rets.at(-1)).toBe(expected);
  });

  it("a node just past maxnode, above MAX_NUMNODES, in the last 64-bit word read", () => {
    // 6.1 reads that word whole (real 6.1: -EINVAL); 3.3 masks it to the bits asked for.
    const ret = run(withMaxnode("MPOL_BIND", [1, 1030], 1026)).rets.at(-1);
    expect(ret).toBe(kernel === "mainline" ? "-EINVAL" : 0);
    // maxnode 1025 reads 1024 bits: nothing past MAX_NUMNODES is looked at (real 6.1: 0).
    expect(run(withMaxnode("MPOL_BIND", [1, 1030], 1025)).rets.at(-1)).toBe(0);
  });

  it("MOVE follows the mask get_nodes read: pages on a node maxnode left out are misplaced", () => {
    // The pages are on node 1; {0,1} with maxnode 2 binds to node 0, so MOVE brings them there.
    const steps = [
      mmap(8),
      touch(101, 0, 8),
      withMaxnode("MPOL_BIND", [0, 1], 2, ["MPOL_MF_MOVE"]),
    ];
    const r = runChecked(scenario(steps, { kernel }));
    expect(r.rets.at(-1)).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
  });

  it("a node past maxnode is left out of the policy, and the trace says so", () => {
    // {0,1} with maxnode 2, the classic mistake: only node 0 is read, so the policy binds to
    // node 0 and MOVE finds nothing misplaced.
    const r = run(withMaxnode("MPOL_BIND", [0, 1], 2, ["MPOL_MF_MOVE"]));
    expect(r.rets.at(-1)).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
    const said = r.frames.find((f) => f.fn === "get_nodes")?.text ?? "";
    expect(said).toContain("node 1 is past it");
    expect(said).toContain("the mask is {0}");
  });

  it("maxnode 3 reads nodes 0 and 1, so MOVE pulls the pages to node 1", () => {
    const r = run(withMaxnode("MPOL_BIND", [1], 3, ["MPOL_MF_MOVE"]));
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
  });

  it("set_mempolicy reads its mask the same way", () => {
    const call = { op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [1], maxnode: 2 };
    const r = runChecked(scenario([call], { kernel }));
    expect(r.rets).toEqual(["-EINVAL"]);
    // A mask get_nodes refuses: the trace gives its reason, as for mbind.
    const refused = runChecked(scenario([{ ...call, maxnode: 0 }], { kernel }));
    expect(refused.frames.at(-1)?.text).toMatch(/-EINVAL: get_nodes: maxnode 0 with a mask/);
  });

  it("without maxnode no get_nodes frame is added", () => {
    const r = run(mbind(0, 8, "MPOL_BIND", [1], []));
    expect(r.frames.some((f) => f.fn === "get_nodes")).toBe(false);
  });
});

describe("get_nodes", () => {
  it("an empty list is a NULL mask: no nodes, whatever maxnode", () => {
    expect(get_nodes([], 0)).toMatchObject({ nodes: [] });
    expect(get_nodes([], 99_999)).toMatchObject({ nodes: [] });
  });

  it("keeps exactly the listed nodes below maxnode - 1", () => {
    expect(get_nodes([0, 3, 5, 9], 6)).toMatchObject({ nodes: [0, 3] });
    expect(get_nodes([2], undefined)).toEqual({ nodes: [2], said: null });
  });

  it("names every node it leaves out", () => {
    const read = get_nodes([0, 4, 7], 4);
    expect("said" in read && read.said).toContain("nodes {4,7} are past them");
  });
});
