import { SLOT_COLS } from "../worker/protocol.ts";
import { useFrame, useRunStore } from "./app.ts";
import { useFocus } from "./hooks.ts";

/** Rows shown before summarising (the large machine has 32,768 slots in use). */
const ROWS = 40;

export function SwapPanel() {
  const focus = useFocus();
  const run = useRunStore();
  const { view, nodeOf } = useFrame();
  if (!view) return null;
  // Slot 0 is the swap header (swap_map[0] is SWAP_MAP_BAD), never handed out: not counted.
  const slots = Math.max(0, view.slots.length / SLOT_COLS - 1);
  const inUse = (s: number) =>
    (view.slots[s * 2] as number) > 0 || (view.slots[s * 2 + 1] as number) >= 0;
  let shown: number[] = [];
  let count = 0;
  for (let s = 1; s <= slots; s++) {
    if (!inUse(s)) continue;
    count++;
    if (shown.length < ROWS) shown.push(s);
  }
  // Keep the selected slot in view even when the table is cut short.
  if (focus.slot !== null && inUse(focus.slot) && !shown.includes(focus.slot)) {
    shown = [...shown.slice(0, ROWS - 1), focus.slot];
  }
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
            {shown.map((s) => {
              const pfn = view.slots[s * 2 + 1] as number;
              return (
                <tr key={s} className={focus.slot === s ? "selected" : ""}>
                  <td className="num" data-slot={s}>
                    {s}
                  </td>
                  <td className="num">{view.slots[s * 2]}</td>
                  <td>
                    {pfn >= 0 ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => run.getState().selectPfn(pfn)}
                      >
                        pfn {pfn}
                      </button>
                    ) : (
                      "on disk only"
                    )}
                  </td>
                  <td className="num">{pfn >= 0 ? nodeOf[pfn] : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {used.length > shown.length && (
        <p className="facts small">… and {used.length - shown.length} more entries.</p>
      )}
    </section>
  );
}
