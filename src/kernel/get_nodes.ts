/**
 * get_nodes - how mbind() and set_mempolicy() read the caller's node mask, as far as `maxnode`
 * lets them.
 *
 * @see mm/mempolicy.c get_nodes() (3.3: the loop over longs; 6.1 rewrote it with get_bitmap()).
 * The two differ in one corner: past MAX_NUMNODES, where the mask must be zero, 3.3 checks only the
 * bits maxnode asks for, while 6.1 checks whole 64-bit words, so a node just past maxnode in the
 * last word read is -EINVAL on 6.1 and ignored on 3.3.
 * The kernel decrements `maxnode` first and reads that many bits, so a mask of nodes {0,1} passed
 * with maxnode 2 reads one bit: node 1 is silently left out. (libnuma passes the bit count plus
 * one.) A scenario without `maxnode` passes one that reads every node it lists.
 * Simplified: the scenario lists node ids, not a user pointer, so an empty list stands for a NULL
 * mask (a C caller with no nodes passes NULL), and -EFAULT (a mask the caller cannot read) cannot
 * happen.
 */
import type { Errno } from "./types.ts";
import { MAX_NUMNODES } from "./uapi.ts";

/** PAGE_SIZE * BITS_PER_BYTE: the most bits get_nodes() will read. */
const MAX_MASK_BITS = 4096 * 8;

export interface NodesRead {
  /** The nodes the mask reads as: those below the bits read (and below MAX_NUMNODES). */
  readonly nodes: readonly number[];
  /** What to say about maxnode: null when the scenario gave none. */
  readonly said: string | null;
}

export interface NodesRejected {
  readonly err: Errno;
  readonly why: string;
}

/** ", maxnode N" in a call's text, when the call gives one. */
export const maxnodeArg = (a: { readonly maxnode?: number }): string =>
  a.maxnode === undefined ? "" : `, maxnode ${a.maxnode}`;

const listed = (ids: readonly number[]) => `{${ids.join(",")}}`;

/** The caller's mask as get_nodes() reads it with this maxnode (undefined: one that covers it). */
export function get_nodes(
  nodes: readonly number[],
  maxnode?: number,
  kernel: "3.3" | "6.1" = "3.3",
): NodesRead | NodesRejected {
  if (maxnode === undefined) {
    // The bits read reach the highest node listed: get_nodes() checks that the part past
    // MAX_NUMNODES is all zero.
    if (nodes.some((n) => n >= MAX_NUMNODES))
      return {
        err: "-EINVAL",
        why: `get_nodes: a node id at or past MAX_NUMNODES (${MAX_NUMNODES})`,
      };
    return { nodes, said: null };
  }
  if (nodes.length === 0)
    return {
      nodes,
      said: `get_nodes: no mask (NULL), so no nodes, whatever maxnode (${maxnode}).`,
    };
  // --maxnode on an unsigned long: 0 wraps to ULONG_MAX, past any mask the kernel will read.
  const bits = maxnode === 0 ? Number.POSITIVE_INFINITY : maxnode - 1;
  if (bits > MAX_MASK_BITS)
    return {
      err: "-EINVAL",
      why:
        maxnode === 0
          ? "get_nodes: maxnode 0 with a mask: --maxnode wraps round to ULONG_MAX, more bits than a page holds"
          : `get_nodes: maxnode ${maxnode} asks for ${bits} bits, more than a page holds (${MAX_MASK_BITS})`,
    };
  // 6.1 reads each word past MAX_NUMNODES whole (get_bitmap of BITS_PER_LONG bits).
  const checkedTo = kernel === "6.1" && bits > MAX_NUMNODES ? Math.ceil(bits / 64) * 64 : bits;
  const unsupported = nodes.filter((n) => n >= MAX_NUMNODES && n < checkedTo);
  if (unsupported.length > 0)
    return {
      err: "-EINVAL",
      why: `get_nodes: node ${unsupported[0]} is ${unsupported[0] !== undefined && unsupported[0] < bits ? `within maxnode's ${bits} bits` : `in the last 64-bit word 6.1 reads for maxnode's ${bits} bits`} but at or past MAX_NUMNODES (${MAX_NUMNODES}); that part of the mask must be all zero`,
    };
  const kept = nodes.filter((n) => n < bits);
  const left = [...new Set(nodes.filter((n) => n >= bits))].sort((a, b) => a - b);
  if (bits === 0)
    return {
      nodes: [],
      said: `get_nodes decrements maxnode 1 to 0 and reads no bits: the mask is empty, and ${listed(nodes)} is not read at all.`,
    };
  const read = `get_nodes decrements maxnode ${maxnode} and reads ${bits} bit${bits === 1 ? "" : "s"} of the mask (node${bits === 1 ? " 0" : `s 0 to ${bits - 1}`})`;
  return {
    nodes: kept,
    said:
      left.length === 0
        ? `${read}: every node listed is within them.`
        : `${read}: ${left.length === 1 ? `node ${left[0]} is` : `nodes ${listed(left)} are`} past ${bits === 1 ? "it" : "them"} and silently left out, so the mask is ${listed([...new Set(kept)].sort((a, b) => a - b))}.`,
  };
}
