/**
 * Automatic NUMA balancing, the fault half: an access to a PROT_NONE PTE is a NUMA hinting fault;
 * the policy (MPOL_F_MOF | MPOL_F_MORON on the default) and the page's last_cpupid decide whether
 * the page moves to the faulting CPU's node, and if so it moves there or nowhere.
 *
 * @see mm/memory.c (6.1) do_numa_page(), numa_migrate_prep(); mm/mempolicy.c mpol_misplaced(),
 *      get_task_policy() (preferred_node_policy[]: MPOL_PREFERRED on the local node with
 *      MPOL_F_MOF | MPOL_F_MORON); kernel/sched/fair.c should_numa_migrate_memory();
 *      mm/migrate.c migrate_misplaced_page(), numamigrate_isolate_page(),
 *      alloc_misplaced_dst_page() (__GFP_THISNODE: no fallback).
 * Left out: task_numa_fault() (the per-task fault statistics that choose numa_preferred_nid and
 * numa groups). should_numa_migrate_memory() takes the task's numa_preferred_nid as set, so
 * "early in the task's life" means its mm's first 4 scan passes (numa_scan_seq <= 4).
 * "Nearly full" (migrate_balanced_pgdat()) is "no free page": the model has no watermarks.
 */
import { accountIsolated, isolate_lru_page } from "../lru.ts";
import { emit, type Kernel, nodeOfCpu } from "../machine.ts";
import { offset_il_node, vmaPageOffset } from "../mempolicy.ts";
import { migrate_pages, putback_lru_pages } from "../migrate.ts";
import { inHugePage, pageOf, testPage } from "../page.ts";
import { alloc_pages, freePages } from "../page_alloc.ts";
import { addrOf, mk_pte, set_pte_at } from "../pgtable.ts";
import type { Text } from "../said.ts";
import {
  type Mempolicy,
  type NodeId,
  type PageStruct,
  PG,
  type Thread,
  type Vma,
  type Vpn,
} from "../types.ts";
import type { Cpupid } from "./state.ts";

/** preferred_node_policy[nid]: what a task with no policy of its own follows under 6.1. */
function preferredNodePolicy(nid: NodeId): Mempolicy {
  return {
    mode: "MPOL_PREFERRED",
    nodes: [nid],
    local: false,
    staticNodes: false,
    relativeNodes: false,
    mof: true,
    moron: true,
    userNodes: [nid],
  };
}

/** get_vma_policy (6.1) - the VMA's policy, else the task's, else preferred_node_policy[here]. */
export function get_vma_policy_61(k: Kernel, t: Thread, vma: Vma | null): Mempolicy {
  return vma?.policy ?? t.policy ?? preferredNodePolicy(nodeOfCpu(k, t.cpu));
}

/**
 * do_numa_page - a thread touches a PROT_NONE PTE. Count the hinting fault, ask mpol_misplaced()
 * where the page belongs; if elsewhere, migrate_misplaced_page(); otherwise (or if that fails)
 * make the PTE accessible again where it is. Returns after the PTE is usable.
 */
export function do_numa_page(k: Kernel, t: Thread, vma: Vma, vpn: Vpn, who: Text): void {
  const numa = k.numa;
  const pte = t.mm.ptes.get(vpn);
  if (!numa || pte?.kind !== "present") return;
  const page = pageOf(k, pte.pfn);
  const here = nodeOfCpu(k, t.cpu);
  const restore = (why: string) => {
    set_pte_at(k, t.mm, vpn, mk_pte(k, pte.pfn, pte.writable));
    emit(
      k,
      "do_numa_page",
      () => `${why}: the PTE at ${addrOf(vpn)} is made accessible again, page where it is.`,
    );
  };
  // numa_migrate_prep()
  numa.events.numa_hint_faults++;
  if (page.node === here) numa.events.numa_hint_faults_local++;
  k.log.counter();
  emit(
    k,
    "numa_migrate_prep",
    () =>
      `${who} touches ${addrOf(vpn)}, whose PTE is PROT_NONE: a NUMA hinting fault (numa_hint_faults${page.node === here ? ", and numa_hint_faults_local: the page is already on this node" : ""}) on pfn ${page.pfn}, node ${page.node}.`,
  );
  if (inHugePage(page)) {
    restore("A piece of a huge page: 6.1 leaves PTE-mapped THPs alone");
    return;
  }
  const target = mpol_misplaced(k, page, vma, vpn, t);
  if (target === -1) {
    restore(`mpol_misplaced: pfn ${page.pfn} stays on node ${page.node}`);
    return;
  }
  if (migrate_misplaced_page(k, page, target, t)) return;
  const now = t.mm.ptes.get(vpn);
  if (now?.kind === "present" && now.protnone) restore("The migration did not happen");
}

