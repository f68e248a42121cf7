/**
 * NUMA memory policies: creating them, choosing a node for an allocation, and (RFC 05/26)
 * deciding whether a page is misplaced.
 *
 * @see mm/mempolicy.c mpol_new(), mpol_set_nodemask(), mpol_relative_nodemask(), get_vma_policy(),
 *      alloc_page_vma(), policy_zonelist(), policy_nodemask(), offset_il_node(), and
 *      mpol_misplaced() from "[RFC][PATCH 05/26] mm, mpol: Check for misplaced page".
 * MPOL_LOCAL is not in 3.3 or this series; the model follows Peter Zijlstra's sketch from the 10/26
 * thread, merged in 3.8: an empty mask becomes MPOL_PREFERRED with MPOL_F_LOCAL.
 * Not modelled: cpusets (every node is allowed), rebinding, shared (shmem) policies, and
 * RFC 02/26 (which drops NUMA_INTERLEAVE_HIT): allocation interleaves by page offset as 3.3 does.
 */

import { get_nodes } from "./get_nodes.ts";
import { type Kernel, nodeOfCpu } from "./machine.ts";
import { type AllocRequest, alloc_pages } from "./page_alloc.ts";
import type { Mempolicy, MpolMode, NodeId, PageStruct, Thread, Vma, Vpn } from "./types.ts";
import { type Errno, MPOL, MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES, MPOL_MAX } from "./uapi.ts";

export interface PolicyRequest {
  readonly mode: number;
  readonly modeFlags: number;
  readonly nodes: readonly number[];
  /** The syscall's maxnode; absent, one that reads every node listed (see get_nodes.ts). */
  readonly maxnode?: number;
}

/** A request that passed sys_mbind's checks, with its mask as get_nodes() read it. */
export interface CheckedRequest extends PolicyRequest {
  /** get_nodes' sentence about maxnode, when the call gave one. */
  readonly nodesSaid: string | null;
}

/** The node mask with only the nodes this machine has (cpuset_current_mems_allowed & N_HIGH_MEMORY). */
function onlineNodes(k: Kernel): NodeId[] {
  return k.nodes.map((n) => n.id);
}

/** mpol_relative_nodemask: fold the user's mask onto the allowed nodes (nodes_fold + nodes_onto). */
function relativeNodes(user: readonly number[], allowed: readonly NodeId[]): NodeId[] {
  const w = allowed.length;
  const picked = new Set<NodeId>();
  for (const n of user) picked.add(allowed[n % w] as NodeId);
  return [...picked].sort((a, b) => a - b);
}

/** MPOL_MODE_FLAGS: mode flags may also arrive ORed into the mode (sys_mbind strips them off). */
const MPOL_MODE_FLAGS = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES;

/** Why a system call turned a policy request away, and which kernel function decided it. */
export interface PolicyReject {
  readonly err: Errno;
  /** The system call checks the mode and its flags; get_nodes copies the node mask in. */
  readonly fn: PolicyCall | "get_nodes";
  readonly why: string;
}

/** The system calls that take a policy, each named in its own refusals. */
export type PolicyCall = "sys_mbind" | "sys_set_mempolicy";

/** sys_mbind / sys_set_mempolicy: split mode flags out of the mode and check what they can. */
export function sys_policy_checks(
  req: PolicyRequest,
  call: PolicyCall = "sys_mbind",
): CheckedRequest | PolicyReject {
  // The syscall sees one int, mode | flags: bits that are not mode flags stay in the mode, where
  // an unknown one makes it >= MPOL_MAX (-EINVAL), wherever the scenario listed it.
  const word = req.mode >= 0 ? req.mode | req.modeFlags : req.mode;
  const modeFlags = req.mode >= 0 ? word & MPOL_MODE_FLAGS : req.modeFlags & MPOL_MODE_FLAGS;
  const mode = req.mode >= 0 ? word & ~MPOL_MODE_FLAGS : req.mode;
  if (mode < 0 || mode >= MPOL_MAX)
    return { err: "-EINVAL", fn: call, why: `${call}: the mode is not one it knows` };
  if ((modeFlags & MPOL_MODE_FLAGS) === MPOL_MODE_FLAGS)
    return {
      err: "-EINVAL",
      fn: call,
      why: `${call}: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES together`,
    };
  const read = get_nodes(req.nodes, req.maxnode);
  if ("err" in read) return { ...read, fn: "get_nodes" };
  return { mode, modeFlags, nodes: read.nodes, nodesSaid: read.said };
}

/**
 * mpol_new - a policy for a (checked) request, its mask not yet fitted to the machine.
 * Returns null for MPOL_DEFAULT ("remove any policy"), or -EINVAL for a mask the mode forbids,
 * with the rule it breaks in words (the kernel returns the bare errno).
 */
