import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodesReport } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import { vmstat } from "../kernel/vmstat_read.ts";
import { BUILTINS, largeMachineScenario } from "../scenario/builtins.ts";
import { parseScenario } from "../scenario/parse.ts";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import { NarrationDecoder } from "./narrationDecoder.ts";
import { Projector } from "./projection.ts";
import { copyView, plainView } from "./viewCopy.ts";
import { encodePte, layoutOf, pageRow } from "./viewEncoding.ts";
import {
  applyFrame,
  type FrameBatch,
  PAGE_COLS,
  recordStart,
  SLOT_COLS,
  type View,
} from "./viewState.ts";

/** Frame `j`'s sentence, read back as the UI reads it (the decoder has every earlier batch's). */
const frameText = (d: NarrationDecoder, batch: FrameBatch, j: number) =>
  d.decode(batch.text, recordStart(batch.textEnd, j));

function run(json: unknown, batchEvery = 50) {
  const parsed = parseScenario(json);
  if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
  let proj: Projector | null = null;
  const snapshots: View[] = [];
  const batches: FrameBatch[] = [];
  const frames: Frame[] = [];
  const problems: string[] = [];
  const sim = new Simulation(parsed.scenario, (f) => {
    if (!proj) throw new Error("frame before the projector exists");
    proj.record(f);
    frames.push(f);
    snapshots.push(copyView(proj.view));
    checkAgainstKernel(sim, proj, problems, frames.length);
    if (proj.pending >= batchEvery) batches.push(proj.take() as FrameBatch);
  });
  proj = new Projector(sim.kernel);
  const initial = copyView(proj.view);
  sim.runAll();
  const last = proj.take();
  if (last) batches.push(last);
  return { initial, snapshots, batches, frames, problems, proj };
}

function checkAgainstKernel(sim: Simulation, proj: Projector, problems: string[], n: number) {
  const k = sim.kernel;
  const row = new Int32Array(PAGE_COLS);
  for (let pfn = 0; pfn < k.pages.length; pfn++) {
    pageRow(k.pages[pfn], row, 0);
    const base = pfn * PAGE_COLS;
    for (let c = 0; c < PAGE_COLS; c++) {
      if (row[c] !== proj.view.pages[base + c]) problems.push(`frame ${n}: pfn ${pfn} col ${c}`);
    }
  }
  for (let s = 0; s < k.swap.slots; s++) {
    if (proj.view.slots[s * SLOT_COLS] !== k.swap.map[s]) problems.push(`frame ${n}: slot ${s}`);
    if (proj.view.slots[s * SLOT_COLS + 1] !== k.swap.cache[s])
      problems.push(`frame ${n}: slot ${s}`);
  }
  for (const mm of k.mms.values()) {
    const map = proj.view.ptes.get(mm.pid) ?? new Map();
    for (const [vpn, pte] of mm.ptes) {
      if (map.get(vpn) !== encodePte(pte)) problems.push(`frame ${n}: pte ${mm.pid}/${vpn}`);
    }
    if (map.size !== mm.ptes.size) problems.push(`frame ${n}: pid ${mm.pid} pte count`);
  }
  const want = [
    ...Object.values(vmstat(k)),
    ...nodesReport(k).flatMap((r) => [
      r.free,
      r.numa_hit,
      r.numa_miss,
      r.numa_foreign,
      r.interleave_hit,
      r.local_node,
      r.other_node,
    ]),
    k.access.local,
    k.access.remote,
    k.access.distance,
  ];
  if (JSON.stringify(want) !== JSON.stringify([...proj.view.counters])) {
    problems.push(`frame ${n}: counters ${JSON.stringify(want)} vs ${[...proj.view.counters]}`);
  }
  if (JSON.stringify(layoutOf(k)) !== JSON.stringify(proj.layouts[proj.view.layout])) {
    problems.push(`frame ${n}: layout`);
  }
}

