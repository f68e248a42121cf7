import { describe, expect, it } from "vitest";
import { parseScenario } from "../../scenario/parse.ts";
import { mbind, mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";
import { Simulation } from "../run.ts";

const mainline = (steps: unknown[], opts = {}) =>
  runChecked(scenario(steps, { kernel: "mainline", ...opts }));
const tick = (ms: number) => ({ op: "tick", ms });
const drain = (tid: number) => ({ op: "lru_add_drain", tid });
/** tid 100 (cpu 0, node 0) first-touches 8 pages; its LRU batch is drained so page_count is 1. */
const onNode0 = [mmap(8), touch(100, 0, 8), drain(100)];
const numaVm = (r: ReturnType<typeof mainline>) => r.sim.kernel.numa?.events;

describe("automatic NUMA balancing (mainline)", () => {
  it("does not scan before numa_balancing_scan_delay_ms", () => {
    const r = mainline([...onNode0, tick(999)]);
    expect(numaVm(r)?.numa_pte_updates).toBe(0);
    expect(r.frames.some((f) => f.fn === "task_numa_work")).toBe(false);
  });

  it("task_numa_work makes the PTEs PROT_NONE once the delay has passed", () => {
    const r = mainline([...onNode0, tick(1000)]);
    expect(numaVm(r)?.numa_pte_updates).toBe(8);
    const mm = r.sim.kernel.mms.get(100 as never);
    expect([...(mm?.ptes.values() ?? [])].every((p) => p.kind === "present" && p.protnone)).toBe(
      true,
    );
    expect(r.report.vmstat.numa_pte_updates).toBe(8);
    expect(r.frames.find((f) => f.fn === "task_numa_work")?.file).toBe("kernel/sched/fair.c (6.1)");
  });

  it("goes caller first: the tick names its scans, each scan its window, then its ranges are marked", () => {
    const r = mainline([...onNode0, tick(2500)]);
    const fns = r.frames.filter((f) => f.step === 3).map((f) => f.fn);
    expect(fns).toEqual([
      "tick",
      "task_numa_work",
      "change_prot_numa",
      "task_numa_work",
      "change_prot_numa",
    ]);
    const [tickFrame, scan] = r.frames.filter((f) => f.step === 3);
    expect(tickFrame?.text).toContain("2 NUMA scans (pid 100 at 1000 ms, pid 100 at 2000 ms)");
    expect(tickFrame?.text).toContain("Next scans after this: pid 100 at 3000 ms");
    // The scan's frame says what its change_prot_numa will do, before it does it.
    expect(scan?.text).toContain(
      "1 range with MPOL_F_MOF for change_prot_numa: 8 PTEs to make PROT_NONE",
    );
    expect(numaVm(r)?.numa_pte_updates).toBe(8);
    // The second scan finds them all still PROT_NONE, and says so rather than "0 PTEs".
    const second = r.frames.filter((f) => f.step === 3 && f.fn === "change_prot_numa")[1];
    expect(second?.text).toMatch(/0 more PTEs made PROT_NONE.*8 already were PROT_NONE/);
  });

  it("skips pages whose page_count is not 1 (still in a CPU's LRU batch)", () => {
    const r = mainline([mmap(8), touch(100, 0, 8), tick(1000)]);
    expect(numaVm(r)?.numa_pte_updates).toBe(0);
  });

  it("counts numa_pages_migrated in the frame that says the page moved, as 6.1's migrate_misplaced_page does", () => {
    const parsed = parseScenario(
      scenario([...onNode0, tick(1000), touch(101, 0, 4), touch(100, 0, 8)], {
        kernel: "mainline",
      }),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const frames: { text: string; counters: boolean; migrated: number }[] = [];
    let sim: Simulation | null = null;
    sim = new Simulation(parsed.scenario, (f) =>
      frames.push({
        text: f.text,
        counters: f.changed.counters,
        migrated: sim?.kernel.numa?.events.numa_pages_migrated ?? 0,
      }),
    );
    sim.runAll();
    const rises = frames.flatMap((f, i) =>
      f.migrated !== (frames[i - 1]?.migrated ?? 0)
        ? [f.migrated - (frames[i - 1]?.migrated ?? 0)]
        : [],
    );
    const moved = frames.filter((f) => /moved to node/.test(f.text));
    expect(moved.length).toBe(4);
    expect(rises).toEqual([1, 1, 1, 1]);
    for (const f of moved) expect(f.counters).toBe(true);
    // Each rise is in a "moved" frame; the last one too, at the end of tid 101's touch.
    expect(frames.filter((f, i) => f.migrated > (frames[i - 1]?.migrated ?? 0))).toEqual(moved);
  });

  it("a hinting fault from node 1 pulls a page there early in the task's life", () => {
    const r = mainline([...onNode0, tick(1000), touch(101, 0, 4)]);
    const ev = numaVm(r);
    expect(ev?.numa_hint_faults).toBe(4);
    expect(ev?.numa_hint_faults_local).toBe(0);
    expect(ev?.numa_pages_migrated).toBe(4);
    expect(r.report.vmstat.pgmigrate_success).toBe(4);
    expect(pagesOf(r).map((p) => p.node)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    expect(r.frames.some((f) => f.fn === "do_numa_page" || f.fn === "numa_migrate_prep")).toBe(
      true,
    );
  });

  it("a hinting fault on the page's own node is local and moves nothing", () => {
    const r = mainline([...onNode0, tick(1000), touch(100, 0, 8)]);
    expect(numaVm(r)?.numa_hint_faults).toBe(8);
    expect(numaVm(r)?.numa_hint_faults_local).toBe(8);
    expect(numaVm(r)?.numa_pages_migrated).toBe(0);
    expect(pagesOf(r).every((p) => p.node === 0 && p.pte === "present")).toBe(true);
  });

  it("after 4 passes the two-stage filter waits for a second fault from the same node", () => {
    // Node 1 is full, so tid 101's fault only records last_cpupid (node 1); then tid 102 (node 2)
    // must fault twice in a row before the page moves to node 2.
    const machine = {
      nodes: [
        { cpus: [0], frames: 8 },
        { cpus: [1], frames: 4 },
        { cpus: [2], frames: 8 },
      ],
    };
    const steps = [
      mmap(12),
      touch(101, 8, 4),
      touch(100, 0, 1),
      drain(100),
      drain(101),
      tick(5000),
      touch(101, 0, 1),
      tick(1000),
      touch(102, 0, 1),
    ];
    const once = mainline(steps, { nodes: 3, machine });
    expect(numaVm(once)?.numa_hint_faults).toBe(2);
    expect(numaVm(once)?.numa_pages_migrated).toBe(0);
    expect(once.frames.some((f) => f.text.includes("Two-stage filter"))).toBe(true);
    const twice = mainline([...steps, tick(1000), touch(102, 0, 1)], { nodes: 3, machine });
    expect(numaVm(twice)?.numa_pages_migrated).toBe(1);
    expect(pagesOf(twice)[0]?.node).toBe(2);
  });

  it("late in the task's life a page's first hinting fault migrates: no earlier fault to compare", () => {
    // Six scan passes before tid 101's first touch: last_cpupid is unset, so the two-stage test
    // is skipped (kernel/sched/fair.c), not passed.
    const steps = [mmap(2), touch(100, 0, 2), drain(100), tick(6000), touch(101, 0, 2)];
    const r = mainline(steps, { nodes: 3 });
    expect(numaVm(r)?.numa_pages_migrated).toBe(2);
    const said = r.frames.filter((f) => f.fn === "should_numa_migrate_memory").map((f) => f.text);
    expect(said).toHaveLength(2);
    for (const s of said) {
      expect(s).toContain("was unset");
      expect(s).toContain("No earlier fault to compare");
      expect(s).not.toContain("twice");
    }
  });

  it("migrates to the faulting node or not at all: no fallback when it has no free page", () => {
    // Node 1 has 4 frames and tid 101 fills them first.
    const r = mainline(
      [
        mmap(12),
        touch(101, 8, 4),
        touch(100, 0, 4),
        drain(100),
        drain(101),
        tick(1000),
        touch(101, 0, 1),
      ],
      {
        machine: {
          nodes: [
            { cpus: [0], frames: 16 },
            { cpus: [1], frames: 4 },
          ],
        },
      },
    );
    expect(numaVm(r)?.numa_hint_faults).toBe(1);
    expect(numaVm(r)?.numa_pages_migrated).toBe(0);
    expect(pagesOf(r)[0]?.node).toBe(0);
    expect(r.frames.some((f) => f.text.includes("no fallback"))).toBe(true);
  });

  it("leaves VMAs whose policy lacks MPOL_F_MOF alone, but scans BIND with NUMA_BALANCING", () => {
    const bound = mainline([...onNode0, mbind(0, 8, "MPOL_BIND", [0, 1], []), tick(1000)]);
    expect(numaVm(bound)?.numa_pte_updates).toBe(0);
    const balanced = mainline([
      ...onNode0,
      mbind(0, 8, "MPOL_BIND", [0, 1], [], { modeFlags: ["MPOL_F_NUMA_BALANCING"] }),
      tick(1000),
      touch(101, 0, 2),
    ]);
    expect(numaVm(balanced)?.numa_pte_updates).toBe(8);
    expect(numaVm(balanced)?.numa_pages_migrated).toBe(2);
  });

  it("follows the machine's scan settings: a later first scan, then one per period", () => {
    const machine = {
      numa_balancing_scan_delay_ms: 3000,
      numa_balancing_scan_period_min_ms: 500,
    };
    const r = mainline([...onNode0, tick(2999)], { machine });
    expect(r.frames.filter((f) => f.fn === "task_numa_work")).toHaveLength(0);
    const later = mainline([...onNode0, tick(4000)], { machine });
    expect(later.frames.filter((f) => f.fn === "task_numa_work")).toHaveLength(3);
  });

  it("under the RFC kernel time passes and nothing happens", () => {
    const r = runChecked(scenario([...onNode0, tick(10_000), touch(101, 0, 8)]));
    expect(r.sim.kernel.numa).toBeNull();
    expect(pagesOf(r).every((p) => p.node === 0)).toBe(true);
    expect(r.report.vmstat.numa_pte_updates).toBeUndefined();
  });
});

describe("the NUMA balancing invariants", () => {
  it("catch a PROT_NONE PTE under the RFC kernel and a last_cpupid on a free page", async () => {
    const { checkFrame } = await import("../invariants.ts");
    const rfcRun = runChecked(scenario([...onNode0]));
    const mm = rfcRun.sim.kernel.mms.get(100 as never);
    const [vpn, pte] = [...(mm?.ptes.entries() ?? [])][0] ?? [];
    if (!mm || vpn === undefined || pte?.kind !== "present") throw new Error("no PTE");
    mm.ptes.set(vpn, { ...pte, protnone: true });
    expect(checkFrame(rfcRun.sim.kernel).join()).toContain("PROT_NONE NUMA PTE under the RFC");
    const r = mainline([...onNode0]);
    // The top of node 1's free list: a frame nobody has used, so it has no struct page yet.
    const free = r.sim.kernel.free[1]?.at(-1);
    if (free === undefined) throw new Error("no free page");
    expect(r.sim.kernel.pages[free]).toBeUndefined();
    r.sim.kernel.numa?.lastCpupid.set(free, {
      cpu: 0 as never,
      pid: 1 as never,
      nid: 0 as never,
    });
    expect(checkFrame(r.sim.kernel).join()).toContain("free, but has a last_cpupid");
  });
});

describe("mainline frames", () => {
  it("every frame of a mainline run names a 6.1 file, and the 6.1 name of a renamed function", () => {
    const r = mainline([
      ...onNode0,
      mbind(0, 4, "MPOL_BIND", [1], ["MPOL_MF_MOVE"]),
      { op: "fork", tid: 100, child: { pid: 300, tid: 300, cpu: 1 } },
      touch(300, 0, 2),
      { op: "munmap", tid: 100, addr: "0x7f0000006000", pages: 2 },
      tick(1000),
      touch(101, 4, 2),
    ]);
    const bad = r.frames.filter((f) => !f.file.includes("(6.1"));
    expect(bad.map((f) => `${f.fn} ${f.file}`)).toEqual([]);
    expect(r.frames.some((f) => f.file === "mm/rmap.c (6.1: try_to_migrate_one)")).toBe(true);
  });
});
