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
 * same flags (here: THP or not), equal policies (mpol_equal), and compatible anon_vmas
 * (is_mergeable_anon_vma()). Only pairs with a VMA just made or changed are tried, as the kernel
 * merges only around those. The anon_vma rule is one-sided: the range may join a neighbour with the
 * same anon_vma, or one with an anon_vma of its own when the range has none yet (a VMA gets its
 * anon_vma at its first anonymous fault, anon_vma_prepare()); a faulted range never joins an
 * unfaulted neighbour, whose anon_vma_chain is empty, not singular (the rule 3.3 and 6.1 share,
 * from 965f55dea0e3 in 2011 until Lorenzo Stoakes' 2025 fix). Where both VMAs of a pair changed,
 * the right one is the range, as mbind_range() walks left to right. Simplified: a forked child's
 * VMAs are taken as mergeable as the parent's (the kernel also wants a singular anon_vma_chain,
 * which a child's VMA, chained to its parent's anon_vma too, does not have).
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

/** The anon_vma a VMA's pages name, or null before its first anonymous fault (anon_vma_prepare()). */
function anonOf(k: Kernel, vma: Vma): number | null {
  return k.anonVmaPrepared.has(vma.anonVma) ? vma.anonVma : null;
}

/**
 * is_mergeable_anon_vma(range's, neighbour's, neighbour): an anon_vma missing on one side is fine
 * only when the neighbour's anon_vma_chain is singular, i.e. the neighbour has an anon_vma.
 */
function anonMergeable(k: Kernel, range: Vma, neighbour: Vma): boolean {
  const r = anonOf(k, range);
  const n = anonOf(k, neighbour);
  if (r === null && n !== null) return true;
  return r === n;
}

/**
 * can_vma_merge_after(prev) / before(next): could `a` and the `b` right after it be one VMA?
 * `changed`: the VMAs just made or given a policy, the only ones the kernel merges around.
 */
function mergeable(k: Kernel, a: Vma, b: Vma, changed: ReadonlySet<Vma>): boolean {
  if (!changed.has(a) && !changed.has(b)) return false;
  if (a.end !== b.start || a.file !== b.file || a.thp !== b.thp) return false;
  if (a.pgoff + (a.end - a.start) !== b.pgoff) return false;
  if (!mpol_equal(a.policy, b.policy)) return false;
  return changed.has(b) ? anonMergeable(k, b, a) : anonMergeable(k, a, b);
}

/**
 * vma_merge - join the neighbours of the VMAs `made` (just mapped, or just given a policy by
 * mbind_range) that the kernel would merge with them. Called after each mmap and mbind_range.
 */
export function vma_merge(k: Kernel, mm: MmStruct, made: readonly Vma[]): void {
  const changed = new Set(made);
  let merged = 0;
  for (let i = 0; i + 1 < mm.vmas.length; ) {
    const a = mm.vmas[i] as Vma;
    const b = mm.vmas[i + 1] as Vma;
    if (!mergeable(k, a, b, changed)) {
      i++;
      continue;
    }
    // Keep the VMA whose anon_vma the pages already name; it is a changed one now.
    if (anonOf(k, b) !== null && anonOf(k, a) === null) {
      b.start = a.start;
      b.pgoff = a.pgoff;
      mm.vmas.splice(i, 1);
      changed.add(b);
    } else {
      a.end = b.end;
      mm.vmas.splice(i + 1, 1);
      changed.add(a);
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
