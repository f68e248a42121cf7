/**
 * Runs a scenario on the model: boots the machine, creates the processes, and turns each step into
 * the system call or kernel event it stands for. This is the model's one entry point; the CLI, the
 * worker and the tests all drive it. Same scenario in, same frames out.
 */

import { account_access, start_access } from "./access.ts";
import { lru_add_drain_counted } from "./lru.ts";
import { createKernel, emit, type Kernel } from "./machine.ts";
import { do_mbind_61 } from "./mainline/mempolicy.ts";
import { numaTrackMms, tick } from "./mainline/numa_balancing.ts";
import { do_set_mempolicy_61 } from "./mainline/set_mempolicy.ts";
import { do_mbind, do_set_mempolicy } from "./mbind.ts";
import { handle_mm_fault } from "./memory.ts";
import { do_mmap_pgoff, do_munmap } from "./mmap.ts";
import { pageOp } from "./page_ops.ts";
import { createProcess, do_fork, sched_setaffinity } from "./process.ts";
import { DEFAULT_KERNEL, type Scenario, type Step } from "./scenario.ts";
import { type FrameSink, plural } from "./trace.ts";
import {
  type Cpu,
  type FileObject,
  PAGE_SIZE,
  type SyscallRet,
  type Thread,
  type Tid,
  type Vpn,
} from "./types.ts";
import { vma_merge } from "./vma_merge.ts";

export interface StepResult {
  readonly op: Step["op"];
  readonly ret: SyscallRet;
}

export class Simulation {
  readonly kernel: Kernel;
  readonly results: StepResult[] = [];

  /** `narrate: false` leaves every frame's text empty: for sinks that only count frames. */
  constructor(
    readonly scenario: Scenario,
    sink: FrameSink = () => {},
    options: { narrate?: boolean } = {},
  ) {
    this.kernel = createKernel(
      scenario.machine,
      sink,
      options.narrate ?? true,
      scenario.kernel ?? DEFAULT_KERNEL,
    );
    for (const p of scenario.processes) {
      createProcess(this.kernel, p.pid, p.comm, p.capSysNice, p.threads);
    }
    numaTrackMms(this.kernel);
  }

  /** Run the next step of the scenario (or `step`, appended by an interactive user). */
  runStep(step: Step): StepResult {
    const k = this.kernel;
    k.step = this.results.length;
    const result: StepResult = { op: step.op, ret: execute(k, step) };
    this.results.push(result);
    return result;
  }

  runAll(): this {
    for (let i = this.results.length; i < this.scenario.steps.length; i++) {
      this.runStep(this.scenario.steps[i] as Step);
    }
    return this;
  }
}

function fileFor(k: Kernel, spec: { path: string; migratepage: boolean }): FileObject {
  let f = k.files.get(spec.path);
  if (!f) {
    f = { id: k.seq.file++, path: spec.path, migratepage: spec.migratepage, pageCache: new Map() };
    k.files.set(spec.path, f);
  }
  return f;
}

function execute(k: Kernel, step: Step): SyscallRet {
  if (step.op === "tick") {
    tick(k, step.ms);
    return 0;
  }
  const t = k.threads.get(step.tid as Tid);
  if (!t) return "-ESRCH";
  const vpn = ("addr" in step ? Math.floor(step.addr / PAGE_SIZE) : 0) as Vpn;
  switch (step.op) {
    case "mmap": {
      const file =
        step.backing === "file"
          ? fileFor(k, step.file ?? { path: "/data", migratepage: true })
          : null;
      const made = do_mmap_pgoff(k, t.mm, vpn, step.pages, file, step.thp, t.cpu);
      vma_merge(k, t.mm, [made]);
      return 0;
    }
    case "munmap": {
      if (step.addr % PAGE_SIZE !== 0) {
        emit(
          k,
          "do_munmap",
          () => `munmap at 0x${step.addr.toString(16)} is not page aligned: -EINVAL.`,
        );
        return "-EINVAL";
      }
      do_munmap(k, t.mm, vpn, (vpn + step.pages) as Vpn, t.cpu);
      return 0;
    }
    case "touch":
      return touch(k, t, vpn, step.pages, step.access === "write");
    case "mbind":
      return k.variant === "mainline"
        ? do_mbind_61(k, t, { ...step, start: step.addr })
        : do_mbind(k, t, { ...step, start: step.addr });
    case "set_mempolicy":
      return k.variant === "mainline"
        ? do_set_mempolicy_61(k, t, step)
        : do_set_mempolicy(k, t, step);
    case "fork":
      // Under 6.1 do_fork starts the child's scan clock as a copy of the parent's (numa_fork).
      do_fork(k, t, step.child);
      return 0;
    case "sched_setaffinity":
      sched_setaffinity(k, t, step.cpu as Cpu);
      return 0;
    case "lru_add_drain": {
      const { pages: n, freed } = lru_add_drain_counted(k, t.cpu);
      const what = k.variant === "mainline" ? "lru_add batch" : "pagevecs";
      const moved = (m: number) =>
        `${plural(m, "page")} ${m === 1 ? "moves" : "move"} onto the LRU lists`;
      emit(k, "lru_add_drain", () =>
        freed === 0
          ? `cpu ${t.cpu} drains its ${what}: ${moved(n)}.`
          : `cpu ${t.cpu} drains its ${what} (${plural(n, "page")}): the ${what} held the last reference to ${freed === n ? (n === 1 ? "it" : "all of them") : freed}, so ${freed === 1 ? "it goes" : "they go"} back to the free lists${freed < n ? `; ${moved(n - freed)}` : ""}.`,
      );
      return 0;
    }
    default:
      pageOp(k, t.mm, t.tid, step.op, vpn, step.pages);
      return 0;
  }
}

function touch(k: Kernel, t: Thread, vpn: Vpn, pages: number, write: boolean): SyscallRet {
  let quiet = 0;
  for (let v = vpn; v < vpn + pages; v++) {
    // The access itself, counted once its mapping lets it through (access.ts; model only).
    start_access(k, t, v as Vpn, write);
    const r = handle_mm_fault(k, t, v as Vpn, write);
    account_access(k);
    start_access(k, null, v as Vpn, write);
    if (r === "nofault") quiet++;
    else if (r !== "ok") return r;
  }
  if (quiet > 0) {
    emit(
      k,
      "handle_mm_fault",
      () =>
        `tid ${t.tid}'s ${write ? "write" : "read"}s hit ${plural(quiet, "page")} already mapped${write ? " writable" : ""}: no fault, nothing changes.`,
    );
  }
  return 0;
}
