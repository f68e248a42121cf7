/**
 * The swap cache panel's rows, as numbers the panel's selector compares by value (SwapPanel.tsx).
 */
import { SLOT_COLS, type View } from "../worker/viewState.ts";
import { selectFocus, selectIsLarge } from "./app.ts";
import type { RunState } from "./store.ts";

/** Rows shown before summarising. */
export const ROWS = 40;
/**
 * Rows shown on a large machine (selectIsLarge: the built-in one has up to 32,768 slots in use):
 * 40 of them made a far seek there build about 110 table cells.
 */
export const ROWS_LARGE = 12;

/**
 * The table's content as numbers: [slots, used, then slot, swap PTEs, page per row shown]. The
 * selector compares it by value, so a step that changes no slot shown re-renders nothing. The
 * slots are scanned again only when a move changed one (`slotsRev`) or the selection moved: a
 * scan of the large machine's 65,536 slots took 30 µs of every step.
 */
const scans = new WeakMap<View, { rev: number; focus: number | null; rows: number[] }>();
export function swapRows(s: RunState): number[] {
  if (!s.view) return [];
  const focus = selectFocus(s).slot;
  let last = scans.get(s.view);
  if (last?.rev !== s.slotsRev || last.focus !== focus) {
    last = { rev: s.slotsRev, focus, rows: scanSlots(s, focus) };
    scans.set(s.view, last);
  }
  return last.rows;
}

/** The rows read afresh from every slot, the selected slot (`focus`) kept among them. */
export function scanSlots(s: RunState, focus: number | null): number[] {
  const view = s.view;
  if (!view) return [];
  // Slot 0 is the swap header (swap_map[0] is SWAP_MAP_BAD), never handed out: not counted.
  const slots = Math.max(0, view.slots.length / SLOT_COLS - 1);
  // A slot's columns: its swap PTE count (swap_map), then the page holding it (-1: none).
  const maps = (x: number) => view.slots[x * SLOT_COLS] as number;
  const page = (x: number) => view.slots[x * SLOT_COLS + 1] as number;
  const inUse = (x: number) => maps(x) > 0 || page(x) >= 0;
  const rows = selectIsLarge(s) ? ROWS_LARGE : ROWS;
  let shown: number[] = [];
  let count = 0;
  for (let x = 1; x <= slots; x++) {
    if (!inUse(x)) continue;
    count++;
    if (shown.length < rows) shown.push(x);
  }
  // Keep the selected slot in view even when the table is cut short.
  if (focus !== null && inUse(focus) && !shown.includes(focus)) {
    shown = [...shown.slice(0, rows - 1), focus];
  }
  return [slots, count, ...shown.flatMap((x) => [x, maps(x), page(x)])];
}
