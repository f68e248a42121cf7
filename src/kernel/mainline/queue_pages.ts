/**
 * The page walk of 6.1's mbind(): which pages of the range are misplaced, and where the holes are.
 *
 * @see mm/mempolicy.c (6.1) queue_pages_range(), queue_pages_test_walk(), queue_pages_pte_range(),
 *      queue_pages_required(), migrate_page_add(); mm/pagewalk.c walk_page_range().
 * Holes (Li Xinhai, 2019): a hole at the head of the range is found when the walk meets the first
 * VMA, a hole in the middle or at the tail when it meets the VMA before it, in .test_walk, before
 * that VMA's pages are looked at; each is -EFAULT unless MPOL_MF_DISCONTIG_OK (MPOL_DEFAULT). A
 * range with no VMA at all is -EFAULT even then.
 * Names are v6.1's: 6.1.57 (whose hole rules queue_pages_range follows) renamed the folio-converted
 * ones queue_folios_pte_range(), migrate_folio_add() and queue_folios_pmd().
 * Simplified: a huge page is split first (6.1's queue_pages_pmd() queues it whole), and KSM pages
 * are passed over as in 3.3. Every model VMA is vma_migratable().
 */
import { split_huge_page } from "../huge_memory.ts";
import { accountIsolated, isolate_lru_page } from "../lru.ts";
import { emit, type Kernel } from "../machine.ts";
import { find_vma } from "../mmap.ts";
import { compound_head, inHugePage, pageOf, testPage } from "../page.ts";
import { addrOf } from "../pgtable.ts";
import { plural } from "../trace.ts";
import { type Errno, type PageStruct, PG, type Thread, type Vma, type Vpn } from "../types.ts";
import { MPOL_MF } from "../uapi.ts";

interface QueuePages {
  readonly k: Kernel;
  readonly t: Thread;
  readonly start: Vpn;
  readonly end: Vpn;
  readonly nmask: readonly number[];
  readonly flags: number;
  readonly pagelist: PageStruct[];
  first: Vma | null;
  /** Misplaced pages migrate_page_add left where they are (shared, or off the LRU). */
  passedOver: number;
  /** KSM pages the walk passed over (the model's simplification: 6.1 checks them too). */
  ksm: number;
  /** A page MOVE|STRICT could not isolate: the walk goes on, and the range then returns 1. */
  hasUnmovable: boolean;
}

/**
 * queue_pages_range - walk [start, end). Returns 0, 1 (MOVE|STRICT met a page it could not
 * isolate: do_mbind() still applies the policy and migrates, then says -EIO), -EFAULT or -EIO.
 * As in 6.1 stable from 6.1.57 on (the real kernel the model is checked against), with Yang Shi's
 * "keep VMA walk if both MPOL_MF_STRICT and MPOL_MF_MOVE are specified" (24526268f4e3): such a
 * page no longer stops the walk, the pages after it are still queued, and the 1 it leads to
 * stands even over a later hole's -EFAULT. (v6.1 itself stopped at the end of the PMD.)
 */
export function queue_pages_range(
  k: Kernel,
  t: Thread,
  start: Vpn,
  end: Vpn,
  nmask: readonly number[],
  flags: number,
  pagelist: PageStruct[],
): 0 | 1 | Errno {
  const qp: QueuePages = {
    k,
    t,
    start,
    end,
    nmask,
    flags,
    pagelist,
    first: null,
    passedOver: 0,
    ksm: 0,
    hasUnmovable: false,
  };
  let err: 0 | 1 | Errno = 0;
  let addr = start as number;
  let vma = find_vma(t.mm, addr);
  // walk_page_range(): holes have no .pte_hole here, so they are stepped over.
  while (addr < end && vma) {
    if (addr < vma.start) {
      addr = Math.min(end, vma.start);
      continue;
    }
    const next = Math.min(end, vma.end);
    const after = find_vma(t.mm, vma.end);
    const test = queue_pages_test_walk(qp, vma, after);
    if (test !== 1) {
      err = test === 0 ? queue_pages_pte_range(qp, vma, addr, next) : test;
      if (err !== 0) break;
    }
    addr = next;
    vma = after;
  }
  if (qp.hasUnmovable) {
    const was = err;
    err = 1;
    emit(
      k,
      "queue_pages_range",
      () =>
        `The walk queued ${plural(pagelist.length, "page")}, but met a page it could not isolate: queue_pages_range returns 1${was === 0 ? "" : ` (over the ${was} it stopped at)`}, so mbind applies the policy, migrates what it queued, and says -EIO.`,
    );
  }
  if (!qp.first) {
    emit(k, "queue_pages_range", () => `No VMA in ${addrOf(start)}-${addrOf(end)}: -EFAULT.`);
    return "-EFAULT";
  }
  if (err === 0) {
    const moving = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
    // Without STRICT, MOVE or MOVE_ALL, queue_pages_test_walk skips every VMA's page tables.
    const walked = moving || (flags & MPOL_MF.MPOL_MF_STRICT) !== 0;
    emit(k, "queue_pages_range", () =>
      !walked
        ? "No MPOL_MF_STRICT, MOVE or MOVE_ALL: queue_pages_range only checks the range for holes and looks at no page, so every page stays where it is."
        : !moving
          ? qp.ksm > 0
            ? `Apart from ${qp.ksm} KSM page${qp.ksm === 1 ? "" : "s"}, which the model passes over as 3.3 does (6.1 checks them like any page), the walk found no page outside the mask.`
            : "The walk found no page outside the mask."
          : qp.passedOver === 0
            ? `The walk isolated ${pagelist.length} page${pagelist.length === 1 ? "" : "s"} on nodes outside the mask.`
            : `The walk found ${pagelist.length + qp.passedOver} pages on nodes outside the mask: ${pagelist.length} isolated, ${qp.passedOver} passed over (see above).`,
    );
  }
  return err;
}

