/**
 * Migrate-on-fault: move a page the policy says is misplaced, from inside the fault.
 *
 * @see "[RFC][PATCH 06/26] mm: Migrate misplaced page": check_migrate_misplaced_page() and
 *      migrate_misplaced_page() in mm/migrate.c (MIGRATE_FAULT mode, one extra expected reference
 *      for the faulting task), and mpol_misplaced() from 05/26.
 * The new page is allocated with GFP_THISNODE and without waiting: when the target node is full
 * the fault gives up and uses the page where it is. Not modelled: memcg charging.
 */
import { isolate_lru_page, putback_lru_page } from "./lru.ts";
import { emit, type Kernel, nodeOfCpu } from "./machine.ts";
import { get_vma_policy, mpol_misplaced } from "./mempolicy.ts";
import { countMigrate, migrate_page_copy } from "./migrate_page.ts";
import { get_page, put_page, testPage, trylock_page, unlock_page } from "./page.ts";
import { alloc_pages } from "./page_alloc.ts";
import { said } from "./said.ts";
import { replace_swap_cache_page } from "./swap_state.ts";
import { type NodeId, type PageStruct, PG, type Thread, type Vma, type Vpn } from "./types.ts";

/** Does page_mapping(page)->a_ops have a migratepage op? */
function hasMigratepage(page: PageStruct): boolean {
  if (page.mapping?.kind === "file") return page.mapping.file.migratepage;
  // page_mapping() of a swap-cache page is swapper_space, whose migratepage is migrate_page.
  return testPage(page, PG.swapcache);
}

/**
 * check_migrate_misplaced_page - called by do_swap_page() on a write fault that can reuse the page.
 * Returns the page to map: the same one, or a new one on the policy's node (locked, with the
 * fault's reference).
 */
export function check_migrate_misplaced_page(
  k: Kernel,
  page: PageStruct,
  vma: Vma,
  vpn: Vpn,
  t: Thread,
): PageStruct {
  if (
    page.mapcount > 0 ||
    testPage(page, PG.writeback) ||
    !testPage(page, PG.uptodate) ||
    !hasMigratepage(page)
  ) {
    emit(
      k,
      "check_migrate_misplaced_page",
      k.narrate &&
        `pfn ${page.pfn} is still mapped elsewhere, under writeback, or not migratable: it is used where it is.`,
    );
    return page;
  }
  const node = mpol_misplaced(k, page, vma, vpn, t);
  if (node === -1) {
    emit(
      k,
      "mpol_misplaced",
      k.narrate &&
        said`pfn ${page.pfn} on node ${page.node}: the policy ${get_vma_policy(t, vma).mof ? "is already satisfied here" : "has no MPOL_F_MOF (it was not set by a lazy mbind)"}, so the page stays.`,
    );
    return page;
  }
  emit(
    k,
    "mpol_misplaced",
    k.narrate &&
      said`pfn ${page.pfn} is on node ${page.node}, but the policy wants node ${node} for a fault on cpu ${t.cpu} (node ${nodeOfCpu(k, t.cpu)}): migrate it.`,
  );
  return migrate_misplaced_page(k, page, node, t);
}

/** migrate_misplaced_page's way out after isolating the page: put it back, use it where it is. */
function giveUp(k: Kernel, page: PageStruct, t: Thread, why: string): PageStruct {
  putback_lru_page(k, page, t.cpu);
  countMigrate(k, 0, 1);
  emit(
    k,
    "migrate_misplaced_page",
    k.narrate && `${why}: give up and map pfn ${page.pfn} where it is, on node ${page.node}.`,
  );
  return page;
}

/**
 * migrate_misplaced_page - RFC 06/26: isolate the page, allocate on `node` only (GFP_THISNODE, no
 * waiting), move the swap-cache entry and contents (MIGRATE_FAULT expects one extra reference, the
 * fault's), and hand back the new page locked. Any failure: the old page, where it is.
 */
function migrate_misplaced_page(k: Kernel, page: PageStruct, node: NodeId, t: Thread): PageStruct {
  if (!isolate_lru_page(k, page)) {
    emit(
      k,
      "migrate_misplaced_page",
      k.narrate &&
        `pfn ${page.pfn} is not on an LRU list (it still sits in a pagevec), so isolate_lru_page fails and the page is used where it is.`,
    );
    countMigrate(k, 0, 1);
    return page;
  }
  // Unlike migrate_page_add, 06/26 does not count the page in NR_ISOLATED_ANON/FILE: it is off
  // the LRU only within this fault.
  const newpage = alloc_pages(k, {
    zonelist: k.nodes[node]?.zonelist ?? [node],
    nodemask: null,
    localNode: nodeOfCpu(k, t.cpu),
    thisNode: true,
    interleave: false,
    nrPages: 1,
    fallbackAnyNode: false,
  });
  if (!newpage)
    return giveUp(
      k,
      page,
      t,
      `node ${node} has no free page (GFP_THISNODE, no fallback, no waiting)`,
    );
  const expected = 3; // swap cache + isolation + the faulting task (MIGRATE_FAULT)
  if (page.count !== expected) {
    put_page(k, newpage);
    return giveUp(
      k,
      page,
      t,
      `page_count is ${page.count}, not ${expected}: someone holds an extra reference (a pin), so migrate_page_move_mapping says -EAGAIN`,
    );
  }
  trylock_page(k, newpage, t.name);
  migrate_page_copy(k, newpage, page);
  replace_swap_cache_page(k, page, newpage);
  get_page(k, newpage);
  page.mapping = null;
  put_page(k, page);
  unlock_page(k, page);
  put_page(k, page);
  putback_lru_page(k, newpage, t.cpu);
  countMigrate(k, 1, 0);
  emit(
    k,
    "migrate_misplaced_page",
    k.narrate &&
      said`Copied pfn ${page.pfn} (node ${page.node}) to pfn ${newpage.pfn} on node ${node}; swap slot ${newpage.swap ?? "null"} now names the new page, and the old page is freed.`,
  );
  return newpage;
}
