/**
 * Which kernel the model runs, and a switch between the two: the RFC's Linux 3.3 with
 * MPOL_MF_LAZY (2012), or Linux 6.1 (mainline), which rejects the flag and balances pages
 * automatically instead. Switching reloads the same scenario (with every call the user added)
 * under the other kernel, at the start of the call on screen; the scenario's "kernel" field
 * carries the choice, so share URLs do too.
 */
import { useRef } from "react";
import {
  KERNEL_NAMES,
  KERNELS,
  type KernelName,
  kernelOf,
  withKernel,
} from "../scenario/format.ts";
import { selectPickedScenario, useApp, useRunStore } from "./app.ts";
import type { RunState } from "./store.ts";

const LABELS = KERNEL_NAMES;

/** A kernel's name as the switch shows it. */
export const kernelName = (k: string): string => LABELS[k as KernelName]?.name ?? k;

const selectScenario = (s: RunState) => s.scenario;
const selectReplacing = (s: RunState) => s.replacing;
/**
 * The kernel the switch shows: the one being loaded while it loads, as the picker names the
 * scenario (a click shows at once; until the new run came, the switch went back to the old one).
 */
export const selectShownKernel = (s: RunState): KernelName => kernelOf(selectPickedScenario(s));
/** Does the loaded scenario run the mainline kernel? (for panels that draw 6.1 differently) */
export const selectMainline = (s: RunState) => kernelOf(s.scenario) === "mainline";

/**
 * The kernel of the run on screen, in words the class can read: shown in presentation, where the
 * switch is hidden and the two kernels' pictures differ with no other sign of which is which.
 */
export function RunKernel() {
  const mainline = useApp(selectMainline);
  // Short, as the switch's buttons begin: the lesson's title beside it gets the room.
  return (
    <p className="run-kernel" title={LABELS[mainline ? "mainline" : "rfc-2012"].name}>
      {LABELS[mainline ? "mainline" : "rfc-2012"].short}
    </p>
  );
}

const ARROWS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"]);

export function KernelSwitch() {
  const run = useRunStore();
  const scenario = useApp(selectScenario);
  // While the run is being replaced (a load, an inserted call's rerun), the scenario on screen is
  // not the one coming: switching it then would drop a call just made, as the form refuses calls.
  const replacing = useApp(selectReplacing);
  const current = useApp(selectShownKernel);
  /** Whether the last choice came from a pointer (a click) rather than a key. */
  const pointer = useRef(false);
  if (!scenario || typeof scenario !== "object") return null;
  const choose = (kernel: KernelName) => {
    // The store's word, not only the disabled radios: a click in the same task as a call comes
    // before React has disabled them.
    if (kernel === current || run.getState().replacing) return;
    // Stay at the same call: the other kernel makes other frames, so go to that call's first
    // frame in the new run once it has been reported (a call the new run lacks: its start).
    const was = run.getState();
    const step = was.cur > 0 ? (was.timeline?.stepInfoAt(was.cur)?.index ?? null) : null;
    const generation = was.generation;
    // The calls made so far, and Undo, stay: Undo then goes back under this kernel too.
    const under = (sc: unknown) => withKernel(sc, kernel);
    run.getState().load(under(scenario), false, under);
    if (step === null) return;
    const off = run.subscribe((s) => {
      // A load that failed ends the wait (the next scenario is not this one).
      if (s.problem.length > 0) return off();
      if (s.generation === generation || s.phase !== "ready" || !s.timeline) return;
      // Moved in the new run before the call was reached: stay where the user went.
      if (s.cur !== 0) return off();
      const info = s.timeline.steps.find((x) => x.index === step);
      if (info && s.total >= info.firstFrame) {
        off();
        s.goto(info.firstFrame);
      } else if (!s.running) off();
    });
  };
  return (
    <fieldset
      className="kernel-switch"
      aria-label="Kernel"
      onPointerDown={() => {
        pointer.current = true;
      }}
      onKeyDown={(e) => {
        pointer.current = false;
        // While the run is replaced the switch refuses (choose), but an arrow would still move
        // the focus to the other radio, and leave it on one that is not checked.
        if (run.getState().replacing && ARROWS.has(e.key)) e.preventDefault();
      }}
    >
      <legend>Kernel</legend>
      {KERNELS.map((k) => (
        <label key={k} title={LABELS[k].hint} className={k === current ? "on" : undefined}>
          <input
            type="radio"
            name="kernel"
            value={k}
            checked={k === current}
            // Not `disabled`: a disabled radio loses focus, and a keyboard user who switched
            // with an arrow key was dropped to the top of the page (choose() refuses meanwhile).
            aria-disabled={replacing || undefined}
            onChange={(e) => {
              choose(k);
              // After a click, the arrow keys go back to the stepper; after an arrow key, they
              // stay here, so the other arrow switches back.
              if (pointer.current) e.currentTarget.blur();
            }}
          />
          {LABELS[k].name}
        </label>
      ))}
    </fieldset>
  );
}
