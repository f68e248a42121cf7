/**
 * Phases: the named stages of a system call or fault, derived from each frame's kernel function.
 *
 * A phase is a run of consecutive frames of one step that belong to the same stage of the kernel
 * path, e.g. the lazy `mbind`: drain (`migrate_prep`), select (`check_range`), set the policy
 * (`mbind_range`), unmap (`migrate_pages_unmap_only`'s loop), put back; a migrating fault: look
 * up, decide (`mpol_misplaced`), migrate, map. A new kernel path (say mainline's NUMA balancing)
 * only adds rows to `PHASE_TABLE`. Functions with no row carry on the phase they interrupt.
 */

export interface PhaseRule {
  /** The kernel function a frame is narrated from (`Frame.fn`). */
  readonly fn: string;
  /** The phase that frame begins (or continues, if the current phase has the same name). */
  readonly phase: string;
  /** Only when the current phase is this one (e.g. the fault's second `do_swap_page` maps). */
  readonly after?: string;
}

export const PHASE_TABLE: readonly PhaseRule[] = [
  // mmap / munmap / policy calls
  { fn: "do_mmap_pgoff", phase: "map the area" },
  { fn: "do_munmap", phase: "unmap the area" },
  { fn: "do_set_mempolicy", phase: "set the policy" },
  { fn: "sched_setaffinity", phase: "move the thread" },
  // mbind (lazy and eager): mm/mempolicy.c do_mbind()
  { fn: "sys_mbind", phase: "enter mbind" },
  { fn: "migrate_prep", phase: "drain" },
  { fn: "migrate_page_add", phase: "select" },
  { fn: "check_pte_range", phase: "select" },
  { fn: "check_range", phase: "select" },
  { fn: "mbind_range", phase: "set the policy" },
  // The lazy loop, page by page: add_to_swap (anonymous pages not yet in the swap cache), then
  // try_to_unmap_one, or a word on a page it skips; putback_lru_page ends each page. A file
  // page, or one already in the swap cache, starts with try_to_unmap_one. Its closing summary
  // (migrate_pages_unmap_only again) stays in the phase it comes in.
  { fn: "add_to_swap", phase: "unmap" },
  { fn: "try_to_unmap_one", phase: "unmap", after: "set the policy" },
  { fn: "migrate_pages_unmap_only", phase: "unmap", after: "set the policy" },
  { fn: "lru_add_drain", phase: "put back" },
  { fn: "unmap_and_move", phase: "migrate" },
  { fn: "__unmap_and_move", phase: "migrate" },
  // faults: mm/memory.c handle_mm_fault() and the RFC's migrate-on-fault
  { fn: "__do_page_fault", phase: "look up" },
  // The model's one handle_mm_fault frame sums up the pages a touch found mapped: the MMU let
  // those accesses through, and the kernel was never entered. No fault to look up.
  { fn: "handle_mm_fault", phase: "no fault" },
  { fn: "do_anonymous_page", phase: "first touch" },
  { fn: "do_huge_pmd_anonymous_page", phase: "first touch" },
  { fn: "filemap_fault", phase: "look up" },
  { fn: "do_swap_page", phase: "map", after: "migrate" },
  { fn: "do_swap_page", phase: "map", after: "decide" },
  // A read fault (or a write that must copy) maps the page with no decision between.
  { fn: "do_swap_page", phase: "map", after: "look up" },
  { fn: "do_swap_page", phase: "look up" },
  { fn: "do_wp_page", phase: "map", after: "migrate" },
  { fn: "do_wp_page", phase: "copy on write" },
  { fn: "migration_entry_wait", phase: "wait for migration" },
  { fn: "mpol_misplaced", phase: "decide" },
  { fn: "migrate_misplaced_page", phase: "migrate" },
  { fn: "split_huge_page", phase: "split" },
  { fn: "copy_page_range", phase: "copy the page tables" },
  // Linux 6.1 (mainline): mbind and automatic NUMA balancing
  { fn: "kernel_mbind", phase: "enter mbind" },
  { fn: "lru_cache_disable", phase: "drain" },
  { fn: "queue_pages_range", phase: "select" },
  { fn: "queue_pages_test_walk", phase: "select" },
  { fn: "queue_pages_pte_range", phase: "select" },
  { fn: "vma_merge", phase: "set the policy" },
  { fn: "lru_cache_enable", phase: "put back" },
  { fn: "tick", phase: "time passes" },
  { fn: "task_numa_work", phase: "scan (NUMA balancing)" },
  { fn: "change_prot_numa", phase: "scan (NUMA balancing)" },
  // A hinting fault's first frame is numa_migrate_prep's (do_numa_page's entry, narrated from
  // there); do_numa_page speaks again at its end, where it restores the PTE (out_map).
  { fn: "numa_migrate_prep", phase: "hinting fault" },
  { fn: "should_numa_migrate_memory", phase: "decide" },
  { fn: "do_numa_page", phase: "map", after: "migrate" },
  { fn: "do_numa_page", phase: "map", after: "decide" },
  // A piece of a huge page: the PTE is made accessible again at once, with no decision.
  { fn: "do_numa_page", phase: "map", after: "hinting fault" },
  { fn: "do_numa_page", phase: "hinting fault" },
];

const byFn = new Map<string, PhaseRule[]>();
for (const r of PHASE_TABLE) {
  const list = byFn.get(r.fn) ?? [];
  list.push(r);
  byFn.set(r.fn, list);
}

/**
 * The phase a frame of function `fn` is in, given the phase before it in the same step (null at
 * the step's first frame). Unlisted functions continue the current phase, or start one named
 * after themselves when they open a step.
 */
export function nextPhase(fn: string, current: string | null): string {
  const rules = byFn.get(fn);
  if (rules) {
    const rule = rules.find((r) => r.after !== undefined && r.after === current) ??
      rules.find((r) => r.after === undefined) ?? { phase: current ?? fn };
    return rule.phase;
  }
  return current ?? fn;
}
