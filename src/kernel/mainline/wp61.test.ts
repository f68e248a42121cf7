/**
 * 6.1's copy-on-write reuse test (mainline/wp_reuse.ts): by reference count, where 3.3's
 * reuse_swap_page counted the PTEs. A pin, or a reference from another CPU's lru_add batch,
 * makes 6.1 copy a page that only one PTE maps.
 */
import { describe, expect, it } from "vitest";
import { at, mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";

const run = (kernel: "rfc-2012" | "mainline", steps: unknown[]) =>
  runChecked(scenario(steps, { kernel }));
const drain = { op: "lru_add_drain", tid: 100 };
const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };
const childGoes = { op: "munmap", tid: 200, addr: at(0), pages: 2 };
const pin = { op: "get_page", tid: 100, addr: at(0), pages: 1 };
const wp = (r: ReturnType<typeof run>) =>
  r.frames.filter((f) => f.fn === "do_wp_page").map((f) => f.text);

describe("6.1 do_wp_page: reuse by page_count", () => {
  it("copies a pinned page that only this PTE maps; 3.3 keeps it", () => {
    const steps = [mmap(2), touch(100, 0, 2), drain, fork, childGoes, pin, touch(100, 0, 2)];
    const six = run("mainline", steps);
    const [pinned, free] = wp(six);
    expect(pinned).toMatch(/pfn 0 has other references \(page_count 2.*gets a copy/);
    expect(free).toMatch(/pfn 1 has no other reference \(page_count 1\), so do_wp_page keeps it/);
    expect(pagesOf(six).map((p) => p.pfn)).not.toContain(0);
    // No 3.3 words on 6.1, where reuse_swap_page is gone (5.19).
    expect(wp(six).some((s) => s.includes("reuse_swap_page"))).toBe(false);
    const old = run("rfc-2012", steps);
    expect(wp(old).every((s) => s.includes("reuse_swap_page lets it keep"))).toBe(true);
    expect(pagesOf(old).map((p) => p.pfn)).toContain(0);
  });

  it("lets this CPU's lru_add batch go first: a page still in it is reused", () => {
    // No drain before the fork: the pages wait in cpu 0's batch, which holds a reference.
    const steps = [mmap(2), touch(100, 0, 2), fork, childGoes, touch(100, 0, 2)];
    const r = run("mainline", steps);
    expect(wp(r)).toHaveLength(2);
    expect(wp(r).every((s) => s.includes("no other reference (page_count 1)"))).toBe(true);
    // The first write drains the batch (both pages), and says so.
    expect(wp(r)[0]).toContain("once cpu 0's lru_add batch is drained");
    expect(r.report.vmstat.nr_inactive_anon).toBe(2);
  });
});

describe("6.1 do_huge_pmd_wp_page: no whole-huge-page copy since 5.8", () => {
  const thpFork = (kernel: "rfc-2012" | "mainline") =>
    runChecked(
      scenario([mmap(8, { thp: true }), touch(100, 0, 1), fork, touch(100, 3, 1)], {
        kernel,
        thpPages: 8,
      }),
    );

  it("copies only the base page written to a huge page shared after fork; 3.3 copies all of it", () => {
    const six = thpFork("mainline");
    const parent = pagesOf(six);
    const child = pagesOf(six, 200);
    // The page written has a copy of its own; the other seven stay shared with the child.
    expect(parent.filter((p, i) => p.pfn !== child[i]?.pfn).map((p) => p.addr)).toEqual([at(3)]);
    expect(six.report.vmstat.nr_free_pages).toBe(64 - 8 - 1);
    expect(six.frames.find((f) => f.fn === "split_huge_page")?.text).toMatch(/__split_huge_pmd/);
    expect(six.frames.some((f) => f.text.includes("Copy-on-write of a whole huge page"))).toBe(
      false,
    );
    const old = thpFork("rfc-2012");
    expect(pagesOf(old).every((p, i) => p.pfn !== pagesOf(old, 200)[i]?.pfn)).toBe(true);
    expect(old.report.vmstat.nr_free_pages).toBe(64 - 16);
  });
});
