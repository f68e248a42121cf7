/**
 * The numbers a comparison charts, for every frame of one run: pages migrated, swap slots in use,
 * frames in use per node, and the model's local / remote accesses (src/kernel/access.ts, counted
 * per touch) with their SLIT-weighted cost. One pass over the run's frame deltas (counter and
 * slot records), so it costs what stepping through the run once costs. Pure.
 */
import { type FrameBatch, type Init, recordStart, SLOT_COLS } from "../../worker/viewState.ts";

export interface Metric {
  readonly id: string;
  readonly label: string;
  /** What it is, for the chart's title (the hover text and the accessible description). */
  readonly hint: string;
}

export interface Series {
  readonly metrics: readonly Metric[];
  /** Per metric, its value after each frame 0..total. */
  readonly values: readonly Float64Array[];
  readonly total: number;
}

/** What the walk reads from a run's timeline (timeline.ts's Timeline has it). */
export interface FrameSource {
  readonly init: Init;
  readonly total: number;
  locate(f: number): [FrameBatch, number] | null;
}

/** The metrics of a machine with these nodes, in chart order. */
export function metricsFor(nodes: readonly { id: number }[]): Metric[] {
  return [
    {
      id: "migrated",
      label: "pages migrated",
      hint: "pgmigrate_success: pages migrated (a page freed under the migration counts too); not in 3.3, the model counts it as 6.1 does",
    },
    {
      id: "swap",
      label: "swap slots used",
      hint: "swap slots with a swap PTE or a swap-cache page",
    },
    ...nodes.map((n) => ({
      id: `node${n.id}`,
      label: `node ${n.id} frames in use`,
      hint: `page frames of node ${n.id} that are not free`,
    })),
    {
      id: "local",
      label: "local accesses",
      hint: "pages a touch reached on its own node (model only)",
    },
    {
      id: "remote",
      label: "remote accesses",
      hint: "pages a touch reached on another node (model only)",
    },
    {
      id: "cost",
      label: "access cost (SLIT)",
      hint: "each access weighted by the SLIT distance, 10 = local (model only; perf would sample this)",
    },
  ];
}

export function seriesOf(run: FrameSource): Series {
  const { init, total } = run;
  const metrics = metricsFor(init.nodes);
  const values = metrics.map(() => new Float64Array(total + 1));
  const counters = init.counters.slice();
  const index = (name: string) => init.counterNames.indexOf(name);
  // Each metric read from the counters: [metric index, counter index, base, sign].
  const reads: [number, number, number, number][] = [];
  const read = (id: string, counter: string, base = 0, sign = 1) => {
    const m = metrics.findIndex((x) => x.id === id);
    const c = index(counter);
    if (m >= 0 && c >= 0) reads.push([m, c, base, sign]);
  };
  read("migrated", "pgmigrate_success");
  for (const n of init.nodes) read(`node${n.id}`, `node${n.id} free`, n.frames, -1);
  read("local", "model local_accesses");
  read("remote", "model remote_accesses");
  read("cost", "model access_distance");
  const swap = metrics.findIndex((x) => x.id === "swap");

  const inUse = (map: number, cache: number) => (map > 0 || cache >= 0 ? 1 : 0);
  let slots = 0;
  for (let s = 0; s < init.slots.length; s += SLOT_COLS)
    slots += inUse(init.slots[s] as number, init.slots[s + 1] as number);

  const record = (f: number) => {
    for (const [m, c, base, sign] of reads)
      (values[m] as Float64Array)[f] = base + sign * (counters[c] as number);
    if (swap >= 0) (values[swap] as Float64Array)[f] = slots;
  };
  record(0);
  for (let f = 1; f <= total; f++) {
    const at = run.locate(f);
    if (!at) break;
    const [b, j] = at;
    const k = b.counters;
    for (let i = recordStart(b.counterEnd, j); i < (b.counterEnd[j] as number); i += 3)
      counters[k[i] as number] = k[i + 2] as number;
    const s = b.slots;
    for (let i = recordStart(b.slotEnd, j); i < (b.slotEnd[j] as number); i += 5)
      slots +=
        inUse(s[i + 2] as number, s[i + 4] as number) -
        inUse(s[i + 1] as number, s[i + 3] as number);
    record(f);
  }
  return { metrics, values, total };
}
