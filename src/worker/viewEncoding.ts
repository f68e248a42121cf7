/**
 * How the view holds kernel state: a page as a row of `Col` columns, a PTE as one number, the
 * processes and their VMAs as a layout snapshot. The projector diffs these; the contract test
 * reads the kernel through them.
 */
import type { Kernel } from "../kernel/machine.ts";
import { newPageStruct } from "../kernel/mem_map.ts";
import { describePolicy, describeVmaPolicy } from "../kernel/mempolicy.ts";
import {
  LRU_LISTS,
  type LruList,
  type Mapping,
  type NodeId,
  type PageStruct,
  type Pfn,
  type Pte,
} from "../kernel/types.ts";
import { Col, type LayoutSnap, MappingKind, PteKind, pteCode } from "./viewState.ts";

/** MappingKind of a page's mapping (a switch: the worker calls it for every changed page). */
function mappingKind(m: Mapping | null): number {
  if (m === null) return MappingKind.none;
  switch (m.kind) {
    case "anon":
      return MappingKind.anon;
    case "file":
      return MappingKind.file;
    default:
      return MappingKind.ksm;
  }
}

/** Each list's index in LRU_LISTS, for the `pagevec` column. */
const LIST_INDEX = Object.fromEntries(LRU_LISTS.map((l, i) => [l, i])) as Record<LruList, number>;

/** The `pagevec` column: which CPU's pagevec for which list, or -1 (viewState.ts). */
function pagevecColumn(page: PageStruct): number {
  if (page.pagevecCpu === null || page.pagevecList === null) return -1;
  return page.pagevecCpu * LRU_LISTS.length + LIST_INDEX[page.pagevecList];
}

/** A frame whose struct page is not made yet (mem_map.ts) shows as this one. */
const PRISTINE = newPageStruct(0 as Pfn, 0 as NodeId);

/** The view's row for pfn's page: its struct page's fields, or a pristine one's if it has none. */
export function pageRow(p: PageStruct | undefined, out: Int32Array, base: number): void {
  const page = p ?? PRISTINE;
  out[base + Col.flags] = page.flags;
  out[base + Col.count] = page.count;
  out[base + Col.mapcount] = page.mapcount;
  out[base + Col.where] = page.where;
  out[base + Col.lruSeq] = page.lruSeq;
  out[base + Col.swap] = page.swap ?? -1;
  out[base + Col.mapping] = mappingKind(page.mapping);
  out[base + Col.pagevec] = pagevecColumn(page);
  out[base + Col.pins] = page.pins;
  out[base + Col.compound] = page.compound;
}

export function encodePte(pte: Pte | undefined): number {
  if (!pte) return 0;
  if (pte.kind === "swap") return pteCode(PteKind.swap, pte.slot, false);
  if (pte.kind === "present" && pte.protnone)
    return pteCode(PteKind.protnone, pte.pfn, pte.writable);
  return pteCode(PteKind[pte.kind], pte.pfn, pte.writable);
}

export function layoutOf(k: Kernel): LayoutSnap {
  const mms = [...k.mms.values()].sort((a, b) => a.pid - b.pid);
  const threads = [...k.threads.values()].sort((a, b) => a.tid - b.tid);
  return {
    processes: mms.map((mm) => ({
      pid: mm.pid,
      comm: mm.comm,
      parent: mm.parent,
      vmas: mm.vmas.map((v) => ({
        start: v.start,
        end: v.end,
        file: v.file?.path ?? null,
        thp: v.thp,
        policy: describeVmaPolicy(v.policy, k.variant),
      })),
      threads: threads
        .filter((t) => t.mm === mm)
        .map((t) => ({ tid: t.tid, cpu: t.cpu, policy: describePolicy(t.policy, k.variant) })),
    })),
  };
}
