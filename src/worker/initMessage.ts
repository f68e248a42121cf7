/**
 * The init message a run starts with: the machine's layout, the counters' names and the view
 * before the first frame, in arrays of its own so that their buffers can be transferred.
 */
import type { Kernel } from "../kernel/machine.ts";
import type { Projector } from "./projection.ts";
import type { Init } from "./viewState.ts";

/** Run `run` of the scenario titled `title` (`scenario`: the raw one, as a restart reloads it). */
export function initOf(
  run: number,
  title: string,
  scenario: unknown,
  k: Kernel,
  proj: Projector,
): Init {
  const v = proj.view;
  return {
    run,
    title,
    scenario,
    nodes: k.nodes.map((n) => ({
      id: n.id,
      cpus: n.cpus,
      firstPfn: n.firstPfn,
      frames: n.frames,
      distances: n.distances,
    })),
    swapSlots: k.swap.slots,
    counterNames: proj.names,
    layout: proj.layouts[0] ?? { processes: [] },
    pages: v.pages.slice(),
    slots: v.slots.slice(),
    counters: v.counters.slice(),
    ptes: proj.ptesFlat(),
  };
}

/** The buffers an init message carries, to transfer with it. */
export function initBuffers(init: Init): ArrayBuffer[] {
  return [
    init.pages.buffer,
    init.slots.buffer,
    init.counters.buffer,
    init.ptes.buffer,
  ] as ArrayBuffer[];
}
