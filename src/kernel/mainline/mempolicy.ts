/**
 * mbind() and set_mempolicy() as Linux 6.1 has them: no MPOL_MF_LAZY, MPOL_LOCAL as a mode of its
 * own, MPOL_PREFERRED_MANY, MPOL_F_NUMA_BALANCING, and lru_cache_disable() in place of
 * migrate_prep().
 *
 * @see mm/mempolicy.c (6.1) kernel_mbind(), mpol_set_nodemask(), do_mbind(), mbind_range()
 *      (../mbind_range.ts), new_page(); mm/swap.c lru_cache_disable(). The page walk is in
 *      ./queue_pages.ts.
 * Same simplifications as the RFC model (../mempolicy.ts): no cpusets, no shared policies.
 * mpol_set_nodemask() is the 3.3 model's: 6.1's differs only in how it stores the user mask.
 * The argument checks and mpol_new() are in ./mpol_new.ts, set_mempolicy() in ./set_mempolicy.ts.
 */
import { maxnodeArg } from "../get_nodes.ts";
import { lru_add_drain_all } from "../lru.ts";
import { emit, type Kernel } from "../machine.ts";
import { mbind_range } from "../mbind_range.ts";
import { alloc_page_vma, mpol_set_nodemask } from "../mempolicy.ts";
import { migrate_pages, putback_lru_pages } from "../migrate.ts";
import { addrOf } from "../pgtable.ts";
import { vmaFrom } from "../rmap.ts";
import type { Errno, Mempolicy, PageStruct, Thread, Vpn } from "../types.ts";
import { PAGE_SIZE } from "../types.ts";
import { MPOL_MF, mpolMfNames } from "../uapi.ts";
import { modeName, mpol_new_61, type PolicyArgs, sanitize_mpol_flags } from "./mpol_new.ts";
import { queue_pages_range } from "./queue_pages.ts";
import { MPOL_61, MPOL_MF_VALID_61, modeFlagNames } from "./uapi.ts";

export interface MbindArgs61 extends PolicyArgs {
  readonly start: number;
  readonly len: number;
  readonly flags: number;
}

/** The frame names the function that turned the call away (do_mbind, or one it calls). */
const failWith =
  (k: Kernel) =>
  (err: Errno, why: string, fn = "do_mbind"): Errno => {
    emit(k, fn, () => `mbind returns ${err}: ${why}.`);
    return err;
  };

/** kernel_mbind + do_mbind (6.1). Returns 0 or an errno. */
export function do_mbind_61(k: Kernel, t: Thread, a: MbindArgs61): 0 | Errno {
  const fail = failWith(k);
  emit(
    k,
    "kernel_mbind",
    () =>
      `tid ${t.tid} calls mbind(${addrOf(a.start / PAGE_SIZE)}, ${a.len} bytes, ${modeName(a.mode)}${modeFlagNames(a.modeFlags)}, {${a.nodes.join(",")}}${maxnodeArg(a)}, flags 0x${a.flags.toString(16)} = ${mpolMfNames(a.flags)}) on Linux 6.1.`,
  );
  const s = sanitize_mpol_flags(a);
  if ("err" in s) return fail(s.err, s.why, s.fn);
  const { nodesSaid } = s;
  if (nodesSaid) emit(k, "get_nodes", () => nodesSaid);
  if ((a.flags & ~MPOL_MF_VALID_61) !== 0) {
    const lazy = (a.flags & MPOL_MF.MPOL_MF_LAZY) !== 0;
    const others = (a.flags & ~MPOL_MF_VALID_61 & ~MPOL_MF.MPOL_MF_LAZY) !== 0;
    return fail(
      "-EINVAL",
      lazy
        ? `MPOL_MF_LAZY is not in MPOL_MF_VALID${others ? " (nor are the other unknown bits passed with it: do_mbind refuses any bit outside STRICT|MOVE|MOVE_ALL)" : ""}. Linux 3.8 merged it (marking pages PROT_NONE, as NUMA balancing does, not unmapping them into the swap cache) but hid it from user space at once, and its code in do_mbind is dead; 6.1 migrates on touch through automatic NUMA balancing instead`
        : "flags outside MPOL_MF_VALID (STRICT|MOVE|MOVE_ALL)",
    );
  }
  if ((a.flags & MPOL_MF.MPOL_MF_MOVE_ALL) !== 0 && !t.mm.capSysNice)
    return fail("-EPERM", "MPOL_MF_MOVE_ALL needs CAP_SYS_NICE");
  if (a.start % PAGE_SIZE !== 0) return fail("-EINVAL", "start is not page aligned");
  let flags = a.flags;
  if (s.mode === MPOL_61.MPOL_DEFAULT) flags &= ~MPOL_MF.MPOL_MF_STRICT;
  const len = Math.ceil(a.len / PAGE_SIZE) * PAGE_SIZE;
  if (len === 0) {
    emit(k, "do_mbind", () => "len is 0: mbind returns 0 without looking at anything.");
    return 0;
  }
  const made = mpol_new_61(s);
  if (made !== null && "err" in made) return fail(made.err, `mpol_new: ${made.why}`, "mpol_new");
  if (!made) flags |= MPOL_MF.MPOL_MF_DISCONTIG_OK;
  const moving = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  if (moving) lru_cache_disable(k);
  const start = (a.start / PAGE_SIZE) as Vpn;
  const err = applyPolicy(k, t, start, (start + len / PAGE_SIZE) as Vpn, s.nodes, made, flags);
  if (moving) lru_cache_enable(k);
  return err;
}