/**
 * mpol_misplaced (6.1) - the node this page should move to for a fault by `t`, or -1. Only a
 * policy with MPOL_F_MOF takes part; with MPOL_F_MORON the answer is the faulting CPU's node,
 * filtered by should_numa_migrate_memory().
 */
export function mpol_misplaced(
  k: Kernel,
  page: PageStruct,
  vma: Vma,
  vpn: Vpn,
  t: Thread,
): NodeId | -1 {
  const pol = get_vma_policy_61(k, t, vma);
  const cur = page.node;
  const thisnid = nodeOfCpu(k, t.cpu);
  const say = (text: () => string) => emit(k, "mpol_misplaced", text);
  if (!pol.mof) {
    say(() => `The policy has no MPOL_F_MOF: not misplaced.`);
    return -1;
  }
  let polnid: NodeId | -1 = -1;
  switch (pol.mode) {
    case "MPOL_INTERLEAVE":
      polnid = offset_il_node(k, pol, vmaPageOffset(vma, vpn), t);
      break;
    case "MPOL_PREFERRED":
      if (pol.local) polnid = thisnid;
      else if (pol.nodes.includes(cur)) polnid = cur;
      else polnid = pol.nodes[0] as NodeId;
      break;
    case "MPOL_BIND":
      if (pol.moron) {
        if (!pol.nodes.includes(thisnid)) {
          say(() => `MPOL_BIND with NUMA balancing: node ${thisnid} is not in the mask.`);
          return -1;
        }
        break;
      }
      polnid = nearestAllowed(k, pol, cur, thisnid);
      break;
    default:
      polnid = nearestAllowed(k, pol, cur, thisnid);
  }
  if (pol.moron) {
    if (pol.mode === "MPOL_PREFERRED" && !pol.local && pol.nodes.includes(cur)) {
      say(() => `pfn ${page.pfn} is on node ${cur}, the preferred node: not misplaced.`);
      return -1;
    }
    polnid = thisnid;
    if (!should_numa_migrate_memory(k, t, page, thisnid)) return -1;
  }
  const target = polnid;
  say(() =>
    target === -1 || target === cur
      ? `pfn ${page.pfn} is where ${describe(pol)} wants it (node ${cur}).`
      : `pfn ${page.pfn} is on node ${cur}; ${describe(pol)} wants node ${target}: misplaced.`,
  );
  return target === cur ? -1 : target;
}

function describe(pol: Mempolicy): string {
  return pol.moron ? "NUMA balancing (MPOL_F_MORON)" : pol.mode;
}

/** MPOL_BIND / MPOL_PREFERRED_MANY: the page's node if allowed, else the nearest allowed one. */
function nearestAllowed(k: Kernel, pol: Mempolicy, cur: NodeId, thisnid: NodeId): NodeId {
  if (pol.nodes.includes(cur)) return cur;
  const zl = k.nodes[thisnid]?.zonelist ?? [];
  return zl.find((n) => pol.nodes.includes(n)) ?? cur;
}

/**
 * last_cpupid keeps the low 8 bits of the pid (LAST__PID_SHIFT, include/linux/page-flags-layout.h;
 * cpu_pid_to_cpupid() and cpupid_match_pid() in include/linux/mm.h): tids 100 and 356 match, and
 * a pid whose low bits are all ones reads as unset (cpupid_pid_unset()).
 */
const LAST_PID_MASK = 0xff;
const pidBits = (tid: number) => tid & LAST_PID_MASK;
const pidUnset = (c: Cpupid | undefined): boolean => !c || pidBits(c.pid) === LAST_PID_MASK;
const matchPid = (t: Thread, c: Cpupid | undefined): boolean =>
  c !== undefined && pidBits(c.pid) === pidBits(t.tid);

/** How last_cpupid named the task: said when its 8 bits make two tids one, or a tid no one. */
function pidNote(t: Thread, last: Cpupid | undefined): string {
  if (!last) return "";
  if (pidBits(last.pid) === LAST_PID_MASK)
    return ` (last_cpupid keeps 8 bits of a pid: tid ${last.pid} & 0xff is 0xff, which reads as unset)`;
  if (last.pid !== t.tid && matchPid(t, last))
    return ` (last_cpupid keeps 8 bits of a pid: tid ${t.tid} and tid ${last.pid} are both ${pidBits(t.tid)} there, one task to it)`;
  return "";
}

