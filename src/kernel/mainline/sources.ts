/**
 * Where the shared paths of the model live in Linux 6.1. Frames emitted by code the two kernels
 * share (faults, migration, munmap, ...) name the 3.3 function and file; under the mainline
 * kernel, emit() renames them through this table, so every mainline frame names 6.1's function
 * and file. Frames from src/kernel/mainline already name 6.1 and pass through unchanged.
 *
 * Each row was checked against the 6.1 sources (torvalds/linux v6.1): a function renamed or
 * folio-converted since 3.3 gets its 6.1 name.
 */

export interface Source {
  readonly fn: string;
  readonly file: string;
}

const V = " (6.1)";

/** 3.3 / RFC function name -> where 6.1 does the same work. */
export const MAINLINE_SOURCES: Readonly<Record<string, Source>> = {
  __do_page_fault: { fn: "do_user_addr_fault", file: `arch/x86/mm/fault.c${V}` },
  handle_mm_fault: { fn: "handle_mm_fault", file: `mm/memory.c${V}` },
  do_anonymous_page: { fn: "do_anonymous_page", file: `mm/memory.c${V}` },
  do_wp_page: { fn: "do_wp_page", file: `mm/memory.c${V}` },
  do_swap_page: { fn: "do_swap_page", file: `mm/memory.c${V}` },
  copy_page_range: { fn: "copy_page_range", file: `mm/memory.c${V}` },
  migration_entry_wait: { fn: "migration_entry_wait", file: `mm/migrate.c${V}` },
  filemap_fault: { fn: "filemap_fault", file: `mm/filemap.c${V}` },
  do_huge_pmd_anonymous_page: { fn: "do_huge_pmd_anonymous_page", file: `mm/huge_memory.c${V}` },
  do_huge_pmd_wp_page: { fn: "do_huge_pmd_wp_page", file: `mm/huge_memory.c${V}` },
  split_huge_page: { fn: "split_huge_page", file: `mm/huge_memory.c${V}` },
  do_mmap_pgoff: { fn: "do_mmap", file: `mm/mmap.c${V}` },
  do_munmap: { fn: "do_munmap", file: `mm/mmap.c${V}` },
  unmap_and_move: { fn: "unmap_and_move", file: `mm/migrate.c${V}` },
  __unmap_and_move: { fn: "__unmap_and_move", file: `mm/migrate.c${V}` },
  move_to_new_page: { fn: "move_to_new_folio", file: `mm/migrate.c${V}` },
  try_to_unmap_one: { fn: "try_to_migrate_one", file: `mm/rmap.c${V}` },
  fallback_migrate_page: { fn: "fallback_migrate_folio", file: `mm/migrate.c${V}` },
  migrate_page_move_mapping: { fn: "folio_migrate_mapping", file: `mm/migrate.c${V}` },
  putback_lru_page: { fn: "putback_lru_page", file: `mm/vmscan.c${V}` },
  add_to_swap: { fn: "add_to_swap", file: `mm/swap_state.c${V}` },
  can_reuse_swap_page: { fn: "do_swap_page", file: `mm/memory.c${V}` },
  lru_add_drain: { fn: "lru_add_drain", file: `mm/swap.c${V}` },
  put_page: { fn: "put_page", file: `include/linux/mm.h${V}` },
  get_page: { fn: "get_page", file: `include/linux/mm.h${V}` },
  lock_page: { fn: "lock_page", file: `include/linux/pagemap.h${V}` },
  unlock_page: { fn: "folio_unlock", file: `mm/filemap.c${V}` },
  writeback: { fn: "folio_start_writeback", file: `mm/page-writeback.c${V}` },
  end_writeback: { fn: "folio_end_writeback", file: `mm/filemap.c${V}` },
  ksm_merge: { fn: "try_to_merge_one_page", file: `mm/ksm.c${V}` },
  sched_setaffinity: { fn: "sched_setaffinity", file: `kernel/sched/core.c${V}` },
};

/** The 6.1 name of a frame's function and file (unchanged when it already names 6.1). */
export function mainlineSource(fn: string, file: string): Source {
  if (file.includes("6.1") || file === "(model)") return { fn, file };
  return MAINLINE_SOURCES[fn] ?? { fn, file };
}
