/** The swap cache: its slots in use, each with its swap PTEs and the page it holds. */

import { memo } from "react";
import { selectNodeOf, useApp, useAppShallow, useRunStore } from "./app.ts";
import { useFocus } from "./hooks.ts";
import { useIdPrefix } from "./idPrefix.ts";
import { swapRows } from "./swapRows.ts";

export function SwapPanel() {
  const prefix = useIdPrefix();
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
    <section className="panel swap" aria-labelledby={`${prefix}swap-title`}>
      <h2 id={`${prefix}swap-title`}>Swap cache</h2>
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
