/**
 * set_mempolicy() as Linux 6.1 has it: the calling thread's task policy.
 *
 * @see mm/mempolicy.c (6.1) kernel_set_mempolicy(), do_set_mempolicy(); the argument checks
 *      and mpol_new() are in ./mpol_new.ts, mpol_set_nodemask() is the 3.3 model's.
 */
import { emit, type Kernel } from "../machine.ts";
import { describePolicy, mpol_set_nodemask } from "../mempolicy.ts";
import type { Errno, Mempolicy, Thread } from "../types.ts";
import { modeName, mpol_new_61, type PolicyArgs, sanitize_mpol_flags } from "./mpol_new.ts";
import { modeFlagNames } from "./uapi.ts";

/** kernel_set_mempolicy + do_set_mempolicy (6.1) - the calling thread's task policy. */
export function do_set_mempolicy_61(k: Kernel, t: Thread, a: PolicyArgs): 0 | Errno {
  const say = (text: () => string) => emit(k, "do_set_mempolicy", text);
  const s = sanitize_mpol_flags(a);
  const nodesSaid = "err" in s ? null : s.nodesSaid;
  if (nodesSaid) emit(k, "get_nodes", () => nodesSaid);
  const made = "err" in s ? s : mpol_new_61(s);
  let pol: Mempolicy | null = null;
  if (made !== null && "err" in made) {
    say(
      () =>
        `set_mempolicy(${modeName(a.mode)}${modeFlagNames(a.modeFlags)}) by tid ${t.tid} returns ${made.err}: ${made.why}.`,
    );
    return made.err;
  }
  pol = made;
  if (pol && !pol.local) {
    const fitted = mpol_set_nodemask(k, pol);
    if (typeof fitted === "string") {
      say(() => `set_mempolicy by tid ${t.tid} returns ${fitted}: no node of the mask has memory.`);
      return fitted;
    }
    pol = fitted;
  }
  t.policy = pol;
  // il_prev = MAX_NUMNODES - 1: the next interleaved page goes to the mask's first node.
  t.ilNext = pol?.mode === "MPOL_INTERLEAVE" ? (pol.nodes[0] ?? null) : null;
  k.log.layoutChanged();
  say(() => `tid ${t.tid}'s task policy is now ${describePolicy(pol, k.variant)}.`);
  return 0;
}
