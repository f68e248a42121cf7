import { memo } from "react";
import { SLOT_COLS } from "../worker/viewState.ts";
import { selectFocus, selectNodeOf, useApp, useAppShallow, useRunStore } from "./app.ts";
import { useFocus } from "./hooks.ts";
import type { RunState } from "./store.ts";

/** Rows shown before summarising (the large machine has 32,768 slots in use). */
const ROWS = 40;

/**
 * The table's content as numbers: [slots, used, then slot, swap PTEs, page per row shown]. The
 * selector compares it by value, so a step that changes no slot shown re-renders nothing.
 */
const rowsByState = new WeakMap<RunState, number[]>();
function swapRows(s: RunState): number[] {
  let rows = rowsByState.get(s);
  if (!rows) {
    rows = scanSlots(s);
    rowsByState.set(s, rows);
  }
  return rows;
}

function scanSlots(s: RunState): number[] {
  const view = s.view;
  if (!view) return [];
  // Slot 0 is the swap header (swap_map[0] is SWAP_MAP_BAD), never handed out: not counted.
  const slots = Math.max(0, view.slots.length / SLOT_COLS - 1);
  const inUse = (x: number) =>
    (view.slots[x * 2] as number) > 0 || (view.slots[x * 2 + 1] as number) >= 0;
  let shown: number[] = [];
  let count = 0;
  for (let x = 1; x <= slots; x++) {
    if (!inUse(x)) continue;
    count++;
    if (shown.length < ROWS) shown.push(x);
  }
  // Keep the selected slot in view even when the table is cut short.
  const focus = selectFocus(s).slot;
  if (focus !== null && inUse(focus) && !shown.includes(focus)) {
    shown = [...shown.slice(0, ROWS - 1), focus];
  }
  return [
    slots,
    count,
    ...shown.flatMap((x) => [x, view.slots[x * 2] as number, view.slots[x * 2 + 1] as number]),
  ];
}

export function SwapPanel() {
  const focus = useFocus();
  const nodeOf = useApp(selectNodeOf);
  const [slots = 0, count = 0, ...flat] = useAppShallow(swapRows);
  const rows = Array.from({ length: flat.length / 3 }, (_, r) => ({
    slot: flat[r * 3] as number,
    maps: flat[r * 3 + 1] as number,
    pfn: flat[r * 3 + 2] as number,
  }));
  const used = { length: count };
  return (
    <section className="panel swap" aria-labelledby="swap-title">
      <h2 id="swap-title">Swap cache</h2>
      <p className="facts">
        <span>
          <b>{used.length}</b> slots used · <b>{slots - used.length}</b> free of {slots}
        </span>
      </p>
      {slots === 0 && <p className="facts small">This machine has no swap device.</p>}
      {used.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">slot</th>
              <th scope="col">swap PTEs</th>
              <th scope="col">page</th>
              <th scope="col">node</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ slot, maps, pfn }) => (
              <SwapRow
                key={slot}
                slot={slot}
                maps={maps}
                pfn={pfn}
                node={pfn >= 0 ? nodeOf[pfn] : undefined}
                selected={focus.slot === slot}
              />
            ))}
          </tbody>
        </table>
      )}
      {used.length > rows.length && (
        <p className="facts small">… and {used.length - rows.length} more entries.</p>
      )}
    </section>
  );
}

interface SwapRowProps {
  slot: number;
  /** Swap PTEs still pointing at the slot (its swap_map count). */
  maps: number;
  /** The page in the swap cache for the slot, or -1 when it is on disk only. */
  pfn: number;
  node: number | undefined;
  selected: boolean;
}

/** One slot's row: a step that changes one slot re-renders that row, not the table. */
const SwapRow = memo(function SwapRow({ slot, maps, pfn, node, selected }: SwapRowProps) {
  const run = useRunStore();
  return (
    <tr className={selected ? "selected" : ""}>
      <td className="num" data-slot={slot}>
        {slot}
      </td>
      <td className="num">{maps}</td>
      <td>
        {pfn >= 0 ? (
          <button type="button" className="link" onClick={() => run.getState().selectPfn(pfn)}>
            pfn {pfn}
          </button>
        ) : (
          "on disk only"
        )}
      </td>
      <td className="num">{pfn >= 0 ? node : "–"}</td>
    </tr>
  );
});
