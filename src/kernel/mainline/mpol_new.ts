/**
 * The policy arguments of mbind() and set_mempolicy() as Linux 6.1 checks them: the mode flags
 * split off the mode, the node mask read, and the policy made.
 *
 * @see mm/mempolicy.c (6.1) sanitize_mpol_flags(), get_nodes() (../get_nodes.ts), mpol_new().
 */
import { get_nodes } from "../get_nodes.ts";
import type { Errno, Mempolicy, MpolMode } from "../types.ts";
import {
  MPOL_61,
  MPOL_F_NUMA_BALANCING,
  MPOL_F_RELATIVE_NODES,
  MPOL_F_STATIC_NODES,
  MPOL_MAX_61,
  MPOL_MODE_FLAGS_61,
} from "./uapi.ts";

/** The mode's name, by its number in 6.1's enum. */
const MODE_NAMES = Object.fromEntries(Object.entries(MPOL_61).map(([name, n]) => [n, name]));
export const modeName = (m: number) => MODE_NAMES[m] ?? `mode ${m}`;

export interface PolicyArgs {
  readonly mode: number;
  readonly modeFlags: number;
  readonly nodes: readonly number[];
  /** The syscall's maxnode; absent, one that reads every node listed (see ../get_nodes.ts). */
  readonly maxnode?: number;
}

/** A request turned away, and the function that did it. */
export interface Rejected {
  readonly err: Errno;
  readonly fn: "sanitize_mpol_flags" | "get_nodes";
  readonly why: string;
}

export interface Sanitized {
  readonly mode: number;
  readonly modeFlags: number;
  readonly nodes: readonly number[];
  /** get_nodes' sentence about maxnode, when the call gave one. */
  readonly nodesSaid: string | null;
}

/**
 * sanitize_mpol_flags + get_nodes - split the mode flags off the mode; -EINVAL for a mode at or
 * past MPOL_MAX, STATIC_NODES with RELATIVE_NODES, NUMA_BALANCING with any mode but MPOL_BIND
 * (6.1; a 2024 patch, "Allow migrate on protnone reference with MPOL_PREFERRED_MANY policy",
 * later allowed MPOL_PREFERRED_MANY too), or a mask get_nodes() refuses (../get_nodes.ts).
 */
export function sanitize_mpol_flags(a: PolicyArgs): Sanitized | Rejected {
  const whole = a.mode < 0 ? a.mode : a.mode | a.modeFlags;
  const modeFlags = whole < 0 ? 0 : whole & MPOL_MODE_FLAGS_61;
  const mode = whole < 0 ? whole : whole & ~MPOL_MODE_FLAGS_61;
  const bad = (why: string): Rejected => ({ err: "-EINVAL", fn: "sanitize_mpol_flags", why });
  if (mode < 0 || mode >= MPOL_MAX_61) return bad("sanitize_mpol_flags: the mode is unknown");
  if ((modeFlags & MPOL_F_STATIC_NODES) !== 0 && (modeFlags & MPOL_F_RELATIVE_NODES) !== 0)
    return bad("sanitize_mpol_flags: STATIC_NODES and RELATIVE_NODES together");
  if ((modeFlags & MPOL_F_NUMA_BALANCING) !== 0 && mode !== MPOL_61.MPOL_BIND)
    return bad("sanitize_mpol_flags: MPOL_F_NUMA_BALANCING goes with MPOL_BIND only (6.1)");
  const read = get_nodes(a.nodes, a.maxnode, "6.1");
  if ("err" in read) return { ...read, fn: "get_nodes" };
  return { mode, modeFlags, nodes: read.nodes, nodesSaid: read.said };
}

/**
 * mpol_new (6.1) - null for MPOL_DEFAULT; MPOL_PREFERRED with an empty mask becomes MPOL_LOCAL
 * (-EINVAL with STATIC/RELATIVE_NODES); MPOL_LOCAL takes neither a mask nor those flags
 * (Piotr Kwapulinski, 2016); every other mode needs a mask. MPOL_LOCAL is kept as the model's
 * "preferred, local" form, which allocates the same way.
 */
export function mpol_new_61(s: Sanitized): Mempolicy | null | { err: Errno; why: string } {
  const staticNodes = (s.modeFlags & MPOL_F_STATIC_NODES) !== 0;
  const relativeNodes = (s.modeFlags & MPOL_F_RELATIVE_NODES) !== 0;
  const numaBalancing = (s.modeFlags & MPOL_F_NUMA_BALANCING) !== 0;
  const userNodes = [...new Set(s.nodes)].sort((a, b) => a - b);
  const empty = userNodes.length === 0;
  const bad = (why: string) => ({ err: "-EINVAL" as const, why });
  let mode: MpolMode;
  let local = false;
  switch (s.mode) {
    case MPOL_61.MPOL_DEFAULT:
      return empty ? null : bad("MPOL_DEFAULT takes no nodes, and the mask names some");
    case MPOL_61.MPOL_PREFERRED:
      if (empty && (staticNodes || relativeNodes))
        return bad(
          "an empty MPOL_PREFERRED mask means allocate locally, which cannot take MPOL_F_STATIC_NODES or MPOL_F_RELATIVE_NODES",
        );
      mode = "MPOL_PREFERRED";
      local = empty;
      break;
    case MPOL_61.MPOL_LOCAL:
      if (!empty || staticNodes || relativeNodes)
        return bad("MPOL_LOCAL takes no nodes and no STATIC/RELATIVE_NODES");
      mode = "MPOL_PREFERRED";
      local = true;
      break;
    case MPOL_61.MPOL_BIND:
      mode = "MPOL_BIND";
      break;
    case MPOL_61.MPOL_INTERLEAVE:
      mode = "MPOL_INTERLEAVE";
      break;
    default:
      mode = "MPOL_PREFERRED_MANY";
  }
  if (!local && empty) return bad(`${mode} needs at least one node, and the mask is empty`);
  return {
    mode,
    nodes: [],
    local,
    staticNodes,
    relativeNodes,
    mof: numaBalancing,
    moron: numaBalancing,
    userNodes,
  };
}
