/**
 * The rules a scenario's fields must keep between them, once each field has its type (schema.ts):
 * the machine's limits, pids and tids, each step against the machine and the tasks that exist
 * when it runs, and what all the steps ask of the model together. Each error names its field.
 */
import { LIMITS } from "./format.ts";
import type { RawScenario, RawStep } from "./schema.ts";

const PAGE = 4096;
const MAX_TOTAL_STEP_PAGES = 16_777_216;

/** Every rule the scenario breaks, as `field: what is wrong` ([] when it keeps them all). */
export function crossCheck(s: RawScenario): string[] {
  const errors: string[] = [];
  const n = s.machine.nodes.length;
  const frames = s.machine.nodes.reduce((a, node) => a + node.frames, 0);
  if (frames > LIMITS.totalFrames) {
    errors.push(
      `machine.nodes: ${frames} frames in all is over the limit of ${LIMITS.totalFrames}`,
    );
  }
  const cpus = new Set<number>();
  s.machine.nodes.forEach((node, i) => {
    node.cpus.forEach((c, j) => {
      if (cpus.has(c))
        errors.push(
          node.cpus.indexOf(c) < j
            ? `machine.nodes[${i}].cpus[${j}]: cpu ${c} is listed twice`
            : `machine.nodes[${i}].cpus[${j}]: cpu ${c} is already on another node`,
        );
      cpus.add(c);
    });
  });
  const d = s.machine.distances;
  if (d) {
    if (d.length !== n)
      errors.push(`machine.distances: needs ${n} rows, one per node, not ${d.length}`);
    d.forEach((row, i) => {
      if (row.length !== n)
        errors.push(`machine.distances[${i}]: needs ${n} entries, not ${row.length}`);
      if (row[i] !== undefined && row[i] !== 10)
        errors.push(`machine.distances[${i}][${i}]: a node's distance to itself is 10`);
    });
  }
  const pids = new Set<number>();
  const tids = new Set<number>();
  // Linux numbers processes and threads from one space (a process's pid is its first thread's
  // tid): a pid may be a tid only of its own process.
  const ownerOfTid = new Map<number, number>();
  for (const p of s.processes) for (const t of p.threads) ownerOfTid.set(t.tid, p.pid);
  const pidSet = new Set(s.processes.map((p) => p.pid));
  s.processes.forEach((p, i) => {
    if (pids.has(p.pid)) errors.push(`processes[${i}].pid: pid ${p.pid} is used twice`);
    pids.add(p.pid);
    const owner = ownerOfTid.get(p.pid);
    if (owner !== undefined && owner !== p.pid)
      errors.push(
        `processes[${i}].pid: ${p.pid} is already a thread of pid ${owner} (pids and tids are one number space)`,
      );
    p.threads.forEach((t, j) => {
      if (tids.has(t.tid))
        errors.push(`processes[${i}].threads[${j}].tid: tid ${t.tid} is used twice`);
      else if (pidSet.has(t.tid) && t.tid !== p.pid)
        errors.push(
          `processes[${i}].threads[${j}].tid: ${t.tid} is already the pid of another process (pids and tids are one number space)`,
        );
      tids.add(t.tid);
      if (!cpus.has(t.cpu))
        errors.push(`processes[${i}].threads[${j}].cpu: cpu ${t.cpu} is on no node`);
    });
  });
  let totalPages = 0;
  // A fork copies its parent's page table: as many entries as the parent has mapped pages, which
  // the pages its threads mmapped (or it inherited) bound. They have a limit of their own, or
  // twenty forks of a million-page process would ask for twenty million PTEs.
  const pidOfTid = new Map<number, number>();
  for (const p of s.processes) for (const t of p.threads) pidOfTid.set(t.tid, p.pid);
  const mappedBy = new Map<number, number>();
  let forkedPtes = 0;
  s.steps.forEach((step, i) => {
    const at = `steps[${i}]`;
    if ("tid" in step && !tids.has(step.tid))
      errors.push(`${at}.tid: no thread ${step.tid} exists at this step`);
    if ("pages" in step && step.pages !== undefined) totalPages += step.pages;
    const pid = "tid" in step ? pidOfTid.get(step.tid) : undefined;
    if (pid !== undefined && step.op === "mmap")
      mappedBy.set(pid, (mappedBy.get(pid) ?? 0) + step.pages);
    if (pid !== undefined && step.op === "fork") {
      const copied = mappedBy.get(pid) ?? 0;
      forkedPtes += copied;
      mappedBy.set(step.child.pid, copied);
      pidOfTid.set(step.child.tid, step.child.pid);
    }
    checkStep(step, at, cpus, pids, tids, errors);
  });
  // fork makes processes too: the limit is on every process the run has, not only the first ones.
  const forks = s.steps.filter((step) => step.op === "fork").length;
  if (s.processes.length + forks > LIMITS.processes) {
    errors.push(
      `steps: ${s.processes.length} processes and ${forks} forks make more than ${LIMITS.processes} processes (the limit)`,
    );
  }
  if (totalPages > MAX_TOTAL_STEP_PAGES) {
    errors.push(
      `steps: ${totalPages} pages in all steps is over the limit of ${MAX_TOTAL_STEP_PAGES}`,
    );
  }
  if (forkedPtes > LIMITS.forkedPtes) {
    errors.push(
      `steps: the forks may copy ${forkedPtes} page-table entries in all (the pages each parent has mapped), over the limit of ${LIMITS.forkedPtes}`,
    );
  }
  return errors;
}

