/**
 * Automatic NUMA balancing, the scanning half: time passes, each mm's address space is scanned in
 * windows, and the PTEs of pages that may be misplaced become PROT_NONE so that the next access
 * takes a hinting fault (./numa_fault.ts).
 *
 * @see kernel/sched/fair.c (6.1) task_tick_numa(), task_numa_work(), reset_ptenuma_scan(),
 *      task_scan_start(); mm/mempolicy.c change_prot_numa(), vma_policy_mof();
 *      mm/mprotect.c change_pte_range() (the prot_numa branch).
 * Left out: scan-period adaptation (update_task_scan_period(): the period stays at its minimum,
 * task_scan_min(), where 6.1 lengthens it up to scan_period_max when faults are local and
 * shortens it again when they are not); task placement (numa_preferred_nid, task_numa_migrate,
 * numa groups); the scan is driven by wall time, not by the task's run time; huge pages are not
 * scanned (6.1 marks their PMD, counted in numa_huge_pte_updates).
 */
import { emit, type Kernel, nodeOfCpu } from "../machine.ts";
import { find_vma } from "../mmap.ts";
import { inHugePage, pageOf, testPage } from "../page.ts";
import { addrOf, set_pte_at } from "../pgtable.ts";
import { type MmStruct, PG, type Pid, type Thread, type Vma, type Vpn } from "../types.ts";
import { get_vma_policy_61 } from "./numa_fault.ts";
import type { MmNumaScan, NumaBalancing } from "./state.ts";

/** MAX_SCAN_WINDOW: never more than 2560 MB of PTEs scanned a second (kernel/sched/fair.c). */
const MAX_SCAN_WINDOW = 2560;

/**
 * task_scan_min - the scan period the model keeps (task_scan_start() sets it at the task's first
 * task_tick_numa(); with no numa_group, to this): numa_balancing_scan_period_min_ms shared out
 * over the scan windows the resident set needs (task_nr_scan_windows(): get_mm_rss() rounded up
 * to whole scan_size windows, one when nothing is resident), but no shorter than a second over
 * MAX_SCAN_WINDOW / scan_size windows. 1000 ms with 6.1's defaults for up to 256 MiB resident.
 */
export function task_scan_min(numa: NumaBalancing, mm: MmStruct): number {
  const { numa_balancing_scan_size_mb: size, numa_balancing_scan_period_min_ms: min } =
    numa.settings;
  const windows = size < MAX_SCAN_WINDOW ? Math.floor(MAX_SCAN_WINDOW / size) : 1;
  const floor = Math.floor(1000 / windows);
  const windowPages = size * 256;
  let rss = 0;
  for (const pte of mm.ptes.values()) if (pte.kind === "present") rss++;
  const nrWindows = Math.ceil((rss || windowPages) / windowPages);
  return Math.max(floor, Math.floor(min / nrWindows));
}

/** HPAGE_SIZE in pages: task_numa_work() ends a window on a 2 MiB boundary. */
const HPAGE_PAGES = 512;
/** More scans than this in one tick is a scenario error, not a lesson. */
const MAX_SCANS_PER_TICK = 10_000;

/** The live threads of an mm, lowest tid first (the one whose task_work runs the scan). */
function threadsOf(k: Kernel, mm: MmStruct): Thread[] {
  return [...k.threads.values()].filter((t) => t.mm === mm).sort((a, b) => a.tid - b.tid);
}

function scanOf(numa: NumaBalancing, mm: MmStruct): MmNumaScan {
  let s = numa.mm.get(mm.pid);
  if (!s) {
    // init_numa_balancing(): numa_next_scan = now + scan_delay, for a new mm.
    s = {
      nextScan: numa.now + numa.settings.numa_balancing_scan_delay_ms,
      offset: 0 as Vpn,
      seq: 0,
    };
    numa.mm.set(mm.pid, s);
  }
  return s;
}

