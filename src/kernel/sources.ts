/**
 * Where each kernel function the model shows lives: one table, keyed by the function a frame names.
 *
 * A frame carries only the function's name; its file, the kernel version or RFC patch the model
 * follows, and the model file that implements it all come from here. The narration, the CLI trace,
 * the UI's source panel and the tests read this table, so a file name is written once.
 * `emit` refuses a function that has no entry (as a VM_BUG_ON would), and a test checks that every
 * function in the golden traces has one.
 */

export interface KernelSource {
  /** Path in the kernel tree, e.g. "mm/migrate.c". */
  readonly file: string;
  /** The code the model follows: a kernel version ("3.3") or an RFC patch of the series. */
  readonly version: string;
  /** The model file that implements it, relative to src/kernel/. */
  readonly model: string;
  /** The function's name in that kernel when it differs from the model's (6.1's folio names);
   *  the frame keeps the model's name and its label gives this one. */
  readonly name?: string;
}

export type SourceTable = Readonly<Record<string, KernelSource>>;

/** `name`: the kernel function to read, when the frame is named after a scenario op instead. */
const v33 = (file: string, model: string, name?: string): KernelSource => ({
  file,
  version: "3.3",
  model,
  ...(name ? { name } : {}),
});
const rfc = (file: string, patch: string, model: string): KernelSource => ({
  file,
  version: `3.3 + RFC ${patch}`,
  model,
});

/** Linux 3.3 with the 2012 MPOL_MF_LAZY RFC series (the seed is RFC 03/26). */
export const RFC_2012_SOURCES: SourceTable = {
  // The system calls and policy (mm/mempolicy.c)
  sys_mbind: v33("mm/mempolicy.c", "mbind.ts"),
  do_mbind: rfc("mm/mempolicy.c", "03/26, 05/26", "mbind.ts"),
  get_nodes: v33("mm/mempolicy.c", "get_nodes.ts"),
  mpol_new: v33("mm/mempolicy.c", "mempolicy.ts"),
  mpol_set_nodemask: v33("mm/mempolicy.c", "mempolicy.ts"),
  mbind_range: v33("mm/mempolicy.c", "mbind_range.ts"),
  do_set_mempolicy: v33("mm/mempolicy.c", "mbind.ts"),
  check_range: v33("mm/mempolicy.c", "queue_pages.ts"),
  check_pte_range: v33("mm/mempolicy.c", "queue_pages.ts"),
  migrate_page_add: v33("mm/mempolicy.c", "queue_pages.ts"),
  mpol_misplaced: rfc("mm/mempolicy.c", "05/26", "mempolicy.ts"),
  // Migration (mm/migrate.c)
  migrate_prep: v33("mm/migrate.c", "mbind.ts"),
  unmap_and_move: v33("mm/migrate.c", "migrate.ts"),
  __unmap_and_move: v33("mm/migrate.c", "migrate_page.ts"),
  move_to_new_page: v33("mm/migrate.c", "migrate_page.ts"),
  migrate_page_move_mapping: v33("mm/migrate.c", "migrate_page.ts"),
  fallback_migrate_page: v33("mm/migrate.c", "migrate_page.ts"),
  migrate_pages_unmap_only: rfc("mm/migrate.c", "03/26", "migrate_lazy.ts"),
  check_migrate_misplaced_page: rfc("mm/migrate.c", "06/26", "migrate_misplaced.ts"),
  migrate_misplaced_page: rfc("mm/migrate.c", "06/26", "migrate_misplaced.ts"),
  try_to_unmap_one: rfc("mm/rmap.c", "03/26", "rmap.ts"),
  // LRU lists, pagevecs and the swap cache
  lru_add_drain: v33("mm/swap.c", "lru.ts"),
  putback_lru_page: v33("mm/vmscan.c", "lru.ts"),
  add_to_swap: v33("mm/swap_state.c", "swap_state.ts"),
  free_pages_and_swap_cache: v33("mm/swap_state.c", "mmap.ts"),
  can_reuse_swap_page: rfc("mm/swapfile.c", "07/26", "swapfile.ts"),
  // Faults (mm/memory.c and friends)
  // 3.3 has no __do_page_fault (3.x later split it out): do_page_fault does the work.
  __do_page_fault: v33("arch/x86/mm/fault.c", "memory.ts", "do_page_fault"),
  handle_mm_fault: v33("mm/memory.c", "memory.ts"),
  do_anonymous_page: v33("mm/memory.c", "memory.ts"),
  do_wp_page: v33("mm/memory.c", "do_wp_page.ts"),
  do_swap_page: rfc("mm/memory.c", "07/26", "do_swap_page.ts"),
  migration_entry_wait: v33("mm/migrate.c", "memory.ts"),
  filemap_fault: v33("mm/filemap.c", "memory.ts"),
  do_huge_pmd_anonymous_page: v33("mm/huge_memory.c", "huge_memory.ts"),
  do_huge_pmd_wp_page: v33("mm/huge_memory.c", "huge_memory.ts"),
  split_huge_page: v33("mm/huge_memory.c", "huge_memory.ts"),
  // Address spaces and processes
  do_mmap_pgoff: v33("mm/mmap.c", "mmap.ts"),
  vma_merge: v33("mm/mmap.c", "vma_merge.ts"),
  do_munmap: v33("mm/mmap.c", "mmap.ts"),
  unmap_region: v33("mm/mmap.c", "mmap.ts"),
  copy_page_range: v33("mm/memory.c", "process.ts"),
  sched_setaffinity: v33("kernel/sched/core.c", "process.ts"),
  // Scenario operations that set up page states (page_ops.ts)
  ksm_merge: v33("mm/ksm.c", "page_ops.ts", "try_to_merge_one_page"),
  writeback: v33("mm/page-writeback.c", "page_ops.ts", "test_set_page_writeback"),
  // Not 3.3's end_writeback(), which is fs/inode.c's inode teardown.
  end_writeback: v33("mm/filemap.c", "page_ops.ts", "end_page_writeback"),
  lock_page: v33("include/linux/pagemap.h", "page_ops.ts"),
  unlock_page: v33("mm/filemap.c", "page_ops.ts"),
  get_page: v33("include/linux/mm.h", "page_ops.ts"),
  put_page: v33("mm/swap.c", "page_ops.ts"),
  // Time passing (a scenario's tick): 3.3 has no NUMA balancing, so nothing happens.
  tick: { file: "kernel/sched/core.c", version: "3.3", model: "mainline/numa_balancing.ts" },
};