/**
 * should_numa_migrate_memory - the last_cpupid filter. The page remembers who faulted last; early
 * in the task's life (numa_scan_seq <= 4) a first fault or the same task's fault migrates at once.
 * Later the two-stage filter wants two faults in a row from the same node, so that one stray
 * access does not move a page.
 */
export function should_numa_migrate_memory(
  k: Kernel,
  t: Thread,
  page: PageStruct,
  dstNid: NodeId,
): boolean {
  const numa = k.numa;
  if (!numa) return false;
  const last = numa.lastCpupid.get(page.pfn);
  const mine: Cpupid = { cpu: t.cpu, pid: t.tid, nid: dstNid };
  numa.lastCpupid.set(page.pfn, mine); // page_cpupid_xchg_last()
  const seq = numa.mm.get(t.mm.pid)?.seq ?? 0;
  const say = (ok: boolean, why: string) => {
    emit(
      k,
      "should_numa_migrate_memory",
      () =>
        `last_cpupid of pfn ${page.pfn} was ${last ? `tid ${last.pid} on cpu ${last.cpu} (node ${last.nid})` : "unset"}; now tid ${t.tid} on cpu ${t.cpu}${pidNote(t, last)}. ${why}: ${ok ? "migrate" : "do not migrate yet"}.`,
    );
    return ok;
  };
  if (seq <= 4 && (pidUnset(last) || matchPid(t, last)))
    return say(
      true,
      `Early in the task's life (scan pass ${seq} <= 4) and a first or private fault`,
    );
  if (last && !pidUnset(last) && last.nid !== dstNid)
    return say(false, `Two-stage filter: the last fault came from node ${last.nid}, not ${dstNid}`);
  if (matchPid(t, last)) return say(true, "A private fault from the same node twice");
  // An unset last_cpupid skips the two-stage test: one fault, not two, lets the page go.
  if (pidUnset(last))
    return say(
      true,
      "No earlier fault to compare, so the two-stage filter does not apply, and a fault with no numa_group (none is modelled) may migrate",
    );
  return say(true, "A shared fault from the same node twice (no numa_group is modelled)");
}

/**
 * migrate_misplaced_page - move one page to `node` for a hinting fault, MIGRATE_ASYNC: not if it is
 * dirty page cache, not if `node` is nearly full, not if the page cannot be isolated; the new page
 * comes from `node` alone (no fallback). Returns whether it moved.
 */
function migrate_misplaced_page(k: Kernel, page: PageStruct, node: NodeId, t: Thread): boolean {
  const say = (text: () => string) => emit(k, "migrate_misplaced_page", text);
  if (page.mapping?.kind === "file" && testPage(page, PG.dirty)) {
    say(() => `pfn ${page.pfn} is dirty page cache: not migrated (MIGRATE_ASYNC cannot).`);
    return false;
  }
  if (freePages(k, node) === 0) {
    say(
      () => `numamigrate_isolate_page: node ${node} has no free page: not migrated, no fallback.`,
    );
    return false;
  }
  if (!isolate_lru_page(k, page)) {
    say(
      () =>
        `pfn ${page.pfn} is not on an LRU list (it waits in a CPU's LRU batch): isolate_lru_page fails, not migrated.`,
    );
    return false;
  }
  accountIsolated(k, page, 1);
  const list = [page];
  const rc = migrate_pages(
    k,
    list,
    () =>
      alloc_pages(k, {
        zonelist: k.nodes[node]?.zonelist ?? [node],
        nodemask: null,
        localNode: nodeOfCpu(k, t.cpu),
        thisNode: true,
        interleave: false,
        nrPages: 1,
        fallbackAnyNode: false,
      }),
    t.cpu,
    "MIGRATE_ASYNC",
  );
  if (rc !== 0) {
    putback_lru_pages(k, list, t.cpu);
    say(() => `migrate_pages could not move pfn ${page.pfn} to node ${node}: it stays.`);
    return false;
  }
  // 6.1 counts NUMA_PAGE_MIGRATE here, once migrate_pages has moved the page: in the frame that
  // says so (counted after the fault's last frame, it showed in the next fault's first).
  if (k.numa) {
    k.numa.events.numa_pages_migrated++;
    k.log.counter();
  }
  say(() => `pfn ${page.pfn} moved to node ${node}, the node of cpu ${t.cpu} that touched it.`);
  return true;
}
