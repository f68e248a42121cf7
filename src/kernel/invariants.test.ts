import { describe, expect, it } from "vitest";
import { LAZY, mbind, mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { checkFrame, checkQuiescent } from "./invariants.ts";
import type { PageStruct } from "./types.ts";

const healthy = () =>
  runChecked(
    scenario([
      mmap(4),
      touch(100, 0, 4),
      mbind(0, 4, "MPOL_PREFERRED", [], LAZY),
      touch(101, 0, 2),
    ]),
  ).sim.kernel;
const mapped = (k: ReturnType<typeof healthy>) =>
  k.pages.find((p) => p !== undefined && p.mapcount > 0) as PageStruct;

describe("the invariant checker notices broken state", () => {
  it("accepts a healthy kernel", () => {
    expect(checkQuiescent(healthy())).toEqual([]);
  });

  it("catches a mapcount that disagrees with the PTEs and the reverse map", () => {
    const k = healthy();
    mapped(k).mapcount++;
    expect(checkFrame(k).join("\n")).toMatch(/mapcount/);
  });

  it("catches a leaked page (page_count 0 but not on a free list)", () => {
    const k = healthy();
    k.free[0]?.pop();
    expect(checkFrame(k).join("\n")).toMatch(/leaked|frames/);
  });

  it("catches a free list holding another node's frame, made or not, and a misplaced struct page", () => {
    const k = healthy();
    // The bottom of node 1's free list, its last frame: never used, so it has no struct page yet.
    const unused = k.free[1]?.[0];
    if (unused === undefined) throw new Error("node 1 has no free frame");
    expect(k.pages[unused]).toBeUndefined();
    k.free[0]?.push(unused);
    expect(checkFrame(k).join("\n")).toMatch(
      new RegExp(`free list of node 0 holds pfn ${unused} of another node`),
    );
    const k2 = healthy();
    const page = mapped(k2);
    const other = (page.node + 1) % k2.nodes.length;
    (page as { node: number }).node = other;
    expect(checkFrame(k2).join("\n")).toMatch(
      new RegExp(`the struct page at pfn ${page.pfn} says pfn ${page.pfn} on node ${other}`),
    );
  });

  it("catches a freed page that keeps a field from its last use (its place on an LRU list)", () => {
    const k = healthy();
    // The lazy mbind's faults migrated pages: their old frames were freed with struct pages made.
    const freed = k.free.flat().find((pfn) => k.pages[pfn] !== undefined);
    if (freed === undefined) throw new Error("no frame was freed after use");
    expect(checkFrame(k)).toEqual([]);
    (k.pages[freed] as PageStruct).lruSeq = 7;
    expect(checkFrame(k).join("\n")).toMatch(
      new RegExp(`free pfn ${freed} keeps lruSeq from its last use`),
    );
  });

  it("catches a swap_map count that no PTE explains", () => {
    const k = healthy();
    const slot = k.swap.cache.findIndex((p) => p >= 0);
    k.swap.map[slot] = (k.swap.map[slot] ?? 0) + 1;
    expect(checkFrame(k).join("\n")).toMatch(/swap_map/);
  });

  it("catches an LRU list that does not hold a page claiming to be on it", () => {
    const k = healthy();
    const onList = k.pages.find((p) => p !== undefined && (p.flags & (1 << 7)) !== 0) as PageStruct;
    for (const lists of k.lru) for (const set of Object.values(lists)) set.delete(onList.pfn);
    expect(checkFrame(k).join("\n")).toMatch(/is not on it/);
  });

  it("catches isolated counts left over after a syscall and unexplained references", () => {
    const k = healthy();
    (k.nodeStat[0] as { nr_isolated_anon: number }).nr_isolated_anon = 1;
    mapped(k).count++;
    const errs = checkQuiescent(k).join("\n");
    expect(errs).toMatch(/nr_isolated/);
    expect(errs).toMatch(/page_count/);
  });

  it("catches a zone counter that drifted from the pages (a change no frame accounted)", () => {
    const k = healthy();
    const page = mapped(k);
    page.mapping = null; // as if rmap dropped the page without telling vmstat
    expect(checkFrame(k).join("\n")).toMatch(/zone counters/);
  });
});
