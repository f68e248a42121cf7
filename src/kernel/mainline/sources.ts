/**
 * Where each function a mainline frame names lives in Linux 6.1: the mainline kernel's source
 * table (the RFC's is ../sources.ts). Frames from src/kernel/mainline are 6.1 code; frames from
 * the paths the two kernels share (faults, migration, munmap, ...) get the 6.1 function that does
 * the same work, under its 6.1 name when it was renamed or folio-converted since 3.3
 * (`try_to_unmap_one` -> `try_to_migrate_one`, `move_to_new_page` -> `move_to_new_folio`).
 * RFC-only functions (migrate_pages_unmap_only, check_range, ...) have no entry: reaching one under
 * mainline throws, as a VM_BUG_ON would. Checked against torvalds/linux v6.1, whose names it
 * keeps: the 6.1 stable tree renamed some at 6.1.57 (queue_pages_pte_range ->
 * queue_folios_pte_range, migrate_page_add -> migrate_folio_add).
 */
import type { KernelSource, SourceTable } from "../sources.ts";

const v61 = (file: string, model: string, name?: string): KernelSource => ({
  file,
  version: "6.1",
  model,
  ...(name ? { name } : {}),
});

export const MAINLINE_61_SOURCES: SourceTable = {
  // mbind and set_mempolicy (mainline/mempolicy.ts, mpol_new.ts, set_mempolicy.ts, queue_pages.ts)
  kernel_mbind: v61("mm/mempolicy.c", "mainline/mempolicy.ts"),
  do_mbind: v61("mm/mempolicy.c", "mainline/mempolicy.ts"),
  sanitize_mpol_flags: v61("mm/mempolicy.c", "mainline/mpol_new.ts"),
  get_nodes: v61("mm/mempolicy.c", "get_nodes.ts"),
  mpol_new: v61("mm/mempolicy.c", "mainline/mpol_new.ts"),
  mpol_set_nodemask: v61("mm/mempolicy.c", "mainline/mempolicy.ts"),
  mbind_range: v61("mm/mempolicy.c", "mbind_range.ts"),
  do_set_mempolicy: v61("mm/mempolicy.c", "mainline/set_mempolicy.ts"),
  lru_cache_disable: v61("mm/swap.c", "mainline/mempolicy.ts"),
  lru_cache_enable: v61("include/linux/swap.h", "mainline/mempolicy.ts"),
  queue_pages_range: v61("mm/mempolicy.c", "mainline/queue_pages.ts"),
  queue_pages_test_walk: v61("mm/mempolicy.c", "mainline/queue_pages.ts"),
  queue_pages_pte_range: v61("mm/mempolicy.c", "mainline/queue_pages.ts"),
  migrate_page_add: v61("mm/mempolicy.c", "mainline/queue_pages.ts"),
  // Automatic NUMA balancing (mainline/numa_balancing.ts, mainline/numa_fault.ts)
  tick: v61("kernel/sched/fair.c", "mainline/numa_balancing.ts", "task_tick_numa"),
  task_numa_work: v61("kernel/sched/fair.c", "mainline/numa_balancing.ts"),
  change_prot_numa: v61("mm/mempolicy.c", "mainline/numa_balancing.ts"),
  numa_migrate_prep: v61("mm/memory.c", "mainline/numa_fault.ts"),
  do_numa_page: v61("mm/memory.c", "mainline/numa_fault.ts"),
  mpol_misplaced: v61("mm/mempolicy.c", "mainline/numa_fault.ts"),
  should_numa_migrate_memory: v61("kernel/sched/fair.c", "mainline/numa_fault.ts"),
  migrate_misplaced_page: v61("mm/migrate.c", "mainline/numa_fault.ts"),
  // Migration, shared with the RFC kernel
  unmap_and_move: v61("mm/migrate.c", "mainline/unmap_and_move.ts"),
  __unmap_and_move: v61("mm/migrate.c", "migrate_page.ts"),
  move_to_new_page: v61("mm/migrate.c", "migrate_page.ts", "move_to_new_folio"),
  migrate_page_move_mapping: v61("mm/migrate.c", "migrate_page.ts", "folio_migrate_mapping"),
  fallback_migrate_page: v61("mm/migrate.c", "migrate_page.ts", "fallback_migrate_folio"),
  try_to_unmap_one: v61("mm/rmap.c", "rmap.ts", "try_to_migrate_one"),
  // LRU lists and the swap cache
  lru_add_drain: v61("mm/swap.c", "lru.ts"),
  putback_lru_page: v61("mm/vmscan.c", "lru.ts"),
  add_to_swap: v61("mm/swap_state.c", "swap_state.ts"),
  free_pages_and_swap_cache: v61("mm/swap_state.c", "mmap.ts"),
  can_reuse_swap_page: v61("mm/memory.c", "swapfile.ts", "do_swap_page"),
  // Faults
  __do_page_fault: v61("arch/x86/mm/fault.c", "memory.ts", "do_user_addr_fault"),
  handle_mm_fault: v61("mm/memory.c", "memory.ts"),
  do_anonymous_page: v61("mm/memory.c", "memory.ts"),
  do_wp_page: v61("mm/memory.c", "do_wp_page.ts"),
  do_swap_page: v61("mm/memory.c", "do_swap_page.ts"),
  migration_entry_wait: v61("mm/migrate.c", "memory.ts"),
  filemap_fault: v61("mm/filemap.c", "memory.ts"),
  do_huge_pmd_anonymous_page: v61("mm/huge_memory.c", "huge_memory.ts"),
  do_huge_pmd_wp_page: v61("mm/huge_memory.c", "huge_memory.ts"),
  split_huge_page: v61("include/linux/huge_mm.h", "huge_memory.ts"),
  // Address spaces and processes
  do_mmap_pgoff: v61("mm/mmap.c", "mmap.ts", "do_mmap"),
  do_munmap: v61("mm/mmap.c", "mmap.ts"),
  unmap_region: v61("mm/mmap.c", "mmap.ts"),
  vma_merge: v61("mm/mmap.c", "vma_merge.ts"),
  copy_page_range: v61("mm/memory.c", "process.ts"),
  sched_setaffinity: v61("kernel/sched/core.c", "process.ts"),
  // Scenario operations that set up page states
  ksm_merge: v61("mm/ksm.c", "page_ops.ts", "try_to_merge_one_page"),
  writeback: v61("mm/page-writeback.c", "page_ops.ts", "folio_start_writeback"),
  end_writeback: v61("mm/filemap.c", "page_ops.ts", "folio_end_writeback"),
  lock_page: v61("include/linux/pagemap.h", "page_ops.ts"),
  unlock_page: v61("mm/filemap.c", "page_ops.ts", "folio_unlock"),
  get_page: v61("include/linux/mm.h", "page_ops.ts"),
  put_page: v61("include/linux/mm.h", "page_ops.ts"),
};
