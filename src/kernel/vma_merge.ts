/**
 * VMA merging: a new mapping, or a range mbind() gave a new policy, joins the VMA before or after
 * it when the two could have been one mapping. 3.3 and 6.1 both do it. It matters to mbind: the
 * page walk checks for a hole after each VMA before walking its pages (3.3 check_range(), 6.1
 * queue_pages_test_walk()), so whether two adjacent mappings are one VMA decides between -EIO and
 * -EFAULT.
 *
 * @see mm/mmap.c vma_merge(), can_vma_merge_before/after(), is_mergeable_vma(),
 *      is_mergeable_anon_vma(); called from mmap_region() and mm/mempolicy.c mbind_range() (3.3
 *      and 6.1 alike for what the model keeps).
 * Two neighbours merge when they touch, have the same file (or none) with contiguous vm_pgoff, the
 * same flags (here: THP or not), equal policies (mpol_equal), and compatible anon_vmas: the same
 * one, or one of them not yet allocated (a VMA gets its anon_vma at its first anonymous fault,
 * anon_vma_prepare()). Simplified: the kernel merges around the one VMA it just made or changed,
 * the model joins every mergeable pair (the same, since no other pair's mergeability changed);
 * a forked child's VMAs are taken as mergeable as the parent's (the kernel also wants a singular
 * anon_vma_chain).
 */
import { emit, type Kernel } from "./machine.ts";
import { addrOf } from "./pgtable.ts";
import type { Mempolicy, MmStruct, Vma } from "./types.ts";

/** mpol_equal - same mode, flags and nodes (NULL and NULL are equal). */
export function mpol_equal(a: Mempolicy | null, b: Mempolicy | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.mode === b.mode &&
    a.local === b.local &&
    a.staticNodes === b.staticNodes &&
    a.relativeNodes === b.relativeNodes &&
    a.mof === b.mof &&
    (a.moron ?? false) === (b.moron ?? false) &&
    a.nodes.length === b.nodes.length &&
    a.nodes.every((n, i) => b.nodes[i] === n) &&
    (!(a.staticNodes || a.relativeNodes) ||
      (a.userNodes.length === b.userNodes.length &&
        a.userNodes.every((n, i) => b.userNodes[i] === n)))
  );
}

/** Has this anon_vma been allocated (anon_vma_prepare() at an anonymous fault)? */
function prepared(k: Kernel, vma: Vma): boolean {
  return k.anonVmaPrepared.has(vma.anonVma);
}

/** can_vma_merge_after(prev) / before(next): could `a` and the `b` right after it be one VMA? */
function mergeable(k: Kernel, a: Vma, b: Vma): boolean {
  if (a.end !== b.start || a.file !== b.file || a.thp !== b.thp) return false;
  if (a.pgoff + (a.end - a.start) !== b.pgoff) return false;
  if (!mpol_equal(a.policy, b.policy)) return false;
  // is_mergeable_anon_vma(): the same anon_vma, or one of them still unallocated.
  return a.anonVma === b.anonVma || !prepared(k, a) || !prepared(k, b);
}

/**
 * vma_merge - join every pair of neighbours in `mm` that the kernel would have merged. Called after each
 * mmap and mbind_range, where the kernel merges around the VMA it just made or changed; pairs that
 * could not merge before stay apart, since nothing else changes what decides it.
 */
export function vma_merge(k: Kernel, mm: MmStruct): void {
  let merged = 0;
  for (let i = 0; i + 1 < mm.vmas.length; ) {
    const a = mm.vmas[i] as Vma;
    const b = mm.vmas[i + 1] as Vma;
    if (!mergeable(k, a, b)) {
      i++;
      continue;
    }
    // Keep the VMA whose anon_vma the pages already name.
    if (prepared(k, b) && !prepared(k, a)) {
      b.start = a.start;
      b.pgoff = a.pgoff;
      mm.vmas.splice(i, 1);
    } else {
      a.end = b.end;
      mm.vmas.splice(i + 1, 1);
    }
    merged++;
  }
  if (merged === 0) return;
  k.log.layoutChanged();
  emit(
    k,
    "vma_merge",
    () =>
      `${merged} pair${merged === 1 ? "" : "s"} of neighbouring VMAs of pid ${mm.pid} could be one mapping (same file or none, same flags and policy, compatible anon_vma), so ${k.variant === "mainline" ? "6.1" : "3.3"} merges them: ${mm.vmas.map((v) => `${addrOf(v.start)}-${addrOf(v.end)}`).join(", ")}.`,
  );
}
