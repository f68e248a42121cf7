/**
 * Finding the misplaced pages of a range: check_range(), known in later kernels as
 * queue_pages_range().
 *
 * @see mm/mempolicy.c (3.3) check_range(), check_pmd_range() (split_huge_page_pmd first),
 *      check_pte_range(), migrate_page_add(); RFC 01/26 re-implements the walk with
 *      walk_page_range() and keeps the same decisions.
 * A page is "misplaced" when its node is not in the user's mask (do_mbind passes MPOL_MF_INVERT);
 * with an empty mask every page is. Only present PTEs are looked at: swap entries, and so pages
 * already lazily unmapped, are passed over, and so are KSM pages.
 * Quirk kept from 3.3: a hole at the end of the range is only caught when no VMA follows it.
 */
import { split_huge_page } from "./huge_memory.ts";
import { accountIsolated, isolate_lru_page } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { describePolicy } from "./mempolicy.ts";
import { find_vma } from "./mmap.ts";
import { compound_head, inHugePage, pageOf, testPage } from "./page.ts";
import { addrOf, vaddr } from "./pgtable.ts";
import { said } from "./said.ts";
import { plural } from "./trace.ts";
import { type Errno, type PageStruct, PG, type Thread, type Vma, type Vpn } from "./types.ts";
import { MPOL_MF } from "./uapi.ts";

/**
 * check_range - walk the VMAs of [start, end); with MOVE/MOVE_ALL queue misplaced pages on
 * `pagelist` (isolated from the LRU). Returns 0, -EFAULT for a hole, or -EIO for STRICT alone
 * finding a misplaced page.
 */
export function check_range(
  k: Kernel,
  t: Thread,
  start: Vpn,
  end: Vpn,
  userNodes: readonly number[],
  flags: number,
  pagelist: PageStruct[],
): 0 | Errno {
  const mm = t.mm;
  const first = find_vma(mm, start);
  if (!first) {
    emit(k, "check_range", () => `No VMA at or after ${addrOf(start)}: -EFAULT.`);
    return "-EFAULT";
  }
  const moving = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  const strict = (flags & MPOL_MF.MPOL_MF_STRICT) !== 0;
  let prev: Vma | null = null;
  /**
   * Misplaced pages migrate_page_add left out (shared under MOVE, or off the LRU), and KSM pages,
   * which check_pte_range skips before it looks at their node.
   */
  const walk = { passedOver: 0, ksm: 0 };
  for (const vma of mm.vmas.filter((v) => v.end > start && v.start < end)) {
    if ((flags & MPOL_MF.MPOL_MF_DISCONTIG_OK) === 0) {
      const isLast = mm.vmas[mm.vmas.length - 1] === vma;
      if ((isLast && vma.end < end) || (prev && prev.end < vma.start)) {
        emit(
          k,
          "check_range",
          () => `The range ${addrOf(start)}-${addrOf(end)} has a hole with no VMA: -EFAULT.`,
        );
        return "-EFAULT";
      }
    }
    if (strict || moving) {
      const from = Math.max(start, vma.start);
      const to = Math.min(end, vma.end);
      const rc = check_pte_range(k, t, from, to, userNodes, flags, pagelist, walk);
      if (rc !== 0) return rc;
    }
    prev = vma;
  }
  emit(k, "check_range", () => {
    const found = `The walk found ${plural(pagelist.length + walk.passedOver, "page")} on nodes outside the mask ("misplaced", as far as mbind can tell)`;
    if (moving && walk.passedOver === 0)
      return `${found}, now isolated from the LRU (nr_isolated counts them).`;
    if (moving)
      return `${found}: ${pagelist.length} now isolated from the LRU (nr_isolated counts them), ${walk.passedOver} passed over (see above).`;
    if (strict && walk.ksm > 0)
      return `MPOL_MF_STRICT: apart from ${plural(walk.ksm, "KSM page")}, which check_pte_range skips without looking at the node, the walk found no page outside the mask.`;
    if (strict) return "MPOL_MF_STRICT: the walk found no page outside the mask.";
    return "Without MPOL_MF_STRICT, MPOL_MF_MOVE or MPOL_MF_MOVE_ALL, check_range walks no page table: it only checks that VMAs cover the range. Pages already there stay where they are; the policy places pages allocated from now on.";
  });
  return 0;
}

/**
 * check_pte_range - look at each present PTE of [from, to): split a huge page first (3.3 does
 * that a level up, in check_pmd_range's split_huge_page_pmd), pass over KSM
 * pages and pages on an allowed node; STRICT alone stops with -EIO at the first misplaced page,
 * MOVE/MOVE_ALL queue it.
 */
