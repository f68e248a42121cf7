/**
 * Linux 6.1's memory-policy constants, where they differ from the RFC's 3.3 (../uapi.ts).
 *
 * @see include/uapi/linux/mempolicy.h (6.1): enum { MPOL_DEFAULT, MPOL_PREFERRED, MPOL_BIND,
 *      MPOL_INTERLEAVE, MPOL_LOCAL, MPOL_PREFERRED_MANY, MPOL_MAX }; MPOL_F_NUMA_BALANCING
 *      (1 << 13), added in 5.12; MPOL_MF_LAZY stays in the header ("Modifies '_MOVE:  lazy
 *      migrate on fault") but is not in MPOL_MF_VALID, so mbind() rejects it with -EINVAL; and,
 *      in the same header, MPOL_F_MOF (1 << 3) and MPOL_F_MORON (1 << 4), internal flags.
 */

import {
  MPOL,
  MPOL_F_RELATIVE_NODES,
  MPOL_F_STATIC_NODES,
  MPOL_MF,
  modeFlagNames as modeFlagNames33,
} from "../uapi.ts";

export const MPOL_PREFERRED_MANY = 5;
/** 6.1's modes: 3.3's, and MPOL_PREFERRED_MANY. */
export const MPOL_61 = { ...MPOL, MPOL_PREFERRED_MANY } as const;
/** One past the last mode: sanitize_mpol_flags() rejects a mode at or past it. */
export const MPOL_MAX_61 = 6;
export const MPOL_F_NUMA_BALANCING = 1 << 13;
export { MPOL_F_RELATIVE_NODES, MPOL_F_STATIC_NODES };
/** MPOL_MODE_FLAGS: the mode flags a user may OR into the mode. */
export const MPOL_MODE_FLAGS_61 =
  MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES | MPOL_F_NUMA_BALANCING;

/** The mode flags OR-ed into a mode, as C writes them: "|MPOL_F_NUMA_BALANCING" ("" for none). */
export function modeFlagNames(modeFlags: number): string {
  return modeFlagNames33(modeFlags, [
    ["MPOL_F_STATIC_NODES", MPOL_F_STATIC_NODES],
    ["MPOL_F_RELATIVE_NODES", MPOL_F_RELATIVE_NODES],
    ["MPOL_F_NUMA_BALANCING", MPOL_F_NUMA_BALANCING],
  ]);
}

/** include/linux/pagevec.h (6.1): PAGEVEC_SIZE 15, the size of each CPU's one lru_add batch. */
export const LRU_ADD_BATCH_61 = 15;

/** MPOL_MF_VALID in 6.1: STRICT | MOVE | MOVE_ALL. LAZY (1 << 3) is not in it. */
export const MPOL_MF_VALID_61 =
  MPOL_MF.MPOL_MF_STRICT | MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL;
