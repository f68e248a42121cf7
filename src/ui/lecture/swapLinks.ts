/**
 * What a frame did to the swap cache, and which PTEs it pointed elsewhere: a page entering the
 * swap cache (add_to_swap: its pfn now in a slot's cache entry), a page leaving it
 * (delete_from_swap_cache: the entry cleared), and, in a frame that migrates a page or moves one
 * through the swap cache, each PTE it changed and what that PTE now points at (a page frame, or
 * a swap slot). Read from the frame's slot and PTE records; pure, so tests need no browser.
 */
import {
  type DeltaRecords,
  PteKind,
  pteKind,
  pteValue,
  recordStart,
} from "../../worker/viewState.ts";

export interface SwapLink {
  readonly kind: "enter" | "leave";
  readonly pfn: number;
  readonly slot: number;
}

export interface PteLink {
  readonly pid: number;
  readonly vpn: number;
  /** What the PTE points at after the frame. */
  readonly to: { readonly pfn: number } | { readonly slot: number };
}

export interface FrameLinks {
  readonly swap: readonly SwapLink[];
  readonly ptes: readonly PteLink[];
}

export const NO_LINKS: FrameLinks = { swap: [], ptes: [] };

const SPECIAL: ReadonlySet<number> = new Set([PteKind.swap, PteKind.migration]);

/** The links of frame `j` of `batch`; `migrates`: the frame also migrates a page. */
export function frameLinks(
  batch: Pick<DeltaRecords, "slots" | "slotEnd" | "ptes" | "pteEnd">,
  j: number,
  migrates: boolean,
): FrameLinks {
  const swap: SwapLink[] = [];
  const s = batch.slots;
  for (let i = recordStart(batch.slotEnd, j); i < (batch.slotEnd[j] as number); i += 5) {
    const slot = s[i] as number;
    const was = s[i + 3] as number;
    const now = s[i + 4] as number;
    // A migration moves the swap-cache entry to the new page (migrate_page_move_mapping): the
    // new page enters in the old one's place.
    if (now >= 0 && was !== now) swap.push({ kind: "enter", pfn: now, slot });
    else if (was >= 0 && now < 0) swap.push({ kind: "leave", pfn: was, slot });
  }
  const t = batch.ptes;
  const first = recordStart(batch.pteEnd, j);
  const end = batch.pteEnd[j] as number;
  // A PTE that becomes, or stops being, a swap or migration entry is part of the story too.
  let entries = false;
  for (let i = first; i < end && !entries; i += 4)
    entries = [t[i + 2] as number, t[i + 3] as number].some((c) => SPECIAL.has(pteKind(c)));
  if (swap.length === 0 && !migrates && !entries) return NO_LINKS;
  const ptes: PteLink[] = [];
  for (let i = first; i < end; i += 4) {
    const code = t[i + 3] as number;
    const kind = pteKind(code);
    if (kind === PteKind.none) continue;
    const v = pteValue(code);
    ptes.push({
      pid: t[i] as number,
      vpn: t[i + 1] as number,
      to: kind === PteKind.swap ? { slot: v } : { pfn: v },
    });
  }
  return { swap, ptes };
}
