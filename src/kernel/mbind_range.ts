/**
 * mbind_range - the loop both kernels share (3.3's also has a head-hole -EFAULT first, mbind.ts):
 * every VMA piece of [start, end) gets the new policy, and each is merged with its neighbours
 * where it can be. A VMA that already has the
 * policy is passed over (`if (mpol_equal(vma_policy(vma), new_pol)) continue;` in 3.3, `goto
 * next` in 6.1): not split, not given it again, not merged around.
 *
 * @see mm/mempolicy.c mbind_range() (3.3 and 6.1); the merging is vma_merge.ts. The kernel tries
 *      vma_merge() before it splits; the model splits first and merges after, which comes to the
 *      same VMAs, and to the policies of 3.7 on: in 3.3 a whole VMA merged into the next one that
 *      already has the new policy (vma_merge's "case 8") keeps its old policy, a bug fixed in 3.6
 *      and 3.7 (1444f92c8498, 3964acd0dbec) that the model leaves out (README).
 */
import { emit, type Kernel } from "./machine.ts";
import { describePolicy } from "./mempolicy.ts";
import { splitVmasToRange, vma_replace_policy } from "./mmap.ts";
import { addrOf } from "./pgtable.ts";
import { plural } from "./trace.ts";
import type { Mempolicy, Thread, Vma, Vpn } from "./types.ts";
import { mpol_equal, vma_merge } from "./vma_merge.ts";

/** mbind_range (mm/mempolicy.c, 3.3 and 6.1): give [start, end) of `t`'s mm the policy `pol`. */
export function mbind_range(
  k: Kernel,
  t: Thread,
  start: Vpn,
  end: Vpn,
  pol: Mempolicy | null,
): void {
  const mm = t.mm;
  const same = (v: Vma) => mpol_equal(v.policy, pol);
  const already = mm.vmas.filter((v) => v.start < end && v.end > start && same(v)).length;
  const vmas = splitVmasToRange(k, mm, start, end, same).filter((v) => !same(v));
  for (const v of vmas) vma_replace_policy(k, v, pol);
  emit(k, "mbind_range", () => {
    const range = `pid ${mm.pid} from ${addrOf(start)} to ${addrOf(end)}`;
    // MPOL_DEFAULT leaves a VMA no policy: get_vma_policy() then takes the faulting task's.
    const none = (whose: string) =>
      `no policy of ${whose} own (MPOL_DEFAULT: a fault there follows the faulting task's policy, local allocation when the task has none)`;
    if (vmas.length === 0)
      return `Every VMA of ${range} already ${pol ? `follows ${describePolicy(pol, k.variant)}` : `has ${none("its")}`}: mbind_range passes over ${plural(already, "VMA")} (mpol_equal), splitting and merging nothing.`;
    const one = vmas.length === 1;
    const now = pol
      ? `now follow${one ? "s" : ""} ${describePolicy(pol, k.variant)}`
      : `now ha${one ? "s" : "ve"} ${none(one ? "its" : "their")}`;
    return `${plural(vmas.length, "VMA")} of ${range} ${now}${already ? ` (${plural(already, "VMA")} already did, and ${already === 1 ? "is" : "are"} passed over)` : ""}.`;
  });
  vma_merge(k, mm, vmas);
}
