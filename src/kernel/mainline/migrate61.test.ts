/**
 * Where 6.1's migration ends differently from 3.3's (found by an audit against 6.1's
 * mm/migrate.c, mm/mprotect.c and mm/swap.c): the old frame is freed at once, the new page reaches
 * the LRU at once, mbind runs with the LRU batches off, clean shared page cache is scanned, and an
 * -ENOMEM abort counts only the page that hit it as failed.
 */
import { describe, expect, it } from "vitest";
import { at, mbind, mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";

const tick = { op: "tick", ms: 1000 };
const drain = { op: "lru_add_drain", tid: 100 };
const run = (kernel: "rfc-2012" | "mainline", steps: unknown[], opts = {}) =>
  runChecked(scenario(steps, { kernel, ...opts }));
/** A node's free frames, as the report's numastat gives them. */
const free = (r: ReturnType<typeof run>, node: number) =>
  r.report.nodes.find((n) => n.node === node)?.free;

describe("6.1's ends of a migration", () => {
  // Node 0 has two frames, both used; a hinting fault moves one page to node 1; then tid 100, on
  // node 0, first-touches a third page.
  const full = [mmap(3), touch(100, 0, 2), drain, tick, touch(101, 0, 1), touch(100, 2, 1)];

  it("frees the frame a page migrated away from at once, so node 0 has room for the next page", () => {
    const r = run("mainline", full, { machine: { nodes: [nodeOf(0, 2), nodeOf(1, 16)] } });
    expect(pagesOf(r).map((p) => p.node)).toEqual([1, 0, 0]);
    expect(r.frames.some((f) => f.text.includes("loses its last reference and is freed now"))).toBe(
      true,
    );
  });

  it("puts the new page on the LRU at once: the next scan marks it (numa_pte_updates)", () => {
    const steps = [mmap(1), touch(100, 0, 1), drain, tick, touch(101, 0, 1), tick];
    const r = run("mainline", steps);
    // Both scans mark the page: the second finds it on the LRU with page_count 1.
    expect(r.report.vmstat.numa_pte_updates).toBe(2);
    expect(free(r, 0)).toBe(32);
  });

  it("mbind with MOVE runs with the LRU batches off: a page it puts back goes straight on", () => {
    // The page under writeback cannot move (MIGRATE_SYNC waits, the model cannot); it is put
    // back while lru_cache_disable is in force, so it reaches the LRU list, not cpu 0's batch.
    const writeback = { op: "writeback", tid: 100, addr: at(0), pages: 1 };
    const steps = [mmap(4), touch(100, 0, 4), drain, writeback];
    const r = run("mainline", [...steps, mbind(0, 4, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])]);
    expect(pagesOf(r).map((p) => p.node)).toEqual([0, 1, 1, 1]);
    // On the list the pages started on: inactive on 6.1 (the new pages inherit PG_active).
    expect(r.report.vmstat.nr_inactive_anon).toBe(4);
  });

  it("a new anonymous page joins the inactive list on 6.1, the active one on 3.3", () => {
    // 5.9's lru_cache_add_inactive_or_unevictable; the copy-on-write copy goes the same way.
    const steps = [mmap(2), touch(100, 0, 2), drain];
    for (const [kernel, list] of [
      ["mainline", "inactive"],
      ["rfc-2012", "active"],
    ] as const) {
      const r = run(kernel, steps);
      expect(r.report.vmstat[`nr_${list}_anon`]).toBe(2);
      expect(r.report.vmstat[`nr_${list === "active" ? "inactive" : "active"}_anon`]).toBe(0);
      const said = r.frames.find((f) => f.fn === "do_anonymous_page")?.text ?? "";
      expect(said).toContain(`before joining the ${list} anon LRU`);
    }
  });

  it("3.3 keeps its own ends: the old frames wait in the pagevec until it drains", () => {
    const r = run("rfc-2012", [
      mmap(4),
      touch(100, 0, 4),
      mbind(0, 4, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
    ]);
    expect(pagesOf(r).every((p) => p.node === 1)).toBe(true);
    expect(free(r, 0)).toBeLessThan(32);
  });

  it("scans clean page cache in a shared file mapping, which then migrates on a hinting fault", () => {
    const file = { backing: "file", file: { path: "/data", migratepage: true } };
    const steps = [mmap(2, file), touch(100, 0, 2, "read"), drain, tick, touch(101, 0, 2, "read")];
    const r = run("mainline", steps);
    expect(r.report.vmstat.numa_pte_updates).toBe(2);
    expect(pagesOf(r).map((p) => p.node)).toEqual([1, 1]);
  });

  it("counts as failed only the page that met -ENOMEM, not the pages never tried", () => {
    const steps = [mmap(5), touch(100, 0, 5), mbind(0, 5, "MPOL_BIND", [1], ["MPOL_MF_MOVE"])];
    const nodes = { machine: { nodes: [nodeOf(0, 16), nodeOf(1, 2)] } };
    expect(run("mainline", steps, nodes).report.vmstat).toMatchObject({
      pgmigrate_success: 2,
      pgmigrate_fail: 1,
    });
    // The 3.3 model (no such counters in 3.3) counts every page left.
    expect(run("rfc-2012", steps, nodes).report.vmstat.pgmigrate_fail).toBe(3);
  });
});

function nodeOf(cpu: number, frames: number) {
  return { cpus: [cpu], frames };
}
