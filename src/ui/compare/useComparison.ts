/**
 * The state of a comparison: the second run (its own store and worker, started from the first
 * run's scenario as varied), the two runs lined up once both have run to their end, the numbers
 * to chart, and the shared position, which moves both runs' stores.
 */
import { useEffect, useMemo, useState } from "react";
import { useStore } from "zustand";
import { createRun, useRunStore } from "../app.ts";
import type { RunState, RunStore, WorkerLike } from "../store.ts";
import { Alignment, segmentsOf } from "./align.ts";
import { type Series, seriesOf } from "./series.ts";
import { availableVariations, type Variation, type Varied, vary } from "./variants.ts";

const selectDone = (s: RunState) => s.phase === "ready" && !s.running;
const selectTimeline = (s: RunState) => s.timeline;
const selectGeneration = (s: RunState) => s.generation;
const selectScenario = (s: RunState) => s.scenario;
const selectFailed = (s: RunState) => s.problem.length > 0;

const defaultVariation = (kind: Variation["kind"]): Variation =>
  kind === "policy" ? { kind, mode: "MPOL_BIND" } : { kind };

export interface Comparison {
  readonly a: RunStore;
  readonly b: RunStore;
  readonly kinds: readonly Variation["kind"][];
  readonly variation: Variation;
  setVariation(v: Variation): void;
  readonly varied: Varied;
  /** Null until both runs have run to their end. */
  readonly alignment: Alignment | null;
  readonly series: readonly [Series, Series] | null;
  readonly pos: number;
  go(pos: number): void;
  /** One of the runs stopped with a problem (an invalid variant, a crash). */
  readonly failed: boolean;
}

/** The second run's store, whose worker stops when the view closes. */
function useSecondRun(): RunStore {
  const [run] = useState(() => {
    let worker: WorkerLike | null = null;
    return {
      store: createRun((w) => {
        worker = w;
      }),
      stop: () => worker?.terminate(),
    };
  });
  useEffect(() => run.stop, [run]);
  return run.store;
}

export function useComparison(): Comparison {
  const a = useRunStore();
  const b = useSecondRun();
  const scenario = useStore(a, selectScenario);
  const kinds = useMemo(() => availableVariations(scenario), [scenario]);
  const [chosen, setVariation] = useState<Variation | null>(null);
  // The first variation this scenario offers, until the user picks one it also offers.
  const variation: Variation =
    chosen && kinds.includes(chosen.kind) ? chosen : defaultVariation(kinds[0] ?? "kernel");
  const key = JSON.stringify(variation);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the variation
  const varied = useMemo(() => vary(scenario, variation), [scenario, key]);
  useEffect(() => {
    if (scenario) b.getState().load(varied.scenario);
  }, [b, varied, scenario]);

  const doneA = useStore(a, selectDone);
  const doneB = useStore(b, selectDone);
  const tlA = useStore(a, selectTimeline);
  const tlB = useStore(b, selectTimeline);
  const genA = useStore(a, selectGeneration);
  const genB = useStore(b, selectGeneration);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is a new run
  const alignment = useMemo(
    () => (doneA && doneB && tlA && tlB ? new Alignment(segmentsOf(tlA), segmentsOf(tlB)) : null),
    [doneA, doneB, tlA, tlB, genA, genB],
  );
  const series = useMemo(
    () => (alignment && tlA && tlB ? ([seriesOf(tlA), seriesOf(tlB)] as const) : null),
    [alignment, tlA, tlB],
  );

  const [pos, setPos] = useState(0);
  // A new lining-up starts where the first run was.
  useEffect(() => {
    if (alignment) setPos(alignment.posOf(0, a.getState().cur));
  }, [alignment, a]);
  useEffect(() => {
    if (!alignment) return;
    const [fa, fb] = alignment.frames(pos);
    for (const [run, f] of [
      [a, fa],
      [b, fb],
    ] as const) {
      const s = run.getState();
      if (s.playing) s.pause();
      s.goto(f);
    }
  }, [alignment, pos, a, b]);

  const failedA = useStore(a, selectFailed);
  const failedB = useStore(b, selectFailed);
  const failed = failedA || failedB;
  const go = (p: number) => setPos(Math.max(0, Math.min(alignment?.total ?? 0, Math.round(p))));
  return { a, b, kinds, variation, setVariation, varied, alignment, series, pos, go, failed };
}
