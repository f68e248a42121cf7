/**
 * The model's invariants, the kernel's VM_BUG_ONs gathered in one place. Tests run `checkFrame`
 * after every frame and `checkQuiescent` after every step (when no syscall is in flight).
 * Each returns a list of violations; an empty list means the state is consistent. A pfn with no
 * struct page yet (mem_map.ts) is pristine: free, on no list, mapped by nothing.
 */
import type { Kernel } from "./machine.ts";
import { LRU_ADD_BATCH_61 } from "./mainline/uapi.ts";
import { newPageStruct } from "./mem_map.ts";
import { heldByLockStep } from "./page_ops.ts";
import { LRU_LISTS, LruWhere, type NodeId, type PageStruct, type Pfn, PG } from "./types.ts";
import { recount_zone_counters } from "./vmstat.ts";

type Errs = string[];

/** Holds after every frame, even in the middle of a system call. */
export function checkFrame(k: Kernel): string[] {
  const errs: Errs = [];
  pageConservation(k, errs);
  ptesAgreeWithRmap(k, errs);
  lruMembership(k, errs);
  swapCacheAgrees(k, errs);
  numaBalancingState(k, errs);
  zoneCountersAgree(k, errs);
  return errs;
}

/**
 * NUMA balancing (6.1): PROT_NONE hinting PTEs exist only under the mainline kernel, never on a
 * huge page, and only allocated pages carry a last_cpupid (page_cpupid_reset_last() on free).
 */
function numaBalancingState(k: Kernel, errs: Errs): void {
  for (const mm of k.mms.values()) {
    for (const [vpn, pte] of mm.ptes) {
      if (pte.kind !== "present" || !pte.protnone) continue;
      if (!k.numa) errs.push(`pid ${mm.pid} vpn ${vpn}: a PROT_NONE NUMA PTE under the RFC kernel`);
      const page = k.pages[pte.pfn];
      if (page && (page.compound > 1 || (page.flags & PG.tail) !== 0))
        errs.push(`pid ${mm.pid} vpn ${vpn}: a PROT_NONE NUMA PTE on a huge page`);
    }
  }
  for (const pfn of k.numa?.lastCpupid.keys() ?? []) {
    if ((k.pages[pfn]?.count ?? 0) === 0) errs.push(`pfn ${pfn}: free, but has a last_cpupid`);
  }
}

/** The running zone counters equal a count from scratch (vmstat.ts accounts every page a frame changed). */
function zoneCountersAgree(k: Kernel, errs: Errs): void {
  const fresh = recount_zone_counters(k);
  k.zoneStat.forEach((z, node) => {
    const want = fresh[node];
    if (want && z.some((v, i) => v !== want[i]))
      errs.push(
        `node ${node} zone counters [${z.join(",")}] but its pages give [${want.join(",")}]`,
      );
  });
}

/** Holds between steps: nothing isolated, every reference accounted for. */
export function checkQuiescent(k: Kernel): string[] {
  const errs = checkFrame(k);
  k.nodeStat.forEach((s, n) => {
    if (s.nr_isolated_anon !== 0 || s.nr_isolated_file !== 0) {
      errs.push(
        `node ${n}: nr_isolated_anon ${s.nr_isolated_anon}, nr_isolated_file ${s.nr_isolated_file} after the syscall`,
      );
    }
  });
  for (const p of k.pages) {
    if (!p) continue;
    if (p.count === 0) continue;
    if (p.where === LruWhere.isolated) errs.push(`pfn ${p.pfn} is still isolated`);
    if (p.flags & PG.locked && !heldByLockStep(p)) {
      errs.push(`pfn ${p.pfn} is still locked by ${p.lockedBy}`);
    }
    const expected = expectedRefs(p);
    if (p.count !== expected)
      errs.push(`pfn ${p.pfn}: page_count ${p.count}, but its users account for ${expected}`);
    const mappedHead = p.mapcount > 0 && (p.flags & PG.tail) === 0;
    if (mappedHead && p.where === LruWhere.none)
      errs.push(`mapped pfn ${p.pfn} is on no LRU list or pagevec`);
  }
  return errs;
}

/** page_count = mapcount + swap cache + page cache + pagevec + isolation + pins + a lock_page step. */
function expectedRefs(p: PageStruct): number {
  let n = p.mapcount + p.pins;
  if (heldByLockStep(p)) n++;
  if (p.flags & PG.swapcache) n++;
  if (p.mapping?.kind === "file" && p.mapping.file.pageCache.get(p.index) === p.pfn) n++;
  if (p.where === LruWhere.pagevec || p.where === LruWhere.isolated) n++;
  return n;
}

