/** The `?` dialog: every key the app uses, from the same table the key handler reads. */
import { memo, useEffect, useRef, useState } from "react";
import { characterKeysOn, setCharacterKeys } from "./characterKeys.ts";
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
  const [characterKeys, setOn] = useState(characterKeysOn);
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
      <label className="character-keys">
        <input
          type="checkbox"
          checked={characterKeys}
          onChange={(e) => {
            setCharacterKeys(e.currentTarget.checked);
            setOn(e.currentTarget.checked);
          }}
        />{" "}
        One-character keys (letters, digits, punctuation): off for speech input or a screen reader's
        focus mode; the arrows, Page Up / Down, Home, End and Space stay
      </label>
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
