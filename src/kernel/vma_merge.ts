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
 * (is_mergeable_anon_vma()). As in the kernel, each VMA just made or given a policy (the range)
 * is tried once, with the VMA just before it and the one just after it, in address order; a merge
 * never goes on to the VMA beyond. The anon_vma rule is one-sided: the range may join a neighbour
 * with the same anon_vma, or one with an anon_vma of its own when the range has none yet (a VMA
 * gets its anon_vma at its first anonymous fault, anon_vma_prepare()); a faulted range never
 * joins an unfaulted neighbour, whose anon_vma_chain is empty, not singular (the rule 3.3 and 6.1
 * share, from 965f55dea0e3 in 2011 until Lorenzo Stoakes' 2025 fix). Joining both neighbours
 * also wants theirs compatible (either unallocated, or the same). A neighbour still to be given
 * the policy is not joined yet: mbind_range() has not reached it, and it still has its old one.
 * Simplified: a forked child's VMAs are taken as mergeable as the parent's (the kernel also wants
 * a singular anon_vma_chain, which a child's VMA, chained to its parent's anon_vma too, does not
 * have).
 */
import { emit, type Kernel } from "./machine.ts";
import { addrOf } from "./pgtable.ts";
import { plural } from "./trace.ts";
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

/**
 * anon_vma_prepare - a VMA's first anonymous fault gives it an anon_vma: a neighbour's, if
 * find_mergeable_anon_vma finds one it could share (the next VMA first, then the previous: one
 * that touches it and could be one mapping with it, and has an anon_vma), else its own. Sharing
 * lets a later mbind or mprotect merge the two VMAs again (is_mergeable_anon_vma wants the same
 * anon_vma once both have one).
 * @see mm/rmap.c anon_vma_prepare(), find_mergeable_anon_vma(), reusable_anon_vma(),
 *      anon_vma_compatible() (mm/mmap.c in 3.3.8; __anon_vma_prepare() in mm/rmap.c, the rest in
 *      mm/mmap.c, in 6.1).
 * Simplified: reusable_anon_vma also wants the neighbour's anon_vma_chain singular, which a
 * forked child's VMA is not; as for merging, the model takes a child's VMAs as the parent's.
 */
export function anon_vma_prepare(k: Kernel, mm: MmStruct, vma: Vma): void {
  if (k.anonVmaPrepared.has(vma.anonVma)) return;
  const at = mm.vmas.indexOf(vma);
  const next = mm.vmas[at + 1];
  const prev = at > 0 ? mm.vmas[at - 1] : undefined;
  const near =
    next && joins(vma, next) && anonOf(k, next) !== null
      ? next
      : prev && joins(prev, vma) && anonOf(k, prev) !== null
        ? prev
        : null;
  if (at >= 0 && near) {
    vma.anonVma = near.anonVma;
    if (k.narrate)
      k.note.push(
        `VMA ${addrOf(vma.start)}-${addrOf(vma.end)} had no anon_vma yet: find_mergeable_anon_vma gives it the one of its neighbour ${addrOf(near.start)}-${addrOf(near.end)}, which could be one mapping with it, so the two can merge later.`,
      );
  }
  k.anonVmaPrepared.add(vma.anonVma);
}

/**
 * anon_vma_clone / anon_vma_fork - the anon_vma of a copy of `vma` (a split's other half, a fork
 * child's VMA): the same one if `vma` has one (the model keeps no chain of anon_vmas: a child's
 * pages name the parent's), else none, a fresh id that stands for NULL until its own first fault.
 * @see mm/rmap.c anon_vma_clone(), anon_vma_fork() (3.3.8 and 6.1: both return at once for a
 *      VMA with no anon_vma), called from mm/mmap.c __split_vma() and kernel/fork.c dup_mmap().
 */
export function anon_vma_clone(k: Kernel, vma: Vma): number {
  return k.anonVmaPrepared.has(vma.anonVma) ? vma.anonVma : k.seq.anonVma++;
}

/** The anon_vma a VMA's pages name, or null before its first anonymous fault (anon_vma_prepare()). */
function anonOf(k: Kernel, vma: Vma): number | null {
  return k.anonVmaPrepared.has(vma.anonVma) ? vma.anonVma : null;
}

/**
 * is_mergeable_anon_vma(range's, neighbour's, neighbour): an anon_vma missing on one side is fine
 * only when the neighbour's anon_vma_chain is singular, i.e. the neighbour has an anon_vma. With
 * no neighbour to ask (`lenient`: prev's and next's, in a three-way merge), either missing is fine.
 */
function anonMergeable(r: number | null, n: number | null, lenient = false): boolean {
  if ((r === null || n === null) && (lenient || n !== null)) return true;
  return r === n;
}

/** is_mergeable_vma and the rest of can_vma_merge_*: `a` then `b` could be one mapping. */
function joins(a: Vma, b: Vma): boolean {
  return (
    a.end === b.start &&
    a.file === b.file &&
    a.thp === b.thp &&
    a.pgoff + (a.end - a.start) === b.pgoff &&
    mpol_equal(a.policy, b.policy)
  );
}

/**
 * vma_merge - for each of the VMAs `made` (just mapped, or just given a policy by mbind_range), in
 * address order, join the VMA before it and the one after it where the kernel would. Called after
 * each mmap and mbind_range.
 */
export function vma_merge(k: Kernel, mm: MmStruct, made: readonly Vma[]): void {
  let merged = 0;
  const pending = new Set(made);
  for (const range of [...made].sort((x, y) => x.start - y.start)) {
    pending.delete(range);
    const at = mm.vmas.indexOf(range);
    if (at < 0) continue;
    const prev = mm.vmas[at - 1];
    const next = mm.vmas[at + 1];
    // The range's own anon_vma throughout, as vma_merge() is handed it.
    const anon = anonOf(k, range);
    const after = !!prev && joins(prev, range) && anonMergeable(anon, anonOf(k, prev));
    const before =
      !!next && !pending.has(next) && joins(range, next) && anonMergeable(anon, anonOf(k, next));
    const three = after && before && anonMergeable(anonOf(k, prev), anonOf(k, next as Vma), true);
    const parts = three ? [prev, range, next] : after ? [prev, range] : before ? [range, next] : [];
    if (parts.length === 0) continue;
    join(k, mm, parts as Vma[]);
    merged += parts.length - 1;
  }
  if (merged === 0) return;
  k.log.layoutChanged();
  emit(
    k,
    "vma_merge",
    () =>
      `${plural(merged, "pair")} of neighbouring VMAs of pid ${mm.pid} could be one mapping (same file or none, same flags and policy, compatible anon_vma), so ${k.variant === "mainline" ? "6.1" : "3.3"} merges them: ${mm.vmas.map((v) => `${addrOf(v.start)}-${addrOf(v.end)}`).join(", ")}.`,
  );
}

/** Make `parts` (neighbours, in order) one VMA: the one whose anon_vma the pages already name. */
function join(k: Kernel, mm: MmStruct, parts: readonly Vma[]): void {
  const first = parts[0] as Vma;
  const last = parts[parts.length - 1] as Vma;
  const kept = parts.find((v) => anonOf(k, v) !== null) ?? first;
  kept.pgoff = first.pgoff;
  kept.start = first.start;
  kept.end = last.end;
  mm.vmas = mm.vmas.filter((v) => v === kept || !parts.includes(v));
}