function pageConservation(k: Kernel, errs: Errs): void {
  for (const node of k.nodes) {
    const stack = k.free[node.id] ?? [];
    const seen = new Set<number>();
    const ownPfn = (pfn: number) => pfn >= node.firstPfn && pfn < node.firstPfn + node.frames;
    for (const pfn of stack) {
      const p = k.pages[pfn];
      if (!ownPfn(pfn) || (p && p.node !== node.id))
        errs.push(`free list of node ${node.id} holds pfn ${pfn} of another node`);
      else if (p && (p.count !== 0 || p.mapcount !== 0 || p.mapping || p.where !== LruWhere.none)) {
        errs.push(`free pfn ${pfn} is in use (count ${p.count}, mapcount ${p.mapcount})`);
      } else if (p) {
        const kept = keptFromLastUse(p);
        if (kept) errs.push(`free pfn ${pfn} keeps ${kept} from its last use`);
      }
      if (seen.has(pfn)) errs.push(`pfn ${pfn} is on node ${node.id}'s free list twice`);
      seen.add(pfn);
    }
    let used = 0;
    for (let i = 0; i < node.frames; i++) {
      const pfn = node.firstPfn + i;
      const p = k.pages[pfn];
      if (p && (p.pfn !== pfn || p.node !== node.id))
        errs.push(`the struct page at pfn ${pfn} says pfn ${p.pfn} on node ${p.node}`);
      if (p && p.count > 0) used++;
      else if (!seen.has(pfn))
        errs.push(`pfn ${pfn} has page_count 0 but is not on a free list (leaked)`);
    }
    if (used + stack.length !== node.frames) {
      errs.push(`node ${node.id}: ${used} used + ${stack.length} free != ${node.frames} frames`);
    }
  }
}

/** A never-used struct page's fields, but its pfn and node (each page has its own). */
const NEVER_USED = newPageStruct(0 as Pfn, 0 as NodeId) as unknown as Record<string, unknown>;
const FIELDS = Object.keys(NEVER_USED).filter((key) => key !== "pfn" && key !== "node");

/**
 * The first field in which a freed struct page differs from one never used (null: none): the
 * buddy allocator's free path leaves a page as boot did (free_pages_prepare / free_pages_check in
 * mm/page_alloc.c), and the view draws a free frame the same whichever it is.
 */
function keptFromLastUse(p: PageStruct): string | null {
  const page = p as unknown as Record<string, unknown>;
  for (const key of FIELDS) {
    if (key === "rmap" ? p.rmap.length !== 0 : page[key] !== NEVER_USED[key]) return key;
  }
  return null;
}

function ptesAgreeWithRmap(k: Kernel, errs: Errs): void {
  const mapped = new Map<number, number>();
  for (const mm of k.mms.values()) {
    for (const [vpn, pte] of mm.ptes) {
      if (!mm.vmas.some((v) => v.start <= vpn && vpn < v.end))
        errs.push(`pid ${mm.pid} has a PTE at vpn ${vpn} outside every VMA`);
      if (pte.kind === "swap") continue;
      const p = k.pages[pte.pfn];
      if (!p || p.count === 0) {
        errs.push(`pid ${mm.pid} vpn ${vpn} maps free pfn ${pte.pfn}`);
        continue;
      }
      if (pte.kind === "migration") {
        if (!(p.flags & PG.locked))
          errs.push(`migration entry at pid ${mm.pid} vpn ${vpn} for unlocked pfn ${p.pfn}`);
        continue;
      }
      mapped.set(p.pfn, (mapped.get(p.pfn) ?? 0) + 1);
      if (!p.rmap.some((r) => r.mm === mm && r.vpn === vpn)) {
        errs.push(`pid ${mm.pid} vpn ${vpn} maps pfn ${p.pfn}, which has no rmap entry for it`);
      }
    }
  }
  for (const p of k.pages) {
    if (!p) continue;
    if (p.mapcount !== p.rmap.length)
      errs.push(`pfn ${p.pfn}: mapcount ${p.mapcount} but ${p.rmap.length} rmap entries`);
    if (p.mapcount !== (mapped.get(p.pfn) ?? 0)) {
      errs.push(`pfn ${p.pfn}: mapcount ${p.mapcount} but ${mapped.get(p.pfn) ?? 0} present PTEs`);
    }
    for (const r of p.rmap) {
      const pte = r.mm.ptes.get(r.vpn);
      if (pte?.kind !== "present" || pte.pfn !== p.pfn)
        errs.push(`pfn ${p.pfn}: stale rmap entry pid ${r.mm.pid} vpn ${r.vpn}`);
    }
  }
}

