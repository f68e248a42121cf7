/**
 * Let time pass under the mainline kernel: appends a `tick` step, so automatic NUMA balancing
 * scans on schedule (the first scan comes numa_balancing_scan_delay_ms after start, then one a
 * period). Under the RFC kernel time changes nothing, so the button is not shown.
 */
import { selectReplacing, useApp, useRunStore } from "./app.ts";
import { selectMainline } from "./KernelSwitch.tsx";

export function TickButton() {
  const run = useRunStore();
  const mainline = useApp(selectMainline);
  // A tick cannot be placed while the run on screen is being replaced (store.call).
  const replacing = useApp(selectReplacing);
  if (!mainline) return null;
  return (
    <button
      type="button"
      className="tick-btn"
      disabled={replacing}
      title="Append a tick step: 1000 ms pass, and NUMA balancing scans when it is due"
      onClick={(e) => {
        // Time passes at the end of the run: go there, so the call appends (calls from the
        // System call form go where the user is; this button is "after everything so far").
        // Not while frame 0 stands in for a run still coming: that run has no end yet (a call
        // is refused there too, store.call).
        const s = run.getState();
        if (s.running && s.opening !== null) return;
        s.goto(s.total);
        run.getState().call({ op: "tick", ms: 1000 });
        // Give the arrow keys back to the stepper.
        e.currentTarget.blur();
      }}
    >
      Let 1 s pass
    </button>
  );
}
