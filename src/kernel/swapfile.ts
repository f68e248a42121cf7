/**
 * The swap device's slot map.
 *
 * @see mm/swapfile.c get_swap_page() / scan_swap_map(), swap_duplicate(), swap_free(),
 *      page_swapcount(), reuse_swap_page()'s test (can_reuse_swap_page); include/linux/swap.h
 *      vm_swap_full(). The functions that take a page out of the swap cache are in swap_state.ts.
 * The kernel keeps, per slot, a count of swap PTEs plus a SWAP_HAS_CACHE bit; the model keeps the
 * count in `swap.map` and the swap-cache page in `swap.cache`. A slot is free when both are empty.
 * Simplified: one swap device, no clusters (3.3 looks for an empty 256-slot cluster first when at
 * least that many slots are free), no swap_map continuation, nothing is ever written out.
 */
import type { Kernel } from "./machine.ts";
import { testPage } from "./page.ts";
import { type PageStruct, PG, type SwapSlot } from "./types.ts";

function refreshUsed(k: Kernel, slot: SwapSlot, wasUsed: boolean): void {
  const nowUsed = slotInUse(k, slot);
  if (wasUsed !== nowUsed) k.swap.used += nowUsed ? 1 : -1;
  // swap_entry_free: a slot freed widens the range the scan looks in to take it in.
  if (wasUsed && !nowUsed) {
    k.swap.lowestBit = Math.min(k.swap.lowestBit, slot);
    k.swap.highestBit = Math.max(k.swap.highestBit, slot);
  }
  k.log.slot(slot);
}

function slotInUse(k: Kernel, slot: SwapSlot): boolean {
  return (k.swap.map[slot] ?? 0) > 0 || (k.swap.cache[slot] ?? -1) >= 0;
}

/**
 * get_swap_page / scan_swap_map - find a free slot, scanning on from the last one handed out; null
 * when full. Slot 0 holds the swap header (swap_map[0] is SWAP_MAP_BAD in 3.3), so slots run from
 * 1 to `swap.slots` and the first one handed out is 1.
 * The scan keeps to [lowest_bit, highest_bit]: past highest_bit it starts again at lowest_bit, and
 * having gone round it looks at the slots after lowest_bit up to where it began (3.3's
 * `while (++offset < scan_base)`, which passes over lowest_bit itself).
 * When swap is over half full, counting the slot being taken (get_swap_page lowers nr_swap_pages
 * before it scans), the scan also stops at a slot only the swap cache holds (SWAP_HAS_CACHE, no
 * swap PTE) and takes it if `reclaim` frees it (__try_to_reclaim_swap, given by the swap cache,
 * which builds on this file). With no slot free at all, get_swap_page gives up before scanning.
 */
export function get_swap_page(
  k: Kernel,
  reclaim: (k: Kernel, slot: SwapSlot) => boolean,
): SwapSlot | null {
  const sw = k.swap;
  if (sw.used >= sw.slots || sw.highestBit === 0) return null;
  // checks: past highest_bit, the scan starts again at lowest_bit.
  const start = sw.cursor > sw.highestBit ? sw.lowestBit : sw.cursor;
  // The slots in the order 3.3 looks at them: where it starts, on to highest_bit, then from after
  // lowest_bit up to where it started. Past that 3.3 would go round again, and find nothing new
  // (a slot that refused still refuses): the model stops there, once round, and finds no slot.
  const visit = (s: number): SwapSlot | null => {
    const slot = s as SwapSlot;
    if (!slotInUse(k, slot)) return take(k, slot);
    const cacheOnly = (sw.map[s] ?? 0) === 0 && (sw.cache[s] ?? -1) >= 0;
    // __try_to_reclaim_swap freed it: checks finds it free.
    if (cacheOnly && swapFullTakingOne(k) && reclaim(k, slot)) return take(k, slot);
    return null;
  };
  for (let s = start; s <= sw.highestBit; s++) {
    const got = visit(s);
    if (got !== null) return got;
  }
  for (let s = sw.lowestBit + 1; s < start; s++) {
    const got = visit(s);
    if (got !== null) return got;
  }
  return null;
}

/**
 * The slot is taken: scan_swap_map's bookkeeping after its `checks:` label (mm/swapfile.c, 3.3.8):
 * lowest_bit / highest_bit move in when the slot was at either end, both close when the device is
 * full (inuse_pages == pages), and cluster_next is the slot after it.
 */
function take(k: Kernel, s: SwapSlot): SwapSlot {
  const sw = k.swap;
  if (s === sw.lowestBit) sw.lowestBit++;
  if (s === sw.highestBit) sw.highestBit--;
  // inuse_pages == pages: nothing is left to scan.
  if (sw.used + 1 >= sw.slots) {
    sw.lowestBit = sw.slots + 1;
    sw.highestBit = 0;
  }
  sw.cursor = s + 1;
  return s;
}

/** vm_swap_full() inside get_swap_page, which has already counted the slot it is looking for. */
function swapFullTakingOne(k: Kernel): boolean {
  return (k.swap.slots - k.swap.used - 1) * 2 < k.swap.slots;
}

/** Mark or clear SWAP_HAS_CACHE for a slot (done by __add_to_swap_cache / __delete_from_swap_cache). */
export function setSwapCache(k: Kernel, slot: SwapSlot, pfn: number): void {
  const was = slotInUse(k, slot);
  k.swap.cache[slot] = pfn;
  refreshUsed(k, slot, was);
}

/** swap_duplicate - one more swap PTE refers to the slot. */
export function swap_duplicate(k: Kernel, slot: SwapSlot): void {
  const was = slotInUse(k, slot);
  k.swap.map[slot] = (k.swap.map[slot] ?? 0) + 1;
  refreshUsed(k, slot, was);
}

/** swap_free - a swap PTE is gone; the slot is free once no PTE and no swap-cache page holds it. */
export function swap_free(k: Kernel, slot: SwapSlot): void {
  const was = slotInUse(k, slot);
  const c = k.swap.map[slot] ?? 0;
  if (c <= 0) throw new Error(`swap_free on unused slot ${slot}`);
  k.swap.map[slot] = c - 1;
  refreshUsed(k, slot, was);
}

/** page_swapcount - how many swap PTEs point at the page's slot. */
export function page_swapcount(k: Kernel, page: PageStruct): number {
  return page.swap === null ? 0 : (k.swap.map[page.swap] ?? 0);
}

/** vm_swap_full - more than half the swap space is in use (include/linux/swap.h). */
export function vm_swap_full(k: Kernel): boolean {
  return (k.swap.slots - k.swap.used) * 2 < k.swap.slots;
}

/**
 * can_reuse_swap_page - RFC 07/26: reuse_swap_page() without its side effect. True when this
 * fault's PTE is the only user: not KSM, and mapcount + swapcount <= 1.
 */
export function can_reuse_swap_page(k: Kernel, page: PageStruct): boolean {
  if (testPage(page, PG.ksm)) return false;
  let count = page.mapcount;
  if (count <= 1 && testPage(page, PG.swapcache)) count += page_swapcount(k, page);
  return count <= 1;
}
