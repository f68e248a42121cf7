/**
 * Processes and threads: creating them, fork, and moving a thread to another CPU.
 *
 * @see kernel/fork.c copy_process() / dup_mmap() and mm/memory.c copy_page_range() /
 *      copy_one_pte() (anon pages become copy-on-write: both PTEs read-only, one more mapcount and
 *      reference; swap entries get swap_duplicate(); shared file VMAs are not copied at all); kernel/sched/core.c sched_setaffinity();
 *      mm/mempolicy.c mpol_dup() (a child inherits the task policy and every VMA policy).
 */
import { emit, type Kernel, nodeOfCpu } from "./machine.ts";
import { numa_fork } from "./mainline/numa_balancing.ts";
import { describePolicy } from "./mempolicy.ts";
import { vmaAt } from "./mmap.ts";
import { pageOf } from "./page.ts";
import { PageTable } from "./page_table.ts";
import { set_pte_at } from "./pgtable.ts";
import { page_add_rmap } from "./rmap.ts";
import { swap_duplicate } from "./swapfile.ts";
import { plural } from "./trace.ts";
import type { Cpu, MmStruct, Pid, Thread, Tid, Vma } from "./types.ts";
import { anon_vma_clone } from "./vma_merge.ts";

/** A process (mm_struct) and its threads, as the scenario declares them; no policy yet. */
export function createProcess(
  k: Kernel,
  pid: number,
  comm: string,
  capSysNice: boolean,
  threads: readonly { tid: number; cpu: number }[],
  parent: Pid | null = null,
): MmStruct {
  const mm: MmStruct = {
    pid: pid as Pid,
    comm,
    parent,
    capSysNice,
    vmas: [],
    ptes: new PageTable(),
    exited: false,
  };
  k.mms.set(mm.pid, mm);
  for (const th of threads) {
    k.threads.set(th.tid as Tid, {
      tid: th.tid as Tid,
      name: `tid ${th.tid}`,
      mm,
      cpu: th.cpu as Cpu,
      policy: null,
      ilNext: null,
    });
  }
  k.log.layoutChanged();
  return mm;
}

/** do_fork - the child gets a copy of the address space; private anon pages become copy-on-write. */
export function do_fork(
  k: Kernel,
  parent: Thread,
  child: { pid: number; tid: number; cpu: number },
): void {
  const pm = parent.mm;
  const cm = createProcess(k, child.pid, pm.comm, pm.capSysNice, [child], pm.pid);
  const ct = k.threads.get(child.tid as Tid) as Thread;
  ct.policy = parent.policy;
  ct.ilNext = parent.ilNext;
  // A child's VMA with none has its own first fault, which must not give the parent's VMA one.
  cm.vmas = pm.vmas.map((v): Vma => ({ ...v, id: k.seq.vma++, anonVma: anon_vma_clone(k, v) }));
  let cow = 0;
  let swapped = 0;
  /** The swap slots the child's PTEs name, for their reference counts after the copy. */
  const slots = new Set<number>();
  for (const [vpn, pte] of [...pm.ptes].sort((a, b) => a[0] - b[0])) {
    // copy_page_range skips a VMA without an anon_vma (a shared file mapping): the child's own
    // faults will find the pages in the page cache.
    if (vmaAt(pm, vpn)?.file) continue;
    if (pte.kind === "present") {
      const page = pageOf(k, pte.pfn);
      // Shared copy-on-write, writable or not: copy_one_pte write-protects only a writable PTE,
      // and takes a reference and a mapping for every one.
      if (pte.writable) set_pte_at(k, pm, vpn, { ...pte, writable: false });
      cow++;
      set_pte_at(k, cm, vpn, { ...pte, writable: false });
      page_add_rmap(k, page, cm, vpn);
    } else if (pte.kind === "swap") {
      swap_duplicate(k, pte.slot);
      slots.add(pte.slot);
      set_pte_at(k, cm, vpn, pte);
      swapped++;
    }
  }
  k.log.layoutChanged();
  const restarted = numa_fork(k, pm, cm);
  if (restarted !== null && k.narrate)
    k.note.push(
      `Under 6.1, init_numa_balancing sees pid ${pm.pid}'s mm while the child is made (sched_fork comes before copy_mm), and with one thread using it restarts its NUMA scan clock: the next scan is at ${restarted} ms and its pass count is 0 again; the child's mm starts as a copy of it.`,
    );
  emit(
    k,
    "copy_page_range",
    () =>
      `pid ${pm.pid} forks pid ${child.pid} (tid ${child.tid} on cpu ${child.cpu}); ${plural(cow, "private page")} ${cow === 1 ? "is" : "are"} now shared copy-on-write (read-only in both)${swapped === 0 ? "" : `, and ${plural(swapped, "swap entry", "swap entries")} ${swapped === 1 ? "is" : "are"} copied with swap_duplicate, so ${swapRefs(k, slots)}: the first of the processes to write copies the page instead of ${k.variant === "mainline" ? "reusing it (do_wp_page refuses while another reference is left)" : "migrating it (can_reuse_swap_page refuses while another reference is left); a write by the last one left may migrate it first if its policy asks, unless a read has mapped the page meanwhile (a write to a mapped page goes to do_wp_page, which only reuses or copies)"}`}; the child inherits the task policy ${describePolicy(parent.policy, k.variant)}.`,
  );
}

/** sched_setaffinity - move a thread to one CPU: its faults now count as that CPU's node's. */
export function sched_setaffinity(k: Kernel, t: Thread, cpu: Cpu): void {
  const from = t.cpu;
  t.cpu = cpu;
  k.log.layoutChanged();
  emit(
    k,
    "sched_setaffinity",
    () =>
      `tid ${t.tid} moves from cpu ${from} (node ${nodeOfCpu(k, from)}) to cpu ${cpu} (node ${nodeOfCpu(k, cpu)}); pages it left in cpu ${from}'s ${k.variant === "mainline" ? "lru_add batch" : "pagevecs"} stay there until that CPU drains.`,
  );
}

/** How many swap references the slots the child copied now have: "each slot now has 2 ...". */
function swapRefs(k: Kernel, slots: ReadonlySet<number>): string {
  const counts = [...slots].map((slot) => k.swap.map[slot] ?? 0);
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  const many = slots.size > 1;
  if (low === high) return `${many ? "each slot" : "its slot"} now has ${low} swap references`;
  return `their slots now have ${low} to ${high} swap references`;
}