/** The entry for `fn`; throws when the table has none, so a new frame cannot go unsourced. */
export function sourceOf(table: SourceTable, fn: string): KernelSource {
  const s = table[fn];
  if (!s) throw new Error(`no kernel source entry for ${fn} (add it to src/kernel/sources.ts)`);
  return s;
}

/** Message-Ids of the RFC series' patches the model follows, for links to the list archive. */
const RFC_MESSAGE_IDS: Readonly<Record<string, string>> = {
  "03/26": "20120316144240.307470041@chello.nl",
  "05/26": "20120316144240.432892200@chello.nl",
  "06/26": "20120316144240.492318994@chello.nl",
  "07/26": "20120316144240.556223451@chello.nl",
};

/** Scenario operations that stand for kernel code but are not one kernel function's name. */
const NOT_IDENTIFIERS = new Set(["ksm_merge", "writeback", "end_writeback"]);

/**
 * Where to read the kernel code a frame follows, on public sites (linked, never copied): the RFC
 * patch on the list archive when the model follows one, else the function in the Elixir
 * cross-reference of that kernel version.
 */
export function sourceUrl(fn: string, s: KernelSource): string {
  const patch = /RFC (\d\d\/26)/.exec(s.version)?.[1];
  const id = patch ? RFC_MESSAGE_IDS[patch] : undefined;
  if (id) return `https://lore.kernel.org/all/${id}/`;
  const version = /^\d+\.\d+/.exec(s.version)?.[0] ?? "3.3";
  return NOT_IDENTIFIERS.has(fn) && !s.name
    ? `https://elixir.bootlin.com/linux/v${version}/source/${s.file}`
    : `https://elixir.bootlin.com/linux/v${version}/A/ident/${s.name ?? fn}`;
}

/** How a frame names its source: the file, and the RFC patch when the model follows one. */
export function sourceLabel(s: KernelSource): string {
  if (s.version === "3.3") return s.name ? `${s.file} (${s.name})` : s.file;
  return `${s.file} (${s.version.replace("3.3 + ", "")}${s.name ? `: ${s.name}` : ""})`;
}