function lruMembership(k: Kernel, errs: Errs): void {
  const isolated = k.nodes.map(() => ({ anon: 0, file: 0 }));
  for (const p of k.pages) {
    if (!p) continue;
    const onLru = (p.flags & PG.lru) !== 0;
    const list = LRU_LISTS.find((l) => LruWhere[l] === p.where);
    if (list) {
      if (!k.lru[p.node]?.[list].has(p.pfn))
        errs.push(`pfn ${p.pfn} says ${list} but is not on it`);
      if (!onLru) errs.push(`pfn ${p.pfn} is on ${list} without PG_lru`);
    } else if (onLru) errs.push(`pfn ${p.pfn} has PG_lru but is on no list`);
    if (p.where === LruWhere.pagevec) {
      const pv = p.pagevecCpu === null ? undefined : k.pagevecs.get(p.pagevecCpu);
      const hits = pv
        ? LRU_LISTS.reduce((a, l) => a + pv[l].filter((x) => x === p.pfn).length, 0)
        : 0;
      if (hits !== 1) errs.push(`pfn ${p.pfn} is in cpu ${p.pagevecCpu}'s pagevecs ${hits} times`);
      if (p.pagevecList === null || !pv?.[p.pagevecList].includes(p.pfn))
        errs.push(`pfn ${p.pfn} is not in the pagevec it names (${p.pagevecList})`);
      // 3.3 clears PG_active while a page waits (lru_cache_add_lru); 6.1 keeps the list's.
      const active = (p.flags & PG.active) !== 0;
      const wants = k.variant === "mainline" && p.pagevecList?.startsWith("active") === true;
      if (active !== wants) errs.push(`pfn ${p.pfn} waits in a pagevec with PG_active ${active}`);
    } else if (p.pagevecList !== null || p.pagevecCpu !== null)
      errs.push(`pfn ${p.pfn} names a pagevec it is not in`);
    if (p.where === LruWhere.isolated) {
      const c = isolated[p.node];
      if (c) c[p.flags & PG.swapbacked ? "anon" : "file"]++;
    }
  }
  k.lru.forEach((lists, node) => {
    for (const l of LRU_LISTS) {
      for (const pfn of lists[l]) {
        const p = k.pages[pfn];
        if (!p || p.node !== node || p.where !== LruWhere[l])
          errs.push(`node ${node} ${l} holds pfn ${pfn}, which is not there`);
      }
    }
  });
  for (const [cpu, pv] of k.pagevecs) {
    if (k.variant === "mainline") {
      // 6.1: one lru_add batch per CPU for every list (PAGEVEC_SIZE 15).
      const held = LRU_LISTS.reduce((a, l) => a + pv[l].length, 0);
      if (held >= LRU_ADD_BATCH_61)
        errs.push(`cpu ${cpu}'s lru_add batch holds ${held} pages (max 14 between adds, 6.1)`);
      continue;
    }
    for (const l of LRU_LISTS) {
      if (pv[l].length >= 14)
        errs.push(`cpu ${cpu}'s ${l} pagevec holds ${pv[l].length} pages (max 13 between adds)`);
      for (const pfn of pv[l])
        if (k.pages[pfn]?.where !== LruWhere.pagevec)
          errs.push(`cpu ${cpu}'s pagevec holds pfn ${pfn}, which is not there`);
    }
  }
  k.nodeStat.forEach((s, n) => {
    const c = isolated[n];
    if (c && (c.anon !== s.nr_isolated_anon || c.file !== s.nr_isolated_file)) {
      errs.push(
        `node ${n}: nr_isolated anon/file ${s.nr_isolated_anon}/${s.nr_isolated_file}, but ${c.anon}/${c.file} pages are isolated`,
      );
    }
  });
}

function swapCacheAgrees(k: Kernel, errs: Errs): void {
  const refs = new Int32Array(k.swap.map.length);
  for (const mm of k.mms.values()) {
    for (const pte of mm.ptes.values())
      if (pte.kind === "swap") refs[pte.slot] = (refs[pte.slot] ?? 0) + 1;
  }
  let used = 0;
  for (let s = 0; s < k.swap.map.length; s++) {
    const count = k.swap.map[s] ?? 0;
    const cache = k.swap.cache[s] ?? -1;
    if (count !== refs[s])
      errs.push(`swap slot ${s}: swap_map says ${count} but ${refs[s]} swap PTEs use it`);
    if (count > 0 && cache < 0)
      errs.push(`swap slot ${s} is referenced by PTEs but has no swap-cache page`);
    if (cache >= 0) {
      const p = k.pages[cache];
      if (!p || !(p.flags & PG.swapcache) || p.swap !== s)
        errs.push(`swap slot ${s} names pfn ${cache}, which does not own it`);
    }
    if (count > 0 || cache >= 0) used++;
  }
  if (used !== k.swap.used)
    errs.push(`swap: ${k.swap.used} slots counted used, ${used} really are`);
  for (const p of k.pages) {
    if (!p) continue;
    if (p.flags & PG.swapcache && (p.swap === null || k.swap.cache[p.swap] !== p.pfn)) {
      errs.push(`pfn ${p.pfn} has PG_swapcache but slot ${p.swap} does not name it`);
    }
  }
}