export function mpol_new(req: PolicyRequest): Mempolicy | null | { err: Errno; why: string } {
  const staticNodes = (req.modeFlags & MPOL_F_STATIC_NODES) !== 0;
  const relativeNodes_ = (req.modeFlags & MPOL_F_RELATIVE_NODES) !== 0;
  const userNodes = [...new Set(req.nodes)].sort((a, b) => a - b);
  const empty = userNodes.length === 0;
  const bad = (why: string) => ({ err: "-EINVAL" as const, why });
  let mode: MpolMode;
  switch (req.mode) {
    case MPOL.MPOL_DEFAULT:
      return empty ? null : bad("MPOL_DEFAULT takes no nodes, and the mask names some");
    case MPOL.MPOL_LOCAL:
      if (!empty) return bad("MPOL_LOCAL takes no nodes, and the mask names some");
      mode = "MPOL_PREFERRED";
      break;
    case MPOL.MPOL_PREFERRED:
      if (empty && (staticNodes || relativeNodes_))
        return bad(
          "an empty MPOL_PREFERRED mask means allocate locally, which cannot take MPOL_F_STATIC_NODES or MPOL_F_RELATIVE_NODES",
        );
      mode = "MPOL_PREFERRED";
      break;
    case MPOL.MPOL_BIND:
      mode = "MPOL_BIND";
      break;
    default:
      mode = "MPOL_INTERLEAVE";
  }
  if (mode !== "MPOL_PREFERRED" && empty)
    return bad(`${mode} needs at least one node, and the mask is empty`);
  const local = mode === "MPOL_PREFERRED" && empty;
  return {
    mode,
    nodes: [],
    local,
    staticNodes,
    relativeNodes: relativeNodes_,
    mof: false,
    userNodes,
  };
}

/**
 * mpol_set_nodemask - fit the user's mask to the nodes this machine has (cpuset_current_mems_allowed
 * & N_HIGH_MEMORY); RELATIVE_NODES folds it onto them. A mask left empty is -EINVAL.
 */
export function mpol_set_nodemask(k: Kernel, pol: Mempolicy): Mempolicy | Errno {
  if (pol.local) return pol;
  const allowed = onlineNodes(k);
  const nodes = pol.relativeNodes
    ? relativeNodes(pol.userNodes, allowed)
    : allowed.filter((n) => pol.userNodes.includes(n));
  if (nodes.length === 0) return "-EINVAL";
  return { ...pol, nodes: pol.mode === "MPOL_PREFERRED" ? [nodes[0] as NodeId] : nodes };
}

/** The default_policy: preferred, local (MPOL_F_LOCAL). */
const DEFAULT_POLICY: Mempolicy = {
  mode: "MPOL_PREFERRED",
  nodes: [],
  local: true,
  staticNodes: false,
  relativeNodes: false,
  mof: false,
  userNodes: [],
};

/** get_vma_policy - the VMA's policy, else the task's, else the default (local). */
export function get_vma_policy(thread: Thread, vma: Vma | null): Mempolicy {
  return vma?.policy ?? thread.policy ?? DEFAULT_POLICY;
}

/**
 * offset_il_node - the interleave node for page offset `off`: the (off % n)th node of the mask,
 * with the offset cut to 32 bits first, as both kernels do (`(unsigned int)off % nnodes`). An
 * anonymous VMA's vm_pgoff is its address in pages (0x7f0000000 at 0x7f0000000000), so the cut
 * changes the node whenever the mask's weight is not a power of two: 3 nodes start at node 0,
 * not node 1.
 */
export function offset_il_node(k: Kernel, pol: Mempolicy, off: number, thread: Thread): NodeId {
  const n = pol.nodes.length;
  if (n === 0) return nodeOfCpu(k, thread.cpu);
  // `>>> 0` is ToUint32: the offset modulo 2^32, exact for any offset the format allows.
  return pol.nodes[(off >>> 0) % n] as NodeId;
}

/**
 * interleave_nid's offset: vm_pgoff + the page's index within the VMA, both in units of the
 * allocation (a huge page of `nrPages` base pages counts as one), so huge pages alternate too.
 */
export function vmaPageOffset(vma: Vma, vpn: Vpn, nrPages = 1): number {
  return Math.floor(vma.pgoff / nrPages) + Math.floor((vpn - vma.start) / nrPages);
}

/** interleave_nodes - no VMA offset to go by (page cache): take il_next and move it on. */
function interleave_nodes(pol: Mempolicy, thread: Thread): NodeId {
  const nodes = pol.nodes;
  const here =
    thread.ilNext !== null && nodes.includes(thread.ilNext) ? thread.ilNext : (nodes[0] as NodeId);
  thread.ilNext = nodes[(nodes.indexOf(here) + 1) % nodes.length] as NodeId;
  return here;
}

