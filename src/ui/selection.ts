/**
 * Linked views: what the current selection points at. Selecting a PTE highlights its page frame
 * (for a swap entry: the swap-cache page of its slot); selecting a frame highlights every PTE that
 * maps it (present/migration entries with its pfn, swap entries with its swap slot).
 */
import { Col, PAGE_COLS, PteKind, pteKind, pteValue, type View } from "../worker/viewState.ts";

/** The part of a run's state a selection is read from (the store holds it). */
export interface Selection {
  readonly view: View | null;
  readonly selectedPfn: number | null;
  readonly selectedPte: { pid: number; vpn: number } | null;
}

export interface Focus {
  pfn: number | null;
  slot: number | null;
  ptes: Set<string>;
}

export const pteKey = (pid: number, vpn: number) => `${pid}:${vpn}`;

export function pagePtes(view: View, pfn: number): { pid: number; vpn: number; code: number }[] {
  const slot = view.pages[pfn * PAGE_COLS + Col.swap] as number;
  const out: { pid: number; vpn: number; code: number }[] = [];
  for (const [pid, map] of view.ptes) {
    for (const [vpn, code] of map) {
      const kind = pteKind(code);
      const v = pteValue(code);
      if (
        (kind === PteKind.swap && v === slot && slot >= 0) ||
        (kind !== PteKind.swap && v === pfn)
      ) {
        out.push({ pid, vpn, code });
      }
    }
  }
  return out.sort((a, b) => a.pid - b.pid || a.vpn - b.vpn);
}

export function focusOf(s: Selection): Focus {
  const view = s.view;
  const none: Focus = { pfn: null, slot: null, ptes: new Set() };
  if (!view) return none;
  if (s.selectedPte) {
    const { pid, vpn } = s.selectedPte;
    const code = view.ptes.get(pid)?.get(vpn) ?? 0;
    const kind = pteKind(code);
    const ptes = new Set([pteKey(pid, vpn)]);
    if (kind === PteKind.none) return { ...none, ptes };
    if (kind === PteKind.swap) {
      const slot = pteValue(code);
      const cached = view.slots[slot * 2 + 1] as number;
      return { pfn: cached >= 0 ? cached : null, slot, ptes };
    }
    const pfn = pteValue(code);
    const slot = view.pages[pfn * PAGE_COLS + Col.swap] as number;
    return { pfn, slot: slot >= 0 ? slot : null, ptes };
  }
  if (s.selectedPfn !== null) {
    const pfn = s.selectedPfn;
    const slot = view.pages[pfn * PAGE_COLS + Col.swap] as number;
    const ptes = new Set(pagePtes(view, pfn).map((p) => pteKey(p.pid, p.vpn)));
    return { pfn, slot: slot >= 0 ? slot : null, ptes };
  }
  return none;
}
