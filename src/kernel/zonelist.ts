/**
 * Each node's fallback order, as boot builds it.
 *
 * @see mm/page_alloc.c (3.3) build_zonelists() and find_next_best_node(): the nearest node first;
 * among nodes at the same distance a node numbered below the local one gets +1 ("prefer the next
 * node") and a node with CPUs gets +1; remaining ties go to the node with the lowest node_load,
 * which build_zonelists() raises for the first node of each distance group so that equal nodes
 * are used round-robin across the machine's zonelists. Node order (not zone order); one zone a node.
 */
import type { NodeId } from "./types.ts";

export interface NodeTopology {
  readonly distances: readonly (readonly number[])[];
  /** Whether each node has CPUs (a memory-only node is preferred, PENALTY_FOR_NODE_WITH_CPUS). */
  readonly hasCpus: readonly boolean[];
}

/** build_zonelists for every node in id order (node_load carries over, as in the kernel). */
export function build_all_zonelists(topo: NodeTopology): NodeId[][] {
  const n = topo.distances.length;
  const nodeLoad = new Array<number>(n).fill(0);
  return Array.from({ length: n }, (_, local) => build_zonelists(topo, local, nodeLoad));
}

function build_zonelists(topo: NodeTopology, local: number, nodeLoad: number[]): NodeId[] {
  const n = topo.distances.length;
  const used = new Set<number>();
  const dist = (a: number, b: number) => topo.distances[a]?.[b] ?? 255;
  const order: NodeId[] = [];
  let load = n;
  let prev = local;
  for (
    let node = find_next_best_node(topo, local, used, nodeLoad);
    node >= 0;
    node = find_next_best_node(topo, local, used, nodeLoad)
  ) {
    if (dist(local, node) !== dist(local, prev)) nodeLoad[node] = load;
    prev = node;
    load--;
    order.push(node as NodeId);
  }
  return order;
}

function find_next_best_node(
  topo: NodeTopology,
  local: number,
  used: Set<number>,
  nodeLoad: readonly number[],
): number {
  if (!used.has(local)) {
    used.add(local);
    return local;
  }
  const n = topo.distances.length;
  let best = -1;
  let bestVal = Number.POSITIVE_INFINITY;
  for (let node = 0; node < n; node++) {
    if (used.has(node)) continue;
    let val = topo.distances[local]?.[node] ?? 255;
    if (node < local) val += 1;
    if (topo.hasCpus[node]) val += 1;
    val = val * n * 1024 + (nodeLoad[node] ?? 0);
    if (val < bestVal) {
      bestVal = val;
      best = node;
    }
  }
  if (best >= 0) used.add(best);
  return best;
}
