/**
 * The benchmark workload: 8 nodes x 16,384 frames. Thread 0 initialises a shared area, then in each
 * round a lazy local mbind unmaps it all and every node's thread write-touches a different share,
 * so pages keep being unmapped and pulled local. Rounds add about 100,000 frames each.
 */
const hex = (n: number) => `0x${n.toString(16)}`;

export function benchScenario(
  rounds: number,
  nodes = 8,
  framesPerNode = 16_384,
  pagesPerWorker = 1536,
): unknown {
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
      steps.push({
        op: "touch",
        tid: 100 + i,
        addr: hex(base + share * pagesPerWorker * 4096),
        pages: pagesPerWorker,
        access: "write",
      });
    }
  }
  return {
    version: 1,
    title: `Benchmark: ${nodes} nodes x ${framesPerNode} frames, ${rounds} rounds`,
    machine: {
      nodes: Array.from({ length: nodes }, (_, i) => ({ cpus: [i], frames: framesPerNode })),
      swapSlots: total,
    },
    processes: [
      {
        pid: 100,
        comm: "bench",
        threads: Array.from({ length: nodes }, (_, i) => ({ tid: 100 + i, cpu: i })),
      },
    ],
    steps,
  };
}