describe("projection of the seed scenario", () => {
  const seed = BUILTINS[0]?.json;
  const r = run(seed);

  it("mirrors the kernel's pages, slots, PTEs, counters and layout after every frame", () => {
    expect(r.frames.length).toBeGreaterThan(100);
    expect(r.problems.slice(0, 5)).toEqual([]);
  });

  it("steps forward to each frame's state and back to the one before, exactly", () => {
    const view = copyView(r.initial);
    let n = 0;
    for (const batch of r.batches) {
      for (let j = 0; j < batch.count; j++) {
        const before = plainView(copyView(view));
        applyFrame(view, batch, j, true);
        expect(plainView(view)).toEqual(plainView(r.snapshots[n] as View));
        applyFrame(view, batch, j, false);
        expect(plainView(view)).toEqual(before);
        applyFrame(view, batch, j, true);
        n++;
      }
    }
    expect(n).toBe(r.frames.length);
    // And all the way back to frame 0.
    for (let b = r.batches.length - 1; b >= 0; b--) {
      const batch = r.batches[b] as FrameBatch;
      for (let j = batch.count - 1; j >= 0; j--) applyFrame(view, batch, j, false);
    }
    expect(plainView(view)).toEqual(plainView(r.initial));
  });

  it("numbers batches consecutively and carries each frame's metadata", () => {
    let next = 1;
    const names: string[] = [];
    const narration = new NarrationDecoder();
    for (const batch of r.batches) {
      expect(batch.first).toBe(next);
      names.push(...batch.names);
      narration.add(batch.templates);
      for (let j = 0; j < batch.count; j++) {
        const f = r.frames[next - 1 + j] as Frame;
        expect(frameText(narration, batch, j)).toBe(f.text);
        expect(names[batch.fn[j] as number]).toBe(f.fn);
        expect(names[batch.file[j] as number]).toBe(f.file);
        expect(batch.step[j]).toBe(f.step);
      }
      next += batch.count;
    }
  });

  it("keeps every built-in scenario consistent", () => {
    for (const b of BUILTINS.slice(1)) {
      expect(run(b.json, 7).problems.slice(0, 5), b.id).toEqual([]);
    }
    const small = largeMachineScenario({ nodes: 3, framesPerNode: 96, pagesPerWorker: 24 });
    expect(run(small, 100).problems.slice(0, 5)).toEqual([]);
  });
});

describe("layout", () => {
  it("names a forked child's parent, whose comm it inherited", () => {
    const fork = BUILTINS.find((b) => b.id === "fork-move-vs-move-all");
    const parsed = parseScenario(fork?.json);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const sim = new Simulation(parsed.scenario, () => {});
    sim.runAll();
    const procs = layoutOf(sim.kernel).processes;
    expect(procs.map((p) => [p.pid, p.parent])).toEqual([
      [100, null],
      [200, 100],
    ]);
    expect(procs[1]?.comm).toBe(procs[0]?.comm);
  });

  it("names a VMA with no policy of its own as following the task's, on both kernels", () => {
    for (const kernel of ["rfc-2012", "mainline"]) {
      const parsed = parseScenario({
        version: 1,
        kernel,
        machine: {
          nodes: [
            { cpus: [0], frames: 8 },
            { cpus: [1], frames: 8 },
          ],
        },
        processes: [{ pid: 100, threads: [{ tid: 100, cpu: 0 }] }],
        steps: [
          { op: "mmap", tid: 100, addr: "0x7f0000000000", pages: 4 },
          { op: "mmap", tid: 100, addr: "0x7f0000010000", pages: 1 },
          { op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [1] },
          {
            op: "mbind",
            tid: 100,
            addr: "0x7f0000010000",
            pages: 1,
            mode: "MPOL_BIND",
            nodes: [0],
          },
        ],
      });
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      const sim = new Simulation(parsed.scenario, () => {});
      sim.runAll();
      const vmas = layoutOf(sim.kernel).processes[0]?.vmas.map((v) => v.policy);
      expect(vmas).toEqual(["none (the task policy applies)", "MPOL_BIND {0}"]);
    }
  });
});

describe("projection of random scenarios", () => {
  it("mirrors the kernel after every frame, and every frame steps back exactly (200 scenarios)", () => {
    fc.assert(
      fc.property(machineArb, fc.array(opArb, { minLength: 1, maxLength: 20 }), (m, ops) => {
        const r = run(buildScenario(m, ops), 13);
        expect(r.problems.slice(0, 3)).toEqual([]);
        const view = copyView(r.initial);
        for (const batch of r.batches)
          for (let j = 0; j < batch.count; j++) applyFrame(view, batch, j, true);
        for (let b = r.batches.length - 1; b >= 0; b--) {
          const batch = r.batches[b] as FrameBatch;
          for (let j = batch.count - 1; j >= 0; j--) applyFrame(view, batch, j, false);
        }
        expect(plainView(view)).toEqual(plainView(r.initial));
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("narration bytes", () => {
  it("keeps each frame's text apart when a batch holds characters beyond ASCII", () => {
    const parsed = parseScenario(BUILTINS[0]?.json);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const proj = new Projector(new Simulation(parsed.scenario).kernel);
    const none = {
      pages: [],
      ptes: [],
      slots: [],
      moves: [],
      counters: false,
      counterIds: [],
      layout: false,
    };
    const texts = ["plain", "/données → node 1", "", "naïve ✓ again"];
    for (const text of texts)
      proj.record({ step: 0, fn: "f", file: "mm/f.c", text, said: text, changed: none });
    const batch = proj.take() as FrameBatch;
    const narration = new NarrationDecoder();
    narration.add(batch.templates);
    expect(texts.map((_, j) => frameText(narration, batch, j))).toEqual(texts);
  });
});
