/**
 * Lazy migration: unmap now, migrate on the next touch.
 *
 * @see mm/migrate.c migrate_pages_unmap_only() from "[RFC][PATCH 03/26] mm, mpol: add
 *      MPOL_MF_LAZY" (../shared/seed/), step for step: every branch of the patch is here, in order.
 * Pages skipped for any reason are not failures ("Give up easily. We ARE being lazy."); only a full
 * swap device or a PTE that would not go away count in nr_failed. Every page goes back to the LRU
 * through this CPU's pagevec, which is drained at the end if any page was unmapped (`if
 * (nr_unmapped) lru_add_drain()`), so that the fault path can isolate it.
 * In this model the PageTransHuge and PageKsm branches are defensive: check_range() has already
 * split huge pages and skipped KSM pages before they could reach the list.
 */
import { split_huge_page } from "./huge_memory.ts";
import { accountIsolated, lru_add_drain, putback_lru_page } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { countMigrate } from "./migrate_page.ts";
import { PageAnon, testPage, trylock_page, unlock_page } from "./page.ts";
import { try_to_unmap } from "./rmap.ts";
import { said } from "./said.ts";
import { add_to_swap } from "./swap_state.ts";
import { plural } from "./trace.ts";
import { type Cpu, type PageStruct, PG } from "./types.ts";

type Outcome = "skipped" | "failed" | "unmapped";

/** migrate_pages_unmap_only - unmap every listed page; returns nr_failed. Empties the list. */
export function migrate_pages_unmap_only(k: Kernel, pagelist: PageStruct[], cpu: Cpu): number {
  let nrFailed = 0;
  let nrUnmapped = 0;
  let filesUnmapped = 0;
  for (const page of pagelist.splice(0, pagelist.length)) {
    const outcome = unmapOne(k, page);
    if (outcome === "failed") nrFailed++;
    if (outcome === "unmapped") nrUnmapped++;
    if (outcome === "unmapped" && !PageAnon(page)) filesUnmapped++;
    accountIsolated(k, page, -1);
    putback_lru_page(k, page, cpu);
    emit(
      k,
      "putback_lru_page",
      k.narrate &&
        said`pfn ${page.pfn} leaves the isolated list and goes back toward the LRU through cpu ${cpu}'s pagevec, ${outcome === "unmapped" ? said`unmapped but still on node ${page.node}` : outcome === "failed" ? "still mapped (it failed)" : "untouched (skipped)"}.`,
    );
  }
  countMigrate(k, 0, nrFailed);
  if (nrUnmapped > 0) {
    const moved = lru_add_drain(k, cpu);
    emit(
      k,
      "lru_add_drain",
      () =>
        `cpu ${cpu} drains its pagevecs (${plural(moved, "page")}) so the fault path can find the unmapped pages on the LRU; other CPUs' pagevecs are left alone, as the patch chooses.`,
    );
  }
  emit(
    k,
    "migrate_pages_unmap_only",
    () =>
      `Done: ${plural(nrUnmapped, "page")} unmapped, ${nrFailed} failed. Nothing has moved yet: an unmapped anonymous page migrates when a task next writes to it, if the policy then says so (a read maps it where it is)${filesUnmapped === 0 ? "" : `; the ${plural(filesUnmapped, "file page")} will come back from the page cache where ${filesUnmapped === 1 ? "it is" : "they are"}, as this series hooks only do_swap_page`}.`,
  );
  return nrFailed;
}

/** unmapOne's word on a page it gives up on. */
function say(k: Kernel, page: PageStruct, text: string): void {
  emit(k, "migrate_pages_unmap_only", k.narrate && `pfn ${page.pfn}: ${text}`);
}

/** unmapOne's way out once it holds the page lock. */
function unlocked(k: Kernel, page: PageStruct, outcome: Outcome): Outcome {
  unlock_page(k, page);
  return outcome;
}

/** The body of migrate_pages_unmap_only()'s loop for one page, up to (not including) putback. */
function unmapOne(k: Kernel, page: PageStruct): Outcome {
  if (page.count === 1) {
    say(
      k,
      page,
      "page_count is 1, so only our isolation holds it: it was freed under us. Give up easily.",
    );
    return "skipped";
  }
  if (page.compound > 1) {
    split_huge_page(k, page, "migrate_pages_unmap_only meets a huge page");
  }
  if (!trylock_page(k, page, "migrate_pages_unmap_only")) {
    say(
      k,
      page,
      `trylock_page fails (locked by ${page.lockedBy ?? "someone"}); being lazy, skip it.`,
    );
    return "skipped";
  }
  if (testPage(page, PG.ksm) || testPage(page, PG.writeback)) {
    say(k, page, `${testPage(page, PG.ksm) ? "a KSM page" : "under writeback"}; skip it.`);
    return unlocked(k, page, "skipped");
  }
  if (!page.mapping) {
    say(k, page, "no mapping (truncated or freed meanwhile); skip it.");
    return unlocked(k, page, "skipped");
  }
  if (PageAnon(page)) {
    if (!testPage(page, PG.swapcache)) {
      const slot = add_to_swap(k, page);
      if (slot === null) {
        say(
          k,
          page,
          k.swap.used < k.swap.slots
            ? `anonymous, but add_to_swap finds no swap slot: slot ${k.swap.lowestBit} (lowest_bit) is free, but a scan that began past it goes round from lowest_bit + 1 (3.3's while (++offset < scan_base)), and no slot it looks at can be taken: this page fails.`
            : "anonymous, but add_to_swap finds no free swap slot: this page fails.",
        );
        return unlocked(k, page, "failed");
      }
      emit(
        k,
        "add_to_swap",
        k.narrate &&
          said`Anonymous pfn ${page.pfn} gets swap slot ${slot} and enters the swap cache, so its PTEs can become swap entries. Nothing is written to disk.`,
      );
    }
  } else if (page.mapping.kind === "file" && !page.mapping.file.migratepage) {
    say(
      k,
      page,
      `${page.mapping.file.path} has no migratepage op, so it could not migrate on fault; skip it.`,
    );
    return unlocked(k, page, "skipped");
  }
  const ok = try_to_unmap(k, page, "TTU_MIGRATE_DEFERRED");
  if (!ok || page.mapcount > 0) {
    say(
      k,
      page,
      `still mapped by ${plural(page.mapcount, "PTE")} after try_to_unmap: this page fails.`,
    );
    return unlocked(k, page, "failed");
  }
  return unlocked(k, page, "unmapped");
}
