/**
 * Built-in scenarios: the seed's own case first (the app opens on it), then comparisons.
 * `largeMachineScenario` is generated: 8 nodes x 16,384 frames, for the big-machine view and the
 * benchmarks.
 */
import bindNearest from "./builtin/bind-nearest.json";
import eager from "./builtin/eager-move.json";
import filePages from "./builtin/file-pages-migratepage.json";
import forkMove from "./builtin/fork-move-vs-move-all.json";
import fullTarget from "./builtin/full-target-node.json";
import hugeSplit from "./builtin/huge-page-split.json";
import interleave from "./builtin/interleave.json";
import lecture from "./builtin/lecture-4-node.json";
import mainlineEager from "./builtin/mainline-eager-move.json";
import mainlineNuma from "./builtin/mainline-numa-balancing.json";
import moveAllEperm from "./builtin/move-all-eperm.json";
import munmapLazy from "./builtin/munmap-lazy.json";
import readWrite from "./builtin/read-vs-write-fault.json";
import seed from "./builtin/seed-workers-pull-local.json";
import skipped from "./builtin/skipped-pages.json";
import strictEio from "./builtin/strict-eio.json";
import swapFull from "./builtin/swap-full.json";
import yourTurn from "./builtin/your-turn-issue-mbind.json";

export interface BuiltinScenario {
  readonly id: string;
  /** The picker's group (an optgroup). */
  readonly group: string;
  readonly json: unknown;
  /** Open on the last frame: the scenario sets the stage and the lecturer carries on from there. */
  readonly openAtEnd?: boolean;
}

const PATCH = "The patch: lazy against eager";
const SHARED = "Shared pages and permissions";
const SKIPS = "What migration skips, and how it fails";
const FAULTS = "After the lazy unmap: faults";
const POLICIES = "Policies";
const MAINLINE = "What Linux 6.1 does instead";

export const BUILTINS: readonly BuiltinScenario[] = [
  { id: "seed-workers-pull-local", group: PATCH, json: seed },
  { id: "eager-move", group: PATCH, json: eager },
  { id: "lecture-4-node", group: PATCH, json: lecture },
  { id: "your-turn-issue-mbind", group: PATCH, json: yourTurn, openAtEnd: true },
  { id: "fork-move-vs-move-all", group: SHARED, json: forkMove },
  { id: "move-all-eperm", group: SHARED, json: moveAllEperm },
  { id: "skipped-pages", group: SKIPS, json: skipped },
  { id: "file-pages-migratepage", group: SKIPS, json: filePages },
  { id: "swap-full", group: SKIPS, json: swapFull },
  { id: "strict-eio", group: SKIPS, json: strictEio },
  { id: "read-vs-write-fault", group: FAULTS, json: readWrite },
  { id: "full-target-node", group: FAULTS, json: fullTarget },
  { id: "huge-page-split", group: FAULTS, json: hugeSplit },
  { id: "munmap-lazy", group: FAULTS, json: munmapLazy },
  { id: "interleave", group: POLICIES, json: interleave },
  { id: "bind-nearest", group: POLICIES, json: bindNearest },
  // The same workload on Linux 6.1 (issue 9): what mainline did instead of MPOL_MF_LAZY.
  { id: "mainline-numa-balancing", group: MAINLINE, json: mainlineNuma },
  { id: "mainline-eager-move", group: MAINLINE, json: mainlineEager },
];

export interface LargeMachineOptions {
  readonly nodes?: number;
  readonly framesPerNode?: number;
  readonly pagesPerWorker?: number;
  /** Rounds of "lazy mbind, then every worker touches a different share": ~8 frames a page each. */
  readonly rounds?: number;
}

const hex = (n: number) => `0x${n.toString(16)}`;

/** "a million" for 1,081,344: a run's size in words, for a title. */
const roughly = (n: number) =>
  n >= 950_000 ? `${Math.round(n / 100_000) / 10} million` : n.toLocaleString("en");

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
    { op: "mmap", ...all, backing: "anon", note: "Thread 0 maps the shared area." },
    {
      op: "touch",
      ...all,
      access: "write",
      note: "Thread 0 initialises all of it: every page lands on node 0.",
    },
  ];
  for (let r = 0; r < rounds; r++) {
    steps.push({
      op: "mbind",
      ...all,
      mode: "MPOL_PREFERRED",
      nodes: [],
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
      note: "A lazy local mbind unmaps the whole area: no copying, one swap-cache entry a page.",
    });
    for (let i = 0; i < nodes; i++) {
      const share = (i + r) % nodes;
      const addr = hex(base + share * pagesPerWorker * 4096);
      steps.push({
        op: "touch",
        tid: 100 + i,
        addr,
        pages: pagesPerWorker,
        access: "write",
        note:
          share === i
            ? `The thread on node ${i} writes its own share, which is already local: each page faults and is mapped back where it is, with no copy.`
            : `The thread on node ${i} writes its share: each page migrates to node ${i} on the fault.`,
      });
    }
  }
  return {
    version: 1,
    title:
      rounds === 1
        ? `Large machine: ${nodes} nodes × ${framesPerNode.toLocaleString("en-US")} frames`
        : `Large machine, ${rounds} rounds: a run of about ${roughly(rounds * nodes * pagesPerWorker * 8)} frames`,
    description: `The seed's case at scale: ${nodes} nodes of ${framesPerNode.toLocaleString("en")} page frames each (${(nodes * framesPerNode).toLocaleString("en")} in all), one thread per node. The grids are drawn one pixel a page frame; watch the colours move as each node's thread pulls its share local.${rounds === 1 ? "" : ` ${rounds} rounds of the lazy mbind and the workers' touches, each worker writing another share each round, make a run of over a million frames: the timeline at scale (it loads in a few seconds, and you can step through frames as soon as they are computed, before the whole run has loaded).`}`,
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
