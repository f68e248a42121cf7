/**
 * What a link names beyond its scenario and frame, checked against the run before it is taken:
 * the selected page or page-table entry. What does not fit is left out, and `linkProblem` (the
 * alert's store) says so after whatever the link's decoding said.
 */
import { createStore } from "zustand/vanilla";
import { LIMITS, PAGE_SIZE } from "../scenario/format.ts";
import type { ShareSelection } from "../scenario/share.ts";
import { PAGE_COLS } from "../worker/viewState.ts";
import type { RunState } from "./store.ts";

/**
 * Why the link in the address could not be opened ("" when it could), and whether the first lesson
 * was loaded in its place (at start) or the scenario on screen was kept (back/forward, a typed
 * fragment); `draft`, the link's scenario as JSON text when only validation refused it.
 */
export const linkProblem = createStore<{
  error: string;
  fellBack: boolean;
  partial: boolean;
  draft?: string | null;
}>()(() => ({ error: "", fellBack: false, partial: false, draft: null }));

/** Say that part of the link was left out, after what the link's decoding already said. */
export function leftOut(what: string): void {
  const { error, partial } = linkProblem.getState();
  linkProblem.setState({
    error: partial && error ? `${error}; ${what}` : what,
    fellBack: false,
    partial: true,
  });
}

/** Virtual page numbers a process can map: below x86-64's TASK_SIZE, as scenarios are. */
const USER_PAGES = LIMITS.addressLimit / PAGE_SIZE;
const frameCount = (s: RunState) => (s.view ? s.view.pages.length / PAGE_COLS : 0);

/** Select what a link names, or say why it was left out (frame and run already in place). */
export function selectLinked(s: RunState, sel: ShareSelection): void {
  if (sel && "pfn" in sel) {
    const frames = frameCount(s);
    if (sel.pfn < frames) s.selectPfn(sel.pfn);
    else
      leftOut(
        `the selected page "pfn=${sel.pfn}" is past this machine's last page frame (${frames - 1})`,
      );
  } else if (sel) {
    const { pid, vpn } = sel.pte;
    // Any frame's processes (one forked later in the run is still the scenario's); while the
    // run still streams in, a process not seen yet may yet come, so the link is taken at its word.
    const procs = s.timeline?.layouts.flatMap((l) => l.processes.filter((p) => p.pid === pid));
    const mapped = procs?.some((p) => p.vmas.some((v) => v.start <= vpn && vpn < v.end));
    const at = `0x${(vpn * PAGE_SIZE).toString(16)}`;
    if (vpn >= USER_PAGES)
      leftOut(
        `the selected page-table entry "pte=${pid}.${vpn}" is at ${at}, past the user address space, which ends below 0x${LIMITS.addressLimit.toString(16)}`,
      );
    else if (mapped || s.running) s.selectPte(sel.pte);
    else if (procs?.length)
      leftOut(
        `the selected page-table entry "pte=${pid}.${vpn}" is at ${at}, which pid ${pid} never maps in this run`,
      );
    else
      leftOut(
        `the selected page-table entry "pte=${pid}.${vpn}" belongs to pid ${pid}, and no process of this scenario has that pid`,
      );
  }
}