/**
 * What fork does to the scan clocks (6.1): copy_process() runs sched_fork() before copy_mm(), so
 * init_numa_balancing() still sees the parent's mm, and if the parent is single-threaded
 * (mm_users 1) restarts its clock: numa_next_scan = now + scan_delay, numa_scan_seq = 0. dup_mm()
 * then copies the parent's mm into the child's, clock, scan offset and pass count included; the
 * child task's own clock (node_stamp 0, a period of scan_delay) keeps its first scan at least
 * scan_delay after the fork. Returns when the parent's next scan now is, if its clock was restarted.
 */
export function numa_fork(k: Kernel, parent: MmStruct, child: MmStruct): number | null {
  const numa = k.numa;
  if (!numa) return null;
  const p = scanOf(numa, parent);
  const restarted = threadsOf(k, parent).length === 1;
  const delay = numa.now + numa.settings.numa_balancing_scan_delay_ms;
  if (restarted) {
    p.nextScan = delay;
    p.seq = 0;
  }
  // The child task starts with node_stamp 0 and a period of scan_delay: task_tick_numa queues
  // its first task_numa_work no sooner than scan_delay after the fork, whatever its mm's clock.
  numa.mm.set(child.pid, { ...p, nextScan: Math.max(p.nextScan, delay) });
  return restarted ? p.nextScan : null;
}

/** Start each mm's scan clock when the model first sees it (a fork's child has numa_fork's). */
export function numaTrackMms(k: Kernel): void {
  if (!k.numa) return;
  for (const mm of k.mms.values()) if (!mm.exited) scanOf(k.numa, mm);
}

/**
 * tick - let `ms` milliseconds pass. Each mm whose numa_next_scan falls inside runs
 * task_numa_work() then, and again every scan period. Under the RFC kernel time passes and
 * nothing happens: 3.3 has no NUMA balancing. The step's frames go caller first: the tick names
 * the scans due, each scan says what it will cover, then each change_prot_numa() range.
 */
export function tick(k: Kernel, ms: number): void {
  const numa = k.numa;
  if (!numa) {
    emit(
      k,
      "tick",
      () =>
        `${ms} ms pass. Linux 3.3 with the RFC has no automatic NUMA balancing: nothing moves until a thread touches its memory.`,
    );
    return;
  }
  if (k.nodes.length < 2) {
    numa.now += ms;
    emit(
      k,
      "tick",
      () =>
        `${ms} ms pass. Linux 6.1 turns automatic NUMA balancing on only when more than one node is online (check_numabalancing_enable): on this one-node machine no scan runs.`,
    );
    return;
  }
  numaTrackMms(k);
  const from = numa.now;
  const until = from + ms;
  // No scan changes what is resident, so each mm's period holds for the whole tick.
  const period = new Map([...k.mms.values()].map((mm) => [mm.pid, task_scan_min(numa, mm)]));
  const { due, next } = scansDue(k, numa, until, period);
  k.log.counter();
  emit(k, "tick", () => {
    const ran = due.map((d) => `pid ${d.pid} at ${d.at} ms`).join(", ");
    return `${ms} ms pass (t = ${from} to ${until} ms): ${due.length === 0 ? "no NUMA scan falls due" : `task_tick_numa queues task_numa_work for ${due.length} NUMA scan${due.length === 1 ? "" : "s"} (${ran})`}. Next scans after this: ${[
      ...next,
    ]
      .map(([pid, at]) => `pid ${pid} at ${at} ms`)
      .join(", ")}.`;
  });
  for (const d of due) {
    numa.now = d.at;
    const s = numa.mm.get(d.pid) as MmNumaScan;
    // The period stays at its minimum: scan-period adaptation is left out.
    s.nextScan = numa.now + (period.get(d.pid) as number);
    task_numa_work(k, numa, k.mms.get(d.pid) as MmStruct, s);
  }
  numa.now = until;
}

/**
 * The scans that fall due before `until`, in time order (each live mm again every scan period),
 * and every mm's next scan after them: worked out before any runs, so the tick's frame can name
 * them (a scan never changes when the next is due).
 */
