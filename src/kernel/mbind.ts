/**
 * The mbind() and set_mempolicy() system calls.
 *
 * @see mm/mempolicy.c sys_mbind(), get_nodes(), do_mbind() as changed by RFC 03/26 (the LAZY
 *      branch) and 05/26 (MPOL_F_MOF), mbind_range(), do_set_mempolicy(); queue_pages.ts for
 *      check_range(). mm/migrate.c migrate_prep().
 * MPOL_DEFAULT with MPOL_MF_LAZY: RFC 05/26 would set MPOL_F_MOF through the NULL policy that
 * mpol_new() returns for MPOL_DEFAULT; the model skips that and says so.
 */
import { maxnodeArg } from "./get_nodes.ts";
import { lru_add_drain_all } from "./lru.ts";
import { emit, type Kernel } from "./machine.ts";
import { mbind_range } from "./mbind_range.ts";
import {
  alloc_page_vma,
  describePolicy,
  mpol_new,
  mpol_set_nodemask,
  type PolicyRequest,
  sys_policy_checks,
} from "./mempolicy.ts";
import { migrate_pages, putback_lru_pages } from "./migrate.ts";
import { migrate_pages_unmap_only } from "./migrate_lazy.ts";
import { find_vma } from "./mmap.ts";
import { addrOf } from "./pgtable.ts";
import { check_range } from "./queue_pages.ts";
import { vmaFrom } from "./rmap.ts";
import { plural } from "./trace.ts";
import {
  type Errno,
  type Mempolicy,
  PAGE_SIZE,
  type PageStruct,
  type Thread,
  type Vpn,
} from "./types.ts";
import { MPOL, MPOL_MF, modeFlagNames, mpolMfNames } from "./uapi.ts";

export interface MbindArgs extends PolicyRequest {
  readonly start: number;
  readonly len: number;
  readonly flags: number;
}

const modeName = (m: number) => Object.entries(MPOL).find(([, v]) => v === m)?.[0] ?? `mode ${m}`;

