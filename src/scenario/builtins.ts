/**
 * Built-in scenarios: the seed's own case first (the app opens on it), then comparisons.
 * `largeMachineScenario` is generated: 8 nodes x 16,384 frames, for the big-machine view and the
 * benchmarks.
 */
import eager from "./builtin/eager-move.json";
import lecture from "./builtin/lecture-4-node.json";
import mainlineEager from "./builtin/mainline-eager-move.json";
import mainlineNuma from "./builtin/mainline-numa-balancing.json";
import seed from "./builtin/seed-workers-pull-local.json";
import yourTurn from "./builtin/your-turn-issue-mbind.json";

export interface BuiltinScenario {
  readonly id: string;
  readonly json: unknown;
  /** Open on the last frame: the scenario sets the stage and the lecturer carries on from there. */
  readonly openAtEnd?: boolean;
}

export const BUILTINS: readonly BuiltinScenario[] = [
  { id: "seed-workers-pull-local", json: seed },
  { id: "lecture-4-node", json: lecture },
  { id: "eager-move", json: eager },
  { id: "your-turn-issue-mbind", json: yourTurn, openAtEnd: true },
  // The same workload on Linux 6.1 (issue 9): what mainline did instead of MPOL_MF_LAZY.
  { id: "mainline-numa-balancing", json: mainlineNuma },
  { id: "mainline-eager-move", json: mainlineEager },
];

export interface LargeMachineOptions {
  readonly nodes?: number;
  readonly framesPerNode?: number;
  readonly pagesPerWorker?: number;
  /** Rounds of "lazy mbind, then every worker touches a different share": ~8 frames a page each. */
  readonly rounds?: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/**
 * A large machine, 8 nodes x 16,384 frames by default: thread 0 initialises a shared area; in each
 * round a lazy local mbind unmaps all of it and every node's thread write-touches a different
 * share, so the pages keep being unmapped and pulled local. The benchmarks use many rounds.
 */
export function largeMachineScenario(opts: LargeMachineOptions = {}): unknown {
  const { nodes = 8, framesPerNode = 16_384, pagesPerWorker = 1536, rounds = 1 } = opts;
  const base = 0x7f0000000000;
  const total = nodes * pagesPerWorker;
  const all = { tid: 100, addr: hex(base), pages: total };
  const steps: unknown[] = [
    { op: "mmap", ...all, backing: "anon" },
    { op: "touch", ...all, access: "write" },
  ];
  for (let r = 0; r < rounds; r++) {
    steps.push({
      op: "mbind",
      ...all,
      mode: "MPOL_PREFERRED",
      nodes: [],
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
    });
    for (let i = 0; i < nodes; i++) {
      const share = (i + r) % nodes;
      const addr = hex(base + share * pagesPerWorker * 4096);
      steps.push({ op: "touch", tid: 100 + i, addr, pages: pagesPerWorker, access: "write" });
    }
  }
  return {
    version: 1,
    title: `Large machine: ${nodes} nodes x ${framesPerNode} frames`,
    machine: {
      nodes: Array.from({ length: nodes }, (_, i) => ({ cpus: [i], frames: framesPerNode })),
      swapSlots: total,
    },
    processes: [
      {
        pid: 100,
        comm: "bigsolver",
        threads: Array.from({ length: nodes }, (_, i) => ({ tid: 100 + i, cpu: i })),
      },
    ],
    steps,
  };
}