/** queue_pages_test_walk - the hole rules, then whether this VMA's pages are walked at all. */
function queue_pages_test_walk(qp: QueuePages, vma: Vma, next: Vma | null): 0 | 1 | Errno {
  const discontigOk = (qp.flags & MPOL_MF.MPOL_MF_DISCONTIG_OK) !== 0;
  const hole = (where: string): Errno => {
    emit(
      qp.k,
      "queue_pages_test_walk",
      () =>
        `The range ${addrOf(qp.start)}-${addrOf(qp.end)} has a hole at its ${where} (no VMA there): -EFAULT, before any page of this VMA is looked at.`,
    );
    return "-EFAULT";
  };
  if (!qp.first) {
    qp.first = vma;
    if (!discontigOk && qp.start < vma.start) return hole("head");
  }
  if (!discontigOk && vma.end < qp.end && (!next || vma.end < next.start))
    return hole(next && next.start < qp.end ? "middle" : "tail");
  // MPOL_MF_LAZY never gets here in 6.1 (do_mbind rejects it), and flags within MPOL_MF_VALID
  // (STRICT, MOVE, MOVE_ALL) mean the pages are walked.
  return (qp.flags & (MPOL_MF.MPOL_MF_STRICT | MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !==
    0
    ? 0
    : 1;
}

/**
 * queue_pages_pte_range - each present PTE (PROT_NONE NUMA-hinting ones too: pte_present() is
 * true for them) whose page is outside the mask: STRICT alone stops with -EIO; MOVE/MOVE_ALL queue
 * it, and a page that cannot be isolated under STRICT sets has_unmovable and the walk goes on
 * ("Do not abort immediately since there may be temporary off LRU pages in the range").
 */
function queue_pages_pte_range(qp: QueuePages, vma: Vma, from: number, to: number): 0 | Errno {
  const { k, t } = qp;
  const moving = (qp.flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  const invert = (qp.flags & MPOL_MF.MPOL_MF_INVERT) !== 0;
  for (let vpn = from; vpn < to; vpn++) {
    const pte = t.mm.ptes.get(vpn as Vpn);
    if (pte?.kind !== "present") continue;
    let page = pageOf(k, pte.pfn);
    if (inHugePage(page)) {
      split_huge_page(k, compound_head(k, page), "the model splits a huge page before the walk");
      page = pageOf(k, pte.pfn);
    }
    if (testPage(page, PG.ksm)) {
      qp.ksm++;
      continue;
    }
    if (qp.nmask.includes(page.node) === invert) continue; // queue_pages_required()
    if (!moving) {
      emit(
        k,
        "queue_pages_pte_range",
        () =>
          `MPOL_MF_STRICT: pfn ${page.pfn} at ${addrOf(vpn)} of VMA ${vma.id} is on node ${page.node}, outside {${qp.nmask.join(",")}}: -EIO.`,
      );
      return "-EIO";
    }
    if (migrate_page_add(qp, page, vpn)) qp.hasUnmovable = true;
  }
  return 0;
}

/** migrate_page_add (6.1) - isolate the page, unless MOVE meets a shared one. True: -EIO later. */
function migrate_page_add(qp: QueuePages, page: PageStruct, vpn: number): boolean {
  const { k } = qp;
  const moveAll = (qp.flags & MPOL_MF.MPOL_MF_MOVE_ALL) !== 0;
  if (!moveAll && page.mapcount !== 1) {
    emit(
      k,
      "migrate_page_add",
      () =>
        `pfn ${page.pfn} at ${addrOf(vpn)} is mapped ${page.mapcount} times; MPOL_MF_MOVE leaves shared pages alone.`,
    );
    qp.passedOver++;
    return false;
  }
  if (!isolate_lru_page(k, page)) {
    const strict = (qp.flags & MPOL_MF.MPOL_MF_STRICT) !== 0;
    emit(
      k,
      "migrate_page_add",
      () =>
        `pfn ${page.pfn} at ${addrOf(vpn)} is not on an LRU list, so it cannot be isolated${strict ? ": under MPOL_MF_STRICT mbind will say -EIO, but the walk goes on to queue the rest" : "; it is left where it is"}.`,
    );
    if (!strict) qp.passedOver++;
    return strict;
  }
  qp.pagelist.push(page);
  accountIsolated(k, page, 1);
  emit(
    k,
    "migrate_page_add",
    () =>
      `pfn ${page.pfn} at ${addrOf(vpn)} is on node ${page.node}, outside {${qp.nmask.join(",")}}: isolated onto mbind's page list.`,
  );
  return false;
}
