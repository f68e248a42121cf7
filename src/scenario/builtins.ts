/**
 * Built-in scenarios: the seed's own case first (the app opens on it), then comparisons.
 * `largeMachineScenario` is generated: 8 nodes x 16,384 frames, for the big-machine view and the
 * benchmarks.
 */
import eager from "./builtin/eager-move.json";
import lecture from "./builtin/lecture-4-node.json";
import seed from "./builtin/seed-workers-pull-local.json";

export interface BuiltinScenario {
  readonly id: string;
  readonly json: unknown;
}

export const BUILTINS: readonly BuiltinScenario[] = [
  { id: "seed-workers-pull-local", json: seed },
  { id: "lecture-4-node", json: lecture },
  { id: "eager-move", json: eager },
];

/**
 * A large machine: one thread per node; thread 0 initialises `pages` pages, a lazy local mbind
 * unmaps them all, then every node's thread write-touches its share.
 */
export function largeMachineScenario(
  pagesPerWorker = 4096,
  nodes = 8,
  framesPerNode = 16_384,
): unknown {
  const total = pagesPerWorker * nodes;
  const base = 0x7f0000000000;
  const hex = (n: number) => `0x${n.toString(16)}`;
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
    steps: [
      { op: "mmap", tid: 100, addr: hex(base), pages: total, backing: "anon" },
      { op: "touch", tid: 100, addr: hex(base), pages: total, access: "write" },
      {
        op: "mbind",
        tid: 100,
        addr: hex(base),
        pages: total,
        mode: "MPOL_PREFERRED",
        nodes: [],
        flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
      },
      ...Array.from({ length: nodes }, (_, i) => ({
        op: "touch",
        tid: 100 + i,
        addr: hex(base + i * pagesPerWorker * 4096),
        pages: pagesPerWorker,
        access: "write",
      })),
    ],
  };
}
