/**
 * Divergences a review of the NUMA balancing model against 6.1 found, each failing before its fix:
 * the scan period is task_scan_min(), not the sysctl; fork restarts a single-threaded parent's
 * scan clock (init_numa_balancing() runs while the child still has the parent's mm); and
 * last_cpupid keeps only 8 bits of a pid. From a second review: wp_page_reuse clears last_cpupid,
 * a one-node machine has NUMA balancing off, and a fork child scans no sooner than scan_delay.
 */
import { describe, expect, it } from "vitest";
import { mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";
import { task_scan_min } from "./numa_balancing.ts";

const tick = (ms: number) => ({ op: "tick", ms });
const drain = (tid: number) => ({ op: "lru_add_drain", tid });
const mainline = (steps: unknown[], machine: object = {}, frames = 64) =>
  runChecked(
    scenario(steps, { kernel: "mainline", frames, machine: { swapSlots: 0, ...machine } }),
  );
const scanTimes = (r: ReturnType<typeof runChecked>) =>
  r.frames
    .filter((f) => f.fn === "task_numa_work")
    .map((f) => Number(/t = (\d+) ms/.exec(f.text)?.[1]));

describe("task_scan_min: the scan period 6.1 starts a task with", () => {
  it("is never shorter than a second over 2560 / scan_size windows (100 ms at 256 MiB)", () => {
    const r = mainline([mmap(1), touch(100, 0, 1), drain(100), tick(1250)], {
      numa_balancing_scan_period_min_ms: 10,
    });
    expect(scanTimes(r)).toEqual([1000, 1100, 1200]);
  });

  it("shares the minimum period out over the scan windows the resident pages need", () => {
    // 1 MiB windows (256 pages): 1024 resident pages need four, so 1000 / 4 = 250 ms.
    const r = mainline(
      [mmap(1024), touch(100, 0, 1024), drain(100), tick(1600)],
      { numa_balancing_scan_size_mb: 1 },
      1100,
    );
    expect(scanTimes(r).slice(0, 3)).toEqual([1000, 1250, 1500]);
    const numa = r.sim.kernel.numa;
    const mm = r.sim.kernel.mms.get(100 as never);
    expect(numa && mm && task_scan_min(numa, mm)).toBe(250);
  });
});

describe("fork under NUMA balancing", () => {
  it("restarts a single-threaded parent's scan clock, and the child's mm starts as its copy", () => {
    const file = { backing: "file", file: { path: "/data/f", migratepage: true } };
    const steps = [
      mmap(2, file),
      touch(100, 0, 2, "read"),
      drain(100),
      tick(500),
      { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 0 } },
      tick(600),
    ];
    const one = runChecked(scenario(steps, { kernel: "mainline", nodes: 1, frames: 64 }) as object);
    // No scan at 1000 ms: the fork at 500 ms moved the next one to 1500 ms.
    expect(scanTimes(one)).toEqual([]);
    const numa = one.sim.kernel.numa;
    expect(numa?.mm.get(100 as never)?.nextScan).toBe(1500);
    expect(numa?.mm.get(200 as never)?.nextScan).toBe(1500);
    expect(one.frames.some((f) => f.text.includes("restarts its NUMA scan clock"))).toBe(true);
    // A parent with two threads keeps its clock (mm_users is 2); the child's mm copies it, but
    // the child task waits scan_delay from the fork (its node_stamp starts at 0).
    const two = runChecked(scenario(steps, { kernel: "mainline", nodes: 2, frames: 64 }) as object);
    const scans = two.frames.filter((f) => f.fn === "task_numa_work").map((f) => f.text);
    expect(scans.map((t) => /t = (\d+) ms: pid (\d+)/.exec(t)?.slice(1))).toEqual([
      ["1000", "100"],
    ]);
    expect(two.sim.kernel.numa?.mm.get(200 as never)?.nextScan).toBe(1500);
  });
});