function scansDue(
  k: Kernel,
  numa: NumaBalancing,
  until: number,
  period: ReadonlyMap<Pid, number>,
): { due: { pid: Pid; at: number }[]; next: Map<Pid, number> } {
  const next = new Map([...numa.mm].map(([pid, s]) => [pid, s.nextScan]));
  const live = [...k.mms.values()].filter((mm) => !mm.exited && next.has(mm.pid));
  const due: { pid: Pid; at: number }[] = [];
  while (due.length < MAX_SCANS_PER_TICK) {
    let first: { pid: Pid; at: number } | null = null;
    for (const { pid } of live) {
      const at = next.get(pid) as number;
      if (at <= until && (!first || at < first.at)) first = { pid, at };
    }
    if (!first) break;
    due.push(first);
    next.set(first.pid, first.at + (period.get(first.pid) as number));
  }
  return { due, next };
}

/** vma_policy_mof - does the VMA's policy (or the task's, or the default) carry MPOL_F_MOF? */
function vma_policy_mof(k: Kernel, t: Thread, vma: Vma): boolean {
  return get_vma_policy_61(k, t, vma).mof;
}

/** A range task_numa_work() hands to change_prot_numa(), with what the call will find there. */
interface ScanRange {
  readonly mm: MmStruct;
  readonly vma: Vma;
  readonly start: Vpn;
  readonly end: Vpn;
  readonly found: ProtNumaTargets;
}

/**
 * task_numa_work - one scan window: from numa_scan_offset, mark up to scan_size MiB of pages
 * (8 times that of address space) PROT_NONE, VMA by VMA, in 2 MiB-aligned pieces. Reaching the
 * end of the address space starts over at 0 and counts a pass (numa_scan_seq). The window is
 * worked out first (change_prot_numa()'s count decides where it stops), so this frame can say
 * what the scan covers before the change_prot_numa() frames that do it: the ranges are disjoint,
 * so marking one cannot change what another finds.
 */
function task_numa_work(k: Kernel, numa: NumaBalancing, mm: MmStruct, s: MmNumaScan): void {
  const t = threadsOf(k, mm)[0];
  if (!t) return;
  let pages = numa.settings.numa_balancing_scan_size_mb * 256;
  let virtpages = pages * 8;
  let start = s.offset as number;
  let vma = find_vma(mm, start);
  if (!vma) {
    s.seq++;
    s.offset = 0 as Vpn;
    start = 0;
    vma = find_vma(mm, 0);
  }
  const from = start;
  const ranges: ScanRange[] = [];
  let updated = 0;
  let already = 0;
  let stopped = false;
  for (; vma && !stopped; vma = find_vma(mm, vma.end)) {
    if (!vma_policy_mof(k, t, vma)) continue;
    let end: number;
    do {
      start = Math.max(start, vma.start);
      end = Math.min(Math.ceil((start + pages) / HPAGE_PAGES) * HPAGE_PAGES, vma.end);
      const found = protNumaTargets(k, t, vma, start as Vpn, end as Vpn);
      ranges.push({ mm, vma, start: start as Vpn, end: end as Vpn, found });
      const nr = found.vpns.length;
      updated += nr;
      already += found.already;
      if (nr) pages -= end - start;
      virtpages -= end - start;
      start = end;
      if (pages <= 0 || virtpages <= 0) {
        stopped = true;
        break;
      }
    } while (end !== vma.end);
  }
  const wrapped = !stopped;
  if (wrapped) {
    s.seq++;
    s.offset = 0 as Vpn;
  } else s.offset = start as Vpn;
  emit(
    k,
    "task_numa_work",
    () =>
      `t = ${numa.now} ms: pid ${mm.pid}'s NUMA scan (run by tid ${t.tid}) covers ${addrOf(from)} to ${wrapped ? "the end of its address space" : addrOf(start)}${ranges.length ? `, ${ranges.length} range${ranges.length === 1 ? "" : "s"} with MPOL_F_MOF for change_prot_numa: ${updated} PTE${updated === 1 ? "" : "s"} to make PROT_NONE${already ? ` (${already} already ${already === 1 ? "is" : "are"})` : ""}` : ", where no VMA's policy has MPOL_F_MOF: nothing to mark"}${wrapped ? `; pass ${s.seq} is done and the next scan starts again at the bottom` : ""}. Next scan at ${s.nextScan} ms (the period stays at its minimum, task_scan_min: 6.1's adaptation is left out).`,
  );
  for (const r of ranges) change_prot_numa(k, r);
}

