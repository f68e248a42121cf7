/**
 * Let time pass under the mainline kernel: appends a `tick` step, so automatic NUMA balancing
 * scans on schedule (the first scan comes numa_balancing_scan_delay_ms after start, then one a
 * period). Under the RFC kernel time changes nothing, so the button is not shown.
 */
import { actions, useApp } from "./app.ts";
import { selectMainline } from "./KernelSwitch.tsx";

export function TickButton() {
  const mainline = useApp(selectMainline);
  if (!mainline) return null;
  return (
    <button
      type="button"
      className="tick-btn"
      title="Append a tick step: 1000 ms pass, and NUMA balancing scans when it is due"
      onClick={(e) => {
        actions().call({ op: "tick", ms: 1000 });
        // Give the arrow keys back to the stepper.
        e.currentTarget.blur();
      }}
    >
      Let 1 s pass
    </button>
  );
}