/** do_mbind from mpol_set_nodemask() on: walk, set the policy, migrate, and the return value. */
function applyPolicy(
  k: Kernel,
  t: Thread,
  start: Vpn,
  end: Vpn,
  userNodes: readonly number[],
  made: Mempolicy | null,
  flags: number,
): 0 | Errno {
  const fail = failWith(k);
  let pol = made;
  if (pol && !pol.local) {
    const fitted = mpol_set_nodemask(k, pol);
    if (typeof fitted === "string")
      return fail(
        fitted,
        "mpol_set_nodemask: none of the mask's nodes has memory",
        "mpol_set_nodemask",
      );
    pol = fitted;
  }
  const pagelist: PageStruct[] = [];
  const ret = queue_pages_range(
    k,
    t,
    start,
    end,
    userNodes,
    flags | MPOL_MF.MPOL_MF_INVERT,
    pagelist,
  );
  if (typeof ret === "string") {
    putback_lru_pages(k, pagelist, t.cpu);
    return fail(ret, "queue_pages_range said so; the policy is not applied");
  }
  // mbind_range (6.1): unlike 3.3's, no "no VMA at start: -EFAULT" test: queue_pages_range()
  // already judged the holes (Li Xinhai, "mm/mempolicy.c: fix checking unmapped holes for
  // mbind", 2019).
  mbind_range(k, t, start, end, pol);
  let nrFailed = 0;
  if (pagelist.length > 0) {
    const rc = migrate_pages(
      k,
      pagelist,
      (page) => new_page(k, t, page, start),
      t.cpu,
      "MIGRATE_SYNC",
    );
    nrFailed = rc === "-ENOMEM" ? -1 : rc;
    if (nrFailed !== 0) putback_lru_pages(k, pagelist, t.cpu);
  }
  if (ret > 0) return fail("-EIO", "MPOL_MF_STRICT and the walk met a page it could not isolate");
  if (nrFailed !== 0 && (flags & MPOL_MF.MPOL_MF_STRICT) !== 0)
    return fail("-EIO", "MPOL_MF_STRICT and some pages could not be migrated");
  emit(k, "do_mbind", () => "mbind returns 0.");
  return 0;
}

/**
 * lru_cache_disable - 6.1's replacement for migrate_prep(): drain every CPU's LRU batches and
 * keep new pages off them until lru_cache_enable(), so isolate_lru_page() finds every page.
 */
function lru_cache_disable(k: Kernel): void {
  k.lruCacheDisabled++;
  const n = lru_add_drain_all(k);
  emit(
    k,
    "lru_cache_disable",
    () =>
      `lru_cache_disable drains every CPU's LRU batches (${n} pages) and, until lru_cache_enable, sends every page added to a batch straight onto its LRU list, so isolate_lru_page can find every page.`,
  );
}

/** lru_cache_enable - lru_disable_count back down: the batches hold pages again (no drain). */
function lru_cache_enable(k: Kernel): void {
  k.lruCacheDisabled--;
  emit(
    k,
    "lru_cache_enable",
    () =>
      "lru_cache_enable: the LRU batches hold pages again; while they were off, every page added to one went straight onto its LRU list.",
  );
}

/**
 * new_page (6.1 mm/mempolicy.c) - the target of a migrating page, under the policy of the first
 * VMA from `start` on that could map it, as 3.3's new_vma_page (../rmap.ts vmaFrom).
 */
function new_page(k: Kernel, t: Thread, page: PageStruct, start: Vpn): PageStruct | null {
  return alloc_page_vma(k, t, ...vmaFrom(t.mm, page, start));
}