/** The allocation request alloc_page_vma() makes for this policy on this CPU. */
export function policyAllocRequest(
  k: Kernel,
  pol: Mempolicy,
  thread: Thread,
  vma: Vma | null,
  vpn: Vpn,
  nrPages = 1,
): AllocRequest {
  const local = nodeOfCpu(k, thread.cpu);
  // Where the zonelist starts, and the mask, per mode; one object literal, so every request has
  // the same shape (page_alloc reads them on every fault).
  let first = local;
  let nodemask: readonly NodeId[] | null = null;
  switch (pol.mode) {
    case "MPOL_INTERLEAVE":
      first = vma
        ? offset_il_node(k, pol, vmaPageOffset(vma, vpn, nrPages), thread)
        : interleave_nodes(pol, thread);
      break;
    case "MPOL_BIND":
    case "MPOL_PREFERRED_MANY": // 6.1 alloc_pages_preferred_many(): the mask first, then anywhere
      nodemask = pol.nodes;
      break;
    default:
      first = pol.local ? local : (pol.nodes[0] as NodeId);
  }
  return {
    zonelist: k.nodes[first]?.zonelist ?? [],
    nodemask,
    localNode: local,
    thisNode: false,
    interleave: pol.mode === "MPOL_INTERLEAVE",
    nrPages,
    fallbackAnyNode: pol.mode === "MPOL_PREFERRED_MANY",
  };
}

/** alloc_page_vma - allocate a page for `vpn` of `vma` where its policy says. */
export function alloc_page_vma(
  k: Kernel,
  thread: Thread,
  vma: Vma | null,
  vpn: Vpn,
  nrPages = 1,
): PageStruct | null {
  const pol = get_vma_policy(thread, vma);
  return alloc_pages(k, policyAllocRequest(k, pol, thread, vma, vpn, nrPages));
}

/**
 * mpol_misplaced - RFC 05/26. Where should this page live, for a fault by `thread`?
 * Returns the target node, or -1 for "leave it": the policy lacks MPOL_F_MOF, the page's node is
 * allowed (BIND) or already the policy's node.
 */
export function mpol_misplaced(
  k: Kernel,
  page: PageStruct,
  vma: Vma,
  vpn: Vpn,
  thread: Thread,
): NodeId | -1 {
  const pol = get_vma_policy(thread, vma);
  if (!pol.mof) return -1;
  const cur = page.node;
  let target: NodeId;
  switch (pol.mode) {
    case "MPOL_INTERLEAVE":
      target = offset_il_node(k, pol, vmaPageOffset(vma, vpn), thread);
      break;
    case "MPOL_PREFERRED":
      target = pol.local ? nodeOfCpu(k, thread.cpu) : (pol.nodes[0] as NodeId);
      break;
    case "MPOL_BIND": {
      if (pol.nodes.includes(cur)) return -1;
      const zl = k.nodes[nodeOfCpu(k, thread.cpu)]?.zonelist ?? [];
      target = zl.find((n) => pol.nodes.includes(n)) ?? cur;
      break;
    }
    default:
      return -1;
  }
  return target === cur ? -1 : target;
}

/**
 * A VMA's policy as a student reads it. A VMA with none (MPOL_DEFAULT removed it, or it never had
 * one) is not "default": get_vma_policy() falls back to the faulting task's policy, and only a
 * task with none gets the default, local allocation.
 */
export function describeVmaPolicy(pol: Mempolicy | null, variant?: string): string {
  return pol ? describePolicy(pol, variant) : "none (the task policy applies)";
}

/**
 * The policy as a student reads it: "MPOL_BIND {1}", "MPOL_PREFERRED local [MOF]". The model keeps
 * 3.3's shape (MPOL_PREFERRED with MPOL_F_LOCAL) on both kernels, but 6.1's mpol_new() makes an
 * empty MPOL_PREFERRED, and MPOL_LOCAL, a mode of its own: on 6.1 it is named MPOL_LOCAL.
 */
export function describePolicy(pol: Mempolicy | null, variant?: string): string {
  if (!pol) return "default (local)";
  const flags = [
    pol.staticNodes ? "STATIC_NODES" : "",
    pol.relativeNodes ? "RELATIVE_NODES" : "",
    pol.mof ? "MOF" : "",
  ].filter(Boolean);
  const tail = flags.length ? ` [${flags.join("|")}]` : "";
  if (pol.local && variant === "mainline") return `MPOL_LOCAL${tail}`;
  const nodes = pol.local ? "local" : `{${pol.nodes.join(",")}}`;
  return `${pol.mode} ${nodes}${tail}`;
}
