/** The `?` dialog: every key the app uses, from the same table the key handler reads. */
import { memo, useEffect, useRef } from "react";
import { MOVES, OTHER_KEYS } from "./moves.ts";

/** Memoised: the stepper above it re-renders on every step. */
export const KeysDialog = memo(function KeysDialog({
  open,
  onClose,
}: {
  open: boolean;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const rows = [...MOVES.map((m) => ({ label: m.label, does: m.does })), ...OTHER_KEYS];
  return (
    <dialog ref={ref} className="keys-dialog" aria-labelledby="keys-title" onClose={onClose}>
      <div className="keys-head">
        <h2 id="keys-title">Keys</h2>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </div>
      <p className="small">
        In a text field every key keeps its usual meaning; Esc in the trace search or the scenario
        editor hands the keys back. Presentation clickers send Page Up / Page Down, which step like
        ← / →.
      </p>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">
                <kbd>{r.label}</kbd>
              </th>
              <td>{r.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
});