/** What change_prot_numa() will find in a range: the PTEs to mark and why others are left. */
interface ProtNumaTargets {
  readonly vpns: readonly Vpn[];
  /** Private pages skipped because page_count != 1. */
  readonly busy: number;
  /** PTEs already PROT_NONE, which change_pte_range() passes over (and does not count). */
  readonly already: number;
  /** The node a single-threaded process runs on (its pages there are left), or -1. */
  readonly targetNode: number;
}

/**
 * The present PTEs of [start, end) that change_pte_range()'s prot_numa branch marks: it skips
 * PTEs already PROT_NONE, KSM pages, dirty page-cache pages, and, in a private (copy-on-write)
 * mapping only, pages with other references (page_count != 1: shared after fork, in a CPU's LRU
 * batch, pinned) and, in a single-threaded process, pages already on the node it runs on. Clean
 * page cache in a MAP_SHARED file mapping is scanned whatever its page_count.
 */
function protNumaTargets(k: Kernel, t: Thread, vma: Vma, start: Vpn, end: Vpn): ProtNumaTargets {
  const mm = t.mm;
  // The model's file mappings are MAP_SHARED (VM_SHARED) and its anonymous ones private
  // (is_cow_mapping): the page_count and single-threaded tests apply to private mappings only.
  const shared = vma.file !== null;
  const single = !shared && [...k.threads.values()].filter((x) => x.mm === mm).length === 1;
  const targetNode = single ? nodeOfCpu(k, t.cpu) : -1;
  const vpns: Vpn[] = [];
  let busy = 0;
  let already = 0;
  for (let vpn = start; vpn < end; vpn++) {
    const pte = mm.ptes.get(vpn as Vpn);
    if (pte?.kind !== "present") continue;
    if (pte.protnone) {
      already++;
      continue;
    }
    const page = pageOf(k, pte.pfn);
    if (inHugePage(page) || testPage(page, PG.ksm)) continue;
    if (!shared && page.count !== 1) {
      busy++;
      continue;
    }
    if (page.mapping?.kind === "file" && testPage(page, PG.dirty)) continue;
    if (page.node === targetNode) continue;
    vpns.push(vpn as Vpn);
  }
  return { vpns, busy, already, targetNode };
}

/**
 * change_prot_numa - make the PTEs task_numa_work() found in a range PROT_NONE (see
 * protNumaTargets for which), counting them in numa_pte_updates.
 */
function change_prot_numa(k: Kernel, { mm, vma, start, end, found }: ScanRange): void {
  for (const vpn of found.vpns) {
    const pte = mm.ptes.get(vpn);
    if (pte?.kind === "present") set_pte_at(k, mm, vpn, { ...pte, protnone: true });
  }
  const nr = found.vpns.length;
  if (nr && k.numa) {
    k.numa.events.numa_pte_updates += nr;
    k.log.counter();
  }
  const { busy, already, targetNode } = found;
  emit(
    k,
    "change_prot_numa",
    () =>
      `VMA ${vma.id} ${addrOf(start)}-${addrOf(end)}: ${nr} ${already ? "more " : ""}PTE${nr === 1 ? "" : "s"} made PROT_NONE (the next access takes a NUMA hinting fault)${already ? `; ${already} already ${already === 1 ? "was" : "were"} PROT_NONE (not accessed since the last scan) and ${already === 1 ? "is" : "are"} passed over` : ""}${busy ? `; ${busy} skipped because page_count is not 1 (waiting in a CPU's LRU batch, shared, pinned, or locked by a lock_page step, which holds a reference)` : ""}${targetNode >= 0 ? `; pages already on node ${targetNode}, where this single-threaded process runs, are left alone` : ""}.`,
  );
}
