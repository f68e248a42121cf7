/**
 * Ways past the page frames for keyboard users: Tab from the header first meets every cell of the
 * node grids, the page table, the LRU lists and the swap cache (about 270 stops in the seed at
 * frame 132) before the trace or the System call form. Hidden until one of them has the focus.
 */
import { focusCallForm } from "./focusTargets.ts";

export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip the page frames">
      <button type="button" onClick={() => document.getElementById("trace-search")?.focus()}>
        Skip to the kernel trace
      </button>
      {/* Hidden with the form in presentation mode (lecture.css). */}
      <button type="button" className="skip-to-form" onClick={focusCallForm}>
        Skip to the system call form
      </button>
    </nav>
  );
}