function check_pte_range(
  k: Kernel,
  t: Thread,
  from: number,
  to: number,
  userNodes: readonly number[],
  flags: number,
  pagelist: PageStruct[],
  walk: { passedOver: number; ksm: number },
): 0 | Errno {
  const mm = t.mm;
  const invert = (flags & MPOL_MF.MPOL_MF_INVERT) !== 0;
  for (let vpn = from; vpn < to; vpn++) {
    const pte = mm.ptes.get(vpn as Vpn);
    if (pte?.kind !== "present") continue;
    let page = pageOf(k, pte.pfn);
    if (inHugePage(page)) {
      split_huge_page(
        k,
        compound_head(k, page),
        "check_pmd_range calls split_huge_page_pmd before walking PTEs",
      );
      page = pageOf(k, pte.pfn);
    }
    if (testPage(page, PG.ksm)) {
      walk.ksm++;
      emit(
        k,
        "check_pte_range",
        k.narrate &&
          `pfn ${page.pfn} at ${addrOf(vpn)} is a KSM page; mbind cannot move KSM pages, so it is passed over.`,
      );
      continue;
    }
    if (userNodes.includes(page.node) === invert) continue;
    if ((flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) === 0) {
      emit(
        k,
        "check_pte_range",
        k.narrate &&
          `MPOL_MF_STRICT: pfn ${page.pfn} at ${addrOf(vpn)} is on node ${page.node}, outside {${userNodes.join(",")}}: -EIO, and the policy is not applied.`,
      );
      return "-EIO";
    }
    if (!migrate_page_add(k, t, page, vpn, userNodes, flags, pagelist)) walk.passedOver++;
  }
  return 0;
}

/**
 * The nodes mbind was given, for migrate_page_add's narration. An empty mask selects every page;
 * what "local" then means depends on when the pages move: at the next touch (lazy), or now, in
 * the caller's context (eager: new_vma_page allocates under the VMA's new policy). An empty mask
 * also comes with MPOL_DEFAULT, which do_mbind marks with MPOL_MF_DISCONTIG_OK: that leaves the
 * VMA no policy of its own, so the caller's task policy places an eager move.
 */
function nodeMask(k: Kernel, t: Thread, userNodes: readonly number[], flags: number): string {
  if (userNodes.length) return `{${userNodes.join(",")}}`;
  if ((flags & MPOL_MF.MPOL_MF_LAZY) !== 0)
    return 'the empty mask (with no nodes given, every page is selected: for MPOL_PREFERRED that means "local to whoever touches it next")';
  if ((flags & MPOL_MF.MPOL_MF_DISCONTIG_OK) !== 0)
    return `the empty mask (with no nodes given, every page is selected; MPOL_DEFAULT leaves the VMA no policy of its own, so an eager move takes each where tid ${t.tid}'s task policy, ${t.policy ? describePolicy(t.policy, k.variant) : "local allocation"}, puts it, now, even a page already there)`;
  return "the empty mask (with no nodes given, every page is selected: an eager move takes each to the calling CPU's node, now, even a page already there)";
}

/**
 * migrate_page_add - isolate the page onto the list, unless MOVE meets a shared page; says
 * whether it did.
 */
function migrate_page_add(
  k: Kernel,
  t: Thread,
  page: PageStruct,
  vpn: number,
  userNodes: readonly number[],
  flags: number,
  pagelist: PageStruct[],
): boolean {
  const moveAll = (flags & MPOL_MF.MPOL_MF_MOVE_ALL) !== 0;
  if (!moveAll && page.mapcount !== 1) {
    emit(
      k,
      "migrate_page_add",
      k.narrate &&
        said`pfn ${page.pfn} at 0x${vaddr(vpn)} is mapped ${page.mapcount} times; MPOL_MF_MOVE leaves shared pages alone (that is not a failure).`,
    );
    return false;
  }
  if (!isolate_lru_page(k, page)) {
    emit(
      k,
      "migrate_page_add",
      k.narrate &&
        said`pfn ${page.pfn} at 0x${vaddr(vpn)} is not on an LRU list, so isolate_lru_page fails and it is quietly left out.`,
    );
    return false;
  }
  pagelist.push(page);
  accountIsolated(k, page, 1);
  emit(
    k,
    "migrate_page_add",
    k.narrate &&
      said`pfn ${page.pfn} at 0x${vaddr(vpn)} is on node ${page.node}, not in ${nodeMask(k, t, userNodes, flags)}: isolated from the LRU onto mbind's page list.`,
  );
  return true;
}
