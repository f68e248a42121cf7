/**
 * The real-kernel NUMA balancing probes (README, "Two kernels"), replayed on the model: one
 * single-threaded process first-touches 64 pages on cpu 0 (node 0), then runs on cpu 1 (or stays
 * on cpu 0) and keeps touching them for 6 s. Debian's 6.1.0-57 in QEMU gave, per probe (two boots):
 *   nb-pull            59, then 64 pages moved to node 1 (the rest sat in cpu 0's lru_add batch,
 *                      unless something drained it meanwhile)
 *   nb-bind-balancing  60, then 64 pages moved (BIND {0,1} | MPOL_F_NUMA_BALANCING)
 *   nb-local           0 PTE updates (single-threaded, already on its node)
 *   nb-bind            no page of the region moved (BIND {0} has no MPOL_F_MOF)
 *   nb-flag            mbind/set_mempolicy with MPOL_F_NUMA_BALANCING: BIND 0, INTERLEAVE,
 *                      PREFERRED and PREFERRED_MANY -EINVAL; set_mempolicy mode 6 -EINVAL
 *   pmany              PREFERRED_MANY {1}: MOVE and first touch both put all 16 pages on node 1
 */
import { describe, expect, it } from "vitest";
import { mbind, mmap, pagesOf, runChecked, scenario, touch } from "../../test/harness.ts";

function probe(runCpu: number, policy: unknown[]) {
  const steps: unknown[] = [mmap(64), touch(100, 0, 64), ...policy];
  steps.push({ op: "sched_setaffinity", tid: 100, cpu: runCpu });
  for (let s = 0; s < 6; s++) steps.push({ op: "tick", ms: 1000 }, touch(100, 0, 64));
  const r = runChecked({
    version: 1,
    kernel: "mainline",
    title: "probe",
    machine: {
      nodes: [
        { cpus: [0], frames: 128 },
        { cpus: [1], frames: 128 },
      ],
    },
    processes: [{ pid: 100, threads: [{ tid: 100, cpu: 0 }] }],
    steps,
  });
  return {
    onNode1: pagesOf(r).filter((p) => p.node === 1).length,
    vm: r.report.vmstat,
  };
}

describe("the model against the real kernel's NUMA balancing probes", () => {
  it("nb-pull: the pages follow the task to node 1, except those left in cpu 0's lru_add batch", () => {
    const { onNode1, vm } = probe(1, []);
    // 64 = 4 batches of 15 + 4 pages that stay in the batch (page_count 2: not scanned).
    expect(onNode1).toBe(60);
    expect(vm.numa_pte_updates).toBe(60);
    expect(vm.numa_hint_faults).toBe(60);
    expect(vm.numa_hint_faults_local).toBe(0);
    expect(vm.numa_pages_migrated).toBe(60);
    expect(vm.pgmigrate_success).toBe(60);
  });

  it("nb-bind-balancing: BIND {0,1} with MPOL_F_NUMA_BALANCING moves them too", () => {
    const flag = { modeFlags: ["MPOL_F_NUMA_BALANCING"] };
    const { onNode1, vm } = probe(1, [mbind(0, 64, "MPOL_BIND", [0, 1], [], flag)]);
    expect(onNode1).toBe(60);
    expect(vm.numa_pages_migrated).toBe(60);
  });

  it("nb-local and nb-bind: no PTE of the region is made PROT_NONE", () => {
    expect(probe(0, []).vm.numa_pte_updates).toBe(0);
    expect(probe(1, [mbind(0, 64, "MPOL_BIND", [0], [])]).vm.numa_pte_updates).toBe(0);
    expect(probe(1, [mbind(0, 64, "MPOL_BIND", [0], [])]).onNode1).toBe(0);
  });

  it("nb-flag: MPOL_F_NUMA_BALANCING goes with MPOL_BIND only; mode 6 is past MPOL_MAX", () => {
    const NB = ["MPOL_F_NUMA_BALANCING"];
    const call = (mode: string | number) =>
      mbind(0, 4, mode as string, [0, 1], [], { modeFlags: NB });
    const setpol = (mode: string | number, modeFlags: string[] = NB) => ({
      op: "set_mempolicy",
      tid: 100,
      mode,
      nodes: [0, 1],
      modeFlags,
    });
    const r = runChecked(
      scenario(
        [
          mmap(4),
          touch(100, 0, 4),
          call("MPOL_BIND"),
          call("MPOL_INTERLEAVE"),
          call("MPOL_PREFERRED"),
          call("MPOL_PREFERRED_MANY"),
          setpol("MPOL_BIND"),
          setpol("MPOL_PREFERRED_MANY"),
          setpol(6, []),
        ],
        { kernel: "mainline" },
      ),
    );
    expect(r.rets.slice(2)).toEqual([0, "-EINVAL", "-EINVAL", "-EINVAL", 0, "-EINVAL", "-EINVAL"]);
  });
});