describe("last_cpupid keeps the low 8 bits of a pid", () => {
  it("so tids 100 and 356 are one task to the two-stage filter", () => {
    const threads = [
      { tid: 100, cpu: 1 },
      { tid: 356, cpu: 2 },
      { tid: 101, cpu: 0 },
    ];
    const s = scenario(
      [
        mmap(1),
        touch(101, 0, 1),
        drain(101),
        tick(1000),
        touch(100, 0, 1),
        tick(1000),
        touch(356, 0, 1),
      ],
      { kernel: "mainline", nodes: 3, frames: 64 },
    ) as { processes: { threads: object[] }[] };
    (s.processes[0] as { threads: object[] }).threads = threads;
    const r = runChecked(s);
    // Early in the mm's life (pass 2) a fault by "the same task" migrates at once.
    expect(pagesOf(r)[0]?.node).toBe(2);
    expect(r.frames.some((f) => f.text.includes("are both 100 there"))).toBe(true);
  });
});

describe("from a second review of NUMA balancing against 6.1", () => {
  const fork = (pid: number, cpu = 0) => ({ op: "fork", tid: 100, child: { pid, tid: pid, cpu } });

  it("wp_page_reuse clears last_cpupid: the next hinting fault is a first fault", () => {
    // The page moves to node 1 for tid 101, so it names tid 101; the fork and the child's munmap
    // leave it shared then sole again, and tid 100's write keeps it (reuse). 6.1 forgets tid 101
    // there, so tid 100's next hinting fault pulls the page to node 0 (the model waited for a
    // second fault from node 0).
    const r = mainline([
      mmap(1),
      touch(100, 0, 1),
      drain(100),
      tick(1000),
      touch(101, 0, 1),
      fork(200),
      { op: "munmap", tid: 200, addr: mmap(1).addr, pages: 1 },
      touch(100, 0, 1),
      tick(1000),
      touch(100, 0, 1, "read"),
    ]);
    expect(r.frames.some((f) => /wp_page_reuse clears its last_cpupid/.test(f.text))).toBe(true);
    expect(pagesOf(r)[0]?.node).toBe(0);
  });

  it("leaves NUMA balancing off on a machine with one node", () => {
    const r = runChecked({
      ...(scenario([mmap(4), touch(100, 0, 4), drain(100), tick(2000), touch(101, 0, 4)], {
        kernel: "mainline",
      }) as object),
      machine: { nodes: [{ cpus: [0, 1], frames: 32 }] },
      processes: [
        {
          pid: 100,
          threads: [
            { tid: 100, cpu: 0 },
            { tid: 101, cpu: 1 },
          ],
        },
      ],
    });
    expect(scanTimes(r)).toEqual([]);
    expect(r.report.vmstat.numa_pte_updates).toBe(0);
    expect(r.frames.find((f) => f.fn === "tick")?.text).toMatch(/check_numabalancing_enable/);
  });

  it("gives a fork child its first scan no sooner than scan_delay after the fork", () => {
    // Two threads: the parent's clock is not restarted, and the child copies it (next at 2000 ms);
    // the child task itself waits scan_delay from the fork at 1500 ms.
    const r = mainline([mmap(1), touch(100, 0, 1), drain(100), tick(1500), fork(200), tick(1200)]);
    const child = r.frames
      .filter((f) => f.fn === "task_numa_work" && /pid 200/.test(f.text))
      .map((f) => Number(/t = (\d+) ms/.exec(f.text)?.[1]));
    expect(child[0]).toBe(2500);
  });

  it("does not say STRICT found nothing outside the mask when it passed a KSM page over", () => {
    const r = mainline([
      mmap(1),
      touch(100, 0, 1),
      { op: "ksm_merge", tid: 100, addr: mmap(1).addr, pages: 1 },
      {
        op: "mbind",
        tid: 100,
        addr: mmap(1).addr,
        pages: 1,
        mode: "MPOL_BIND",
        nodes: [1],
        flags: ["MPOL_MF_STRICT"],
      },
    ]);
    const summary = r.frames.filter((f) => f.fn === "queue_pages_range").at(-1)?.text ?? "";
    expect(summary).toMatch(/^Apart from 1 KSM page, which the model passes over as 3.3 does/);
  });
});