function checkStep(
  step: RawStep,
  at: string,
  cpus: Set<number>,
  pids: Set<number>,
  tids: Set<number>,
  errors: string[],
): void {
  if ("addr" in step && "pages" in step && step.pages !== undefined) {
    if (step.addr + step.pages * PAGE > LIMITS.addressLimit) {
      errors.push(
        `${at}.pages: the range ends past the user address limit 0x${LIMITS.addressLimit.toString(16)}`,
      );
    }
  }
  switch (step.op) {
    case "mmap":
      if (step.addr % PAGE !== 0) errors.push(`${at}.addr: mmap needs a page-aligned address`);
      if (step.backing === "file" && !step.file)
        errors.push(`${at}.file: a file mapping needs { "path": ... }`);
      // Read as anonymous memory, the file would be dropped without a word.
      if (step.backing !== "file" && step.file)
        errors.push(
          `${at}.backing: a "file" is given, so "backing" must be "file" (not anonymous)`,
        );
      break;
    case "mbind":
      if (step.pages === undefined && step.len === undefined)
        errors.push(`${at}: mbind needs "pages" or "len"`);
      if (step.pages !== undefined && step.len !== undefined)
        errors.push(`${at}: give "pages" or "len", not both`);
      break;
    case "fork":
      if (pids.has(step.child.pid) || tids.has(step.child.pid))
        errors.push(
          `${at}.child.pid: ${pids.has(step.child.pid) ? "pid" : "a thread numbered"} ${step.child.pid} already exists`,
        );
      if (
        tids.has(step.child.tid) ||
        (pids.has(step.child.tid) && step.child.tid !== step.child.pid)
      )
        errors.push(
          `${at}.child.tid: ${tids.has(step.child.tid) ? "tid" : "a process numbered"} ${step.child.tid} already exists`,
        );
      if (!cpus.has(step.child.cpu))
        errors.push(`${at}.child.cpu: cpu ${step.child.cpu} is on no node`);
      pids.add(step.child.pid);
      tids.add(step.child.tid);
      break;
    case "sched_setaffinity":
      if (!cpus.has(step.cpu)) errors.push(`${at}.cpu: cpu ${step.cpu} is on no node`);
      break;
    default:
      break;
  }
}
