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
} from "../../worker/protocol.ts";

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
    if (was < 0 && now >= 0) swap.push({ kind: "enter", pfn: now, slot });
    else if (was >= 0 && now < 0) swap.push({ kind: "leave", pfn: was, slot });
  }
  if (swap.length === 0 && !migrates) return NO_LINKS;
  const ptes: PteLink[] = [];
  const t = batch.ptes;
  for (let i = recordStart(batch.pteEnd, j); i < (batch.pteEnd[j] as number); i += 4) {
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