/** sys_mbind + do_mbind. Returns 0 or an errno. */
export function do_mbind(k: Kernel, t: Thread, a: MbindArgs): 0 | Errno {
  const mm = t.mm;
  // The frame names the function that turned the call away (do_mbind, or one it calls).
  const fail = (err: Errno, why: string, fn = "do_mbind"): Errno => {
    emit(k, fn, () => `mbind returns ${err}: ${why}.`);
    return err;
  };
  emit(
    k,
    "sys_mbind",
    () =>
      `tid ${t.tid} calls mbind(${addrOf(a.start / PAGE_SIZE)}, ${a.len} bytes, ${modeName(a.mode)}${modeFlagNames(a.modeFlags)}, {${a.nodes.join(",")}}${maxnodeArg(a)}, ${mpolMfNames(a.flags)}).`,
  );
  // sys_mbind's mode is an unsigned long: bits above the int that sys_policy_checks reads (as
  // sys_set_mempolicy's int mode is) leave it >= MPOL_MAX. 6.1's kernel_mbind truncates it.
  if (a.mode > 0xffff_ffff)
    return fail(
      "-EINVAL",
      "sys_mbind: the mode, an unsigned long, has bits above the low 32, so it is past MPOL_MAX",
      "sys_mbind",
    );
  const req = sys_policy_checks(a);
  if ("err" in req) return fail(req.err, req.why, req.fn);
  const { nodesSaid } = req;
  if (nodesSaid) emit(k, "get_nodes", () => nodesSaid);
  if ((a.flags & ~MPOL_MF.MPOL_MF_VALID) !== 0)
    return fail("-EINVAL", "flags outside MPOL_MF_VALID");
  if ((a.flags & MPOL_MF.MPOL_MF_MOVE_ALL) !== 0 && !mm.capSysNice) {
    return fail("-EPERM", "MPOL_MF_MOVE_ALL needs CAP_SYS_NICE");
  }
  if (a.start % PAGE_SIZE !== 0) return fail("-EINVAL", "start is not page aligned");
  let flags = a.flags;
  if (req.mode === MPOL.MPOL_DEFAULT) flags &= ~MPOL_MF.MPOL_MF_STRICT;
  const len = Math.ceil(a.len / PAGE_SIZE) * PAGE_SIZE;
  if (len === 0) {
    emit(k, "do_mbind", () => "len is 0: mbind returns 0 without looking at anything.");
    return 0;
  }
  const made = mpol_new(req);
  if (made !== null && "err" in made) return fail(made.err, `mpol_new: ${made.why}`, "mpol_new");
  let pol: Mempolicy | null = made;
  if ((flags & MPOL_MF.MPOL_MF_LAZY) !== 0) {
    if (pol) {
      pol = { ...pol, mof: true };
      emit(k, "do_mbind", () =>
        (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0
          ? "MPOL_MF_LAZY: the new policy gets MPOL_F_MOF, so, once mbind has put it in place, a write fault on an anonymous page this mbind unmaps will migrate it if it is misplaced (a file page comes back from the page cache where it is)."
          : "MPOL_MF_LAZY: the new policy gets MPOL_F_MOF, but without MPOL_MF_MOVE nothing is unmapped now (LAZY only modifies MOVE). A page of the range that is already in the swap cache (unmapped by an earlier lazy mbind, or swapped out by reclaim, which the model never does) is still checked by mpol_misplaced, under this policy, when a write brings it back through do_swap_page.",
      );
    } else {
      emit(
        k,
        "do_mbind",
        () =>
          "MPOL_MF_LAZY with MPOL_DEFAULT: there is no policy to mark with MPOL_F_MOF (the RFC would dereference NULL here; the model goes on without it).",
      );
    }
  }
  if (!pol) flags |= MPOL_MF.MPOL_MF_DISCONTIG_OK;
  const moving = (flags & (MPOL_MF.MPOL_MF_MOVE | MPOL_MF.MPOL_MF_MOVE_ALL)) !== 0;
  if (moving) {
    const n = lru_add_drain_all(k);
    emit(
      k,
      "migrate_prep",
      () =>
        `migrate_prep drains every CPU's pagevecs (${plural(n, "page")}) so that isolate_lru_page can find the pages on the LRU.`,
    );
  }
  if (pol) {
    const fitted = mpol_set_nodemask(k, pol);
    if (typeof fitted === "string")
      return fail(
        fitted,
        "mpol_set_nodemask: none of the mask's nodes exists on this machine",
        "mpol_set_nodemask",
      );
    pol = fitted;
  }
  const start = (a.start / PAGE_SIZE) as Vpn;
  const end = (start + len / PAGE_SIZE) as Vpn;
  const pagelist: PageStruct[] = [];
  // The mask as get_nodes() read it (maxnode may have left nodes out), not yet fitted to the machine.
  const checked = check_range(
    k,
    t,
    start,
    end,
    req.nodes,
    flags | MPOL_MF.MPOL_MF_INVERT,
    pagelist,
  );
  let err: 0 | Errno = checked === 0 ? mbind_range_33(k, t, start, end, pol) : checked;
  if (err === 0) {
    let nrFailed = 0;
    if (pagelist.length > 0) {
      const lazy = (flags & MPOL_MF.MPOL_MF_LAZY) !== 0;
      const rc = lazy
        ? migrate_pages_unmap_only(k, pagelist, t.cpu)
        : migrate_pages(
            k,
            pagelist,
            (page) => new_vma_page(k, t, page, start),
            t.cpu,
            "MIGRATE_SYNC_LIGHT",
          );
      nrFailed = rc === "-ENOMEM" ? -1 : rc;
      if (nrFailed !== 0) putback_lru_pages(k, pagelist, t.cpu);
    }
    if (nrFailed !== 0 && (flags & MPOL_MF.MPOL_MF_STRICT) !== 0) err = "-EIO";
  } else {
    putback_lru_pages(k, pagelist, t.cpu);
  }
  const why =
    err === 0
      ? "done"
      : err === "-EIO"
        ? "MPOL_MF_STRICT and some pages could not be placed"
        : "see above";
  emit(k, "do_mbind", () => `mbind returns ${err}${err === 0 ? "" : ` (${why})`}.`);
  return err;
}

/**
 * new_vma_page - the target page for a migrating page, allocated under the policy of the first
 * VMA from the mbind range's start on that could map it (page_address_in_vma): a page the caller
 * also maps below the range still takes the range's new policy. No such VMA: the task's or the
 * default policy. @see mm/mempolicy.c new_vma_page() (3.3), started at check_range()'s VMA.
 */
function new_vma_page(k: Kernel, t: Thread, page: PageStruct, start: Vpn): PageStruct | null {
  return alloc_page_vma(k, t, ...vmaFrom(t.mm, page, start));
}

/**
 * mbind_range (3.3) - -EFAULT when no VMA contains `start`; else give [start, end) the new policy,
 * splitting VMAs at the edges (./mbind_range.ts, the loop both kernels share; 3.3's
 * policy_vma() attaches it). The stable release 3.3.8 carries commit 05f144a0d5c2,
 * after which this attaches nothing to an anonymous VMA and only splits it (3.7 reverted it:
 * 8d34694c1abf); the RFC was written against 3.3, which this follows (README).
 */
function mbind_range_33(
  k: Kernel,
  t: Thread,
  start: Vpn,
  end: Vpn,
  pol: Mempolicy | null,
): 0 | Errno {
  const first = find_vma(t.mm, start);
  if (!first || first.start > start) {
    emit(k, "mbind_range", () => `No VMA contains ${addrOf(start)}: -EFAULT.`);
    return "-EFAULT";
  }
  mbind_range(k, t, start, end, pol);
  return 0;
}

/** sys_set_mempolicy / do_set_mempolicy - the calling thread's task policy. */
export function do_set_mempolicy(k: Kernel, t: Thread, req: PolicyRequest): 0 | Errno {
  // Every refusal names the call, its mode flags with it (they may be the reason), and why.
  const refuse = (err: Errno, why: string): Errno => {
    emit(
      k,
      "do_set_mempolicy",
      () =>
        `set_mempolicy(${modeName(req.mode)}${modeFlagNames(req.modeFlags)}, {${req.nodes.join(",")}}${maxnodeArg(req)}) by tid ${t.tid} returns ${err}: ${why}.`,
    );
    return err;
  };
  const checked = sys_policy_checks(req, "sys_set_mempolicy");
  if ("err" in checked) return refuse(checked.err, checked.why);
  const { nodesSaid } = checked;
  if (nodesSaid) emit(k, "get_nodes", () => nodesSaid);
  const made = mpol_new(checked);
  if (made !== null && "err" in made) return refuse(made.err, `mpol_new: ${made.why}`);
  const fitted = made === null ? null : mpol_set_nodemask(k, made);
  if (typeof fitted === "string")
    return refuse(fitted, "mpol_set_nodemask: none of the mask's nodes exists on this machine");
  t.policy = fitted;
  t.ilNext = fitted?.mode === "MPOL_INTERLEAVE" ? (fitted.nodes[0] ?? null) : null;
  k.log.layoutChanged();
  emit(
    k,
    "do_set_mempolicy",
    () =>
      `tid ${t.tid}'s task policy is now ${describePolicy(fitted)}; it places pages of VMAs that have no policy of their own, and page-cache pages.`,
  );
  return 0;
}
