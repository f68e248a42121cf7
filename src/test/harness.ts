/**
 * Test harness: run a scenario with every invariant checked after every frame and every step,
 * and hand back the frames, step results and the CLI report.
 */
import { checkFrame, checkQuiescent } from "../kernel/invariants.ts";
import { type Report, report } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import { parseScenario } from "../scenario/parse.ts";

export const BASE = 0x7f0000000000;
export const hex = (n: number) => `0x${n.toString(16)}`;
export const at = (page: number) => hex(BASE + page * 4096);

export interface Run {
  sim: Simulation;
  frames: Frame[];
  report: Report;
  rets: unknown[];
}

export function runChecked(json: unknown): Run {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(`invalid scenario:\n${parsed.errors.join("\n")}`);
  const frames: Frame[] = [];
  let sim: Simulation | null = null;
  const sink = (f: Frame) => {
    frames.push(f);
    if (!sim) return;
    const errs = checkFrame(sim.kernel);
    if (errs.length)
      throw new Error(
        `after frame ${frames.length} (${f.fn}: ${f.text}):\n${errs.slice(0, 5).join("\n")}`,
      );
  };
  sim = new Simulation(parsed.scenario, sink);
  for (const step of parsed.scenario.steps) {
    sim.runStep(step);
    const errs = checkQuiescent(sim.kernel);
    if (errs.length)
      throw new Error(
        `after step ${sim.results.length - 1} (${step.op}):\n${errs.slice(0, 5).join("\n")}`,
      );
  }
  const rep = report(sim.kernel, frames.length, sim.results);
  return { sim, frames, report: rep, rets: sim.results.map((r) => r.ret) };
}

/** A small machine: `nodes` nodes of one cpu each, and one process (pid 100) with a thread per node. */
export function scenario(
  steps: unknown[],
  opts: Partial<{
    nodes: number;
    frames: number;
    swap: number;
    capSysNice: boolean;
    thpPages: number;
    kernel: "rfc-2012" | "mainline";
    machine: object;
  }> = {},
): unknown {
  const nodes = opts.nodes ?? 2;
  return {
    version: 1,
    ...(opts.kernel ? { kernel: opts.kernel } : {}),
    title: "test",
    machine: {
      nodes: Array.from({ length: nodes }, (_, i) => ({ cpus: [i], frames: opts.frames ?? 32 })),
      swapSlots: opts.swap ?? 32,
      ...(opts.thpPages ? { thpPages: opts.thpPages } : {}),
      ...opts.machine,
    },
    processes: [
      {
        pid: 100,
        comm: "test",
        capSysNice: opts.capSysNice ?? false,
        threads: Array.from({ length: nodes }, (_, i) => ({ tid: 100 + i, cpu: i })),
      },
    ],
    steps,
  };
}

export const mmap = (pages: number, extra: object = {}) => ({
  op: "mmap",
  tid: 100,
  addr: at(0),
  pages,
  ...extra,
});
export const touch = (
  tid: number,
  first: number,
  pages: number,
  access: "read" | "write" = "write",
) => ({
  op: "touch",
  tid,
  addr: at(first),
  pages,
  access,
});
export const mbind = (
  first: number,
  pages: number,
  mode: string,
  nodes: number[],
  flags: string[] | number,
  extra: object = {},
) => ({
  op: "mbind",
  tid: 100,
  addr: at(first),
  pages,
  mode,
  nodes,
  flags,
  ...extra,
});
export const LAZY = ["MPOL_MF_MOVE", "MPOL_MF_LAZY"];

export function pagesOf(r: Run, pid = 100) {
  return r.report.pages.filter((p) => p.pid === pid);
}
