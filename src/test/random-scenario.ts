/**
 * Random but valid scenarios for property tests: a small random machine, three regions set up
 * (plain anon, THP, a file), then random system calls, page operations and ticks from threads that
 * exist, under either kernel (the RFC's 3.3, or 6.1 with automatic NUMA balancing).
 */
import fc from "fast-check";
import { PAGE_OPS as SCENARIO_PAGE_OPS } from "../kernel/scenario.ts";
import { at } from "./harness.ts";

const MODES = [
  "MPOL_PREFERRED",
  "MPOL_PREFERRED",
  "MPOL_BIND",
  "MPOL_BIND",
  "MPOL_INTERLEAVE",
  "MPOL_DEFAULT",
  "MPOL_LOCAL",
  "MPOL_PREFERRED_MANY",
  7,
];
/** Mostly the calls the lecture is about, some plain or odd ones. */
const FLAGS = [10, 10, 10, 10, 2, 2, 12, 11, 3, 1, 0, 4, 8, 16, 31];
const PAGE_OPS = [...SCENARIO_PAGE_OPS, "munmap", "lru_add_drain"];

export const opArb = fc.record({
  kind: fc.integer({ min: 0, max: 16 }),
  who: fc.nat(),
  region: fc.integer({ min: 0, max: 2 }),
  first: fc.integer({ min: 0, max: 15 }),
  pages: fc.integer({ min: 1, max: 12 }),
  mode: fc.constantFrom(...MODES),
  nodes: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  extra: fc.integer({ min: 0, max: 31 }),
  flags: fc.constantFrom(...FLAGS),
  write: fc.boolean(),
  thp: fc.boolean(),
  file: fc.integer({ min: 0, max: 3 }),
  cpu: fc.nat(),
});

/** Now and then a small maxnode (0 to 4), which can leave listed nodes unread. */
const maxnode = (o: { extra: number }) => (o.extra >= 27 ? { maxnode: o.extra - 27 } : {});

export const machineArb = fc.record({
  nodes: fc.integer({ min: 1, max: 4 }),
  cpusPerNode: fc.integer({ min: 1, max: 2 }),
  frames: fc.integer({ min: 24, max: 64 }),
  swap: fc.integer({ min: 0, max: 40 }),
  cap: fc.boolean(),
  kernel: fc.constantFrom("rfc-2012", "mainline"),
});

/** A random machine; `kernel` may be left out by callers that build one by hand (the RFC's). */
export type Machine = Omit<ReturnType<typeof machineArb.generate>["value"], "kernel"> & {
  kernel?: "rfc-2012" | "mainline";
};
export type Op = ReturnType<typeof opArb.generate>["value"];

/** Build a valid scenario from random choices, keeping track of which threads exist. */
export function buildScenario(m: Machine, ops: Op[]): unknown {
  const cpus = Array.from({ length: m.nodes * m.cpusPerNode }, (_, i) => i);
  const tids = [100, 101];
  let nextPid = 300;
  const region = (r: number, first: number) => at(r * 32 + first);
  const setup = [0, 1, 2].flatMap((r) => [
    {
      op: "mmap",
      tid: 100,
      addr: region(r, 0),
      pages: 16,
      thp: r === 1,
      ...(r === 2 ? { backing: "file", file: { path: "/f", migratepage: true } } : {}),
    },
    { op: "touch", tid: 100, addr: region(r, 0), pages: 8 + (m.swap % 8), access: "write" },
  ]);
  const steps = ops.map((o) => {
    const tid = tids[o.who % tids.length] as number;
    const cpu = cpus[o.cpu % cpus.length] as number;
    const addr = region(o.region, o.first);
    const pages = Math.min(o.pages, 16 - o.first);
    switch (o.kind) {
      case 0:
        return {
          op: "mmap",
          tid,
          addr: region(o.region, 0),
          pages: 16,
          thp: o.thp,
          ...(o.file === 0
            ? { backing: "file", file: { path: `/f${o.region}`, migratepage: o.write } }
            : {}),
        };
      case 1:
      case 2:
      case 3:
      case 4:
      case 5:
        return { op: "touch", tid, addr, pages, access: o.write || o.kind > 2 ? "write" : "read" };
      case 6:
      case 7:
      case 8:
      case 9:
        return {
          op: "mbind",
          tid,
          addr,
          pages,
          mode: o.mode,
          nodes: o.nodes,
          ...maxnode(o),
          flags: o.flags,
        };
      case 10:
        return { op: "set_mempolicy", tid, mode: o.mode, nodes: o.nodes, ...maxnode(o) };
      case 11: {
        const pid = nextPid++;
        tids.push(pid);
        return { op: "fork", tid, child: { pid, tid: pid, cpu } };
      }
      case 12:
        return { op: "sched_setaffinity", tid, cpu };
      case 16:
        return { op: "tick", ms: 50 * (o.extra + 1) };
      default:
        return { op: PAGE_OPS[(o.extra + o.kind) % PAGE_OPS.length], tid, addr, pages };
    }
  });
  return {
    version: 1,
    ...(m.kernel ? { kernel: m.kernel } : {}),
    title: "random",
    machine: {
      // Short NUMA scan delay and period so that ticks scan (mainline only).
      numa_balancing_scan_delay_ms: 100,
      numa_balancing_scan_period_min_ms: 100,
      nodes: Array.from({ length: m.nodes }, (_, n) => ({
        cpus: cpus.slice(n * m.cpusPerNode, (n + 1) * m.cpusPerNode),
        frames: m.frames,
      })),
      swapSlots: m.swap,
      thpPages: 4,
    },
    processes: [
      {
        pid: 100,
        capSysNice: m.cap,
        threads: [
          { tid: 100, cpu: 0 },
          { tid: 101, cpu: cpus[cpus.length - 1] },
        ],
      },
    ],
    steps: [...setup, ...steps],
  };
}
