/**
 * What user space sees: the mempolicy modes and flags, and the errnos by name, in one place.
 *
 * @see include/linux/mempolicy.h (3.3; the uapi split came in 3.7) with RFC 03/26's MPOL_MF_LAZY,
 *      include/asm-generic/errno-base.h.
 */

/** Policy modes. MPOL_LOCAL is not in 3.3; the model takes it from 3.8. */
export const MPOL = {
  MPOL_DEFAULT: 0,
  MPOL_PREFERRED: 1,
  MPOL_BIND: 2,
  MPOL_INTERLEAVE: 3,
  MPOL_LOCAL: 4,
} as const;
export const MPOL_MAX = 5;

/** Mode flags, passed ORed into the mode (the scenario may also list them apart). */
export const MPOL_F_STATIC_NODES = 1 << 15;
export const MPOL_F_RELATIVE_NODES = 1 << 14;
const MODE_FLAGS_33: readonly (readonly [string, number])[] = [
  ["MPOL_F_STATIC_NODES", MPOL_F_STATIC_NODES],
  ["MPOL_F_RELATIVE_NODES", MPOL_F_RELATIVE_NODES],
];

/**
 * Mode flags OR-ed into a mode, as C writes them ("|MPOL_F_STATIC_NODES"; "" for none): `known`
 * names the kernel's MPOL_MODE_FLAGS (3.3's by default), and any other bit stays a number.
 */
export function modeFlagNames(modeFlags: number, known = MODE_FLAGS_33): string {
  const names = known.filter(([, bit]) => (modeFlags & bit) !== 0).map(([n]) => `|${n}`);
  const unknown = known.reduce((rest, [, bit]) => rest & ~bit, modeFlags) >>> 0;
  if (unknown) names.push(`|0x${unknown.toString(16)}`);
  return names.join("");
}

/** mbind() flags, with RFC 03/26 applied. */
export const MPOL_MF = {
  MPOL_MF_STRICT: 1 << 0,
  MPOL_MF_MOVE: 1 << 1,
  MPOL_MF_MOVE_ALL: 1 << 2,
  MPOL_MF_LAZY: 1 << 3,
  MPOL_MF_VALID: 0xf,
  /** Internal flags start at MPOL_MF_INTERNAL (1 << 4). */
  MPOL_MF_DISCONTIG_OK: 1 << 4,
  MPOL_MF_INVERT: 1 << 5,
} as const;

/** The flags a caller may name: the internal ones have no name in the uapi header. */
const USER_MF = ["MPOL_MF_STRICT", "MPOL_MF_MOVE", "MPOL_MF_MOVE_ALL", "MPOL_MF_LAZY"] as const;

/**
 * mbind() flags by name, as a C reader writes them ("MPOL_MF_MOVE|MPOL_MF_LAZY"; "0" for none);
 * a bit past MPOL_MF_VALID stays a number: a caller passing 0x10 passed no flag user space can
 * name (inside the kernel that bit is MPOL_MF_DISCONTIG_OK, which mbind sets itself).
 */
export function mpolMfNames(flags: number): string {
  const names: string[] = USER_MF.filter((n) => (flags & MPOL_MF[n]) !== 0);
  // Unsigned, as the kernel's flags are: bit 31 is 0x80000000, not a negative number.
  const unknown = (flags & ~MPOL_MF.MPOL_MF_VALID) >>> 0;
  if (unknown) names.push(`0x${unknown.toString(16)}`);
  return names.join("|") || "0";
}

/** CONFIG_NODES_SHIFT=10: node ids at or past this make get_nodes() fail with -EINVAL. */
export const MAX_NUMNODES = 1024;

/** A failed system call's return value, as the model writes it: "-EINVAL". */
export type Errno = "-EINVAL" | "-EPERM" | "-EFAULT" | "-EIO" | "-ENOMEM" | "-EEXIST" | "-ESRCH";
