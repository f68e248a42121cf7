/**
 * How far a run's load has got, for the progress bar. Counting steps alone stalled and jumped:
 * the large machine's lazy mbind makes half its frames in one step of eleven, so the bar sat at
 * 3 of 11 for most of the load and then went to done. Each step is weighed by the frames it
 * will roughly make, read from the scenario and the kernel it runs on, and the step under way
 * counts the frames it has made so far.
 *
 * The weights follow what the model does with each page (measured over the lessons on both
 * kernels): a first touch makes a frame a page; a touch of a page already mapped makes none (the
 * MMU lets it through); an mbind that moves pages makes about four or five frames a page; after
 * the RFC's lazy mbind, the fault that migrates a page makes four; after a tick of 6.1's NUMA
 * balancing, a hinting fault makes up to seven. 6.1 refuses MPOL_MF_LAZY at once.
 */
import { kernelOf, PAGE_SIZE } from "../../scenario/format.ts";
import { FLAG_NAMES } from "../../scenario/schema.ts";
import { type PageState, PageStates, PRESENT, UNMAPPED } from "./pageStates.ts";
import type { RunState } from "./state.ts";

/** Frames a page, by what happens to it (see the module comment). */
const FIRST_TOUCH = 1;
const MIGRATING_FAULT = 4;
const HINTING_FAULT = 7;
const LAZY_MBIND = 4;
const EAGER_MBIND = 5;
/** 6.1 marks every mapped page PROT_NONE at a NUMA-balancing scan (the model's tick). */
const HINTED: PageState = 3;
/** The RFC's lazy mbind leaves a page unmapped, in the swap cache, until a fault takes it. */
const LAZILY_UNMAPPED: PageState = 2;

function flagsOf(flags: unknown): number {
  if (typeof flags === "number") return flags;
  if (!Array.isArray(flags)) return 0;
  return flags.reduce<number>((acc, f) => acc | (FLAG_NAMES[f as keyof typeof FLAG_NAMES] ?? 0), 0);
}

function rangeOf(step: Record<string, unknown>): [number, number] | null {
  const addr = typeof step.addr === "string" ? Number.parseInt(step.addr, 16) : step.addr;
  if (typeof addr !== "number" || !Number.isFinite(addr)) return null;
  const pages =
    typeof step.pages === "number"
      ? step.pages
      : typeof step.len === "number"
        ? Math.ceil(step.len / PAGE_SIZE)
        : 0;
  const first = Math.floor(addr / PAGE_SIZE);
  return [first, first + pages];
}

/** Roughly how many frames each step of `scenario` makes (at least 1: a call's own frames). */
export function stepWeights(scenario: unknown): number[] {
  const steps = (scenario as { steps?: unknown[] } | null)?.steps ?? [];
  const mainline = kernelOf(scenario) === "mainline";
  const pages = new PageStates();
  const move = FLAG_NAMES.MPOL_MF_MOVE | FLAG_NAMES.MPOL_MF_MOVE_ALL;
  return steps.map((raw) => {
    const step = (raw ?? {}) as Record<string, unknown>;
    const range = rangeOf(step);
    if (step.op === "tick") {
      if (mainline) pages.recolourAll(PRESENT, HINTED);
      return 1;
    }
    if (!range) return 1;
    const [from, to] = range;
    switch (step.op) {
      case "mmap":
        return 1;
      case "munmap":
        pages.paint(from, to, UNMAPPED);
        return 1;
      case "touch": {
        const was = pages.count(from, to);
        pages.paint(from, to, PRESENT);
        return Math.max(
          1,
          (was.get(UNMAPPED) ?? 0) * FIRST_TOUCH +
            (was.get(LAZILY_UNMAPPED) ?? 0) * MIGRATING_FAULT +
            (was.get(HINTED) ?? 0) * HINTING_FAULT,
        );
      }
      case "mbind": {
        const flags = flagsOf(step.flags);
        if ((flags & move) === 0) return 1;
        const lazy = (flags & FLAG_NAMES.MPOL_MF_LAZY) !== 0;
        if (lazy && mainline) return 1;
        const mapped = pages.count(from, to).get(PRESENT) ?? 0;
        if (!lazy) return Math.max(1, mapped * EAGER_MBIND);
        pages.recolour(from, to, PRESENT, LAZILY_UNMAPPED);
        return Math.max(1, mapped * LAZY_MBIND);
      }
      default:
        return Math.max(1, to - from);
    }
  });
}

/**
 * The share of the load done, from 0 to 1: the weights of the `stepsDone` steps run, and of the
 * step under way as much as its `framesInStep` so far make of its weight (never all of it: it
 * is done when it reports).
 */
export function loadFraction(
  weights: readonly number[],
  stepsDone: number,
  framesInStep: number,
): number {
  let all = 0;
  let done = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    all += w;
    if (i < stepsDone) done += w;
    else if (i === stepsDone) done += Math.min(framesInStep, 0.95 * w);
  }
  return all > 0 ? Math.min(1, done / all) : 0;
}

const weightsOf = new WeakMap<object, number[]>();

/**
 * The share of a run's load done (0 when none is under way): the bar's place, and what the frame
 * counter's room for the run's end is estimated from.
 */
export function selectLoadFraction(s: RunState): number {
  // Until the worker takes the new scenario, the store still holds the last run, all done.
  if (!s.scenario || typeof s.scenario !== "object" || !s.running || s.phase === "loading")
    return 0;
  let weights = weightsOf.get(s.scenario);
  if (!weights) {
    weights = stepWeights(s.scenario);
    weightsOf.set(s.scenario, weights);
  }
  // The steps the timeline has (stepsDone reaches the store later, with the frame count), and
  // the frames made since the last of them that made any ended: the step under way's so far.
  const run = s.timeline?.steps ?? [];
  let ended = 0;
  for (let i = run.length - 1; i >= 0 && ended === 0; i--) {
    const x = run[i];
    if (x && x.frames > 0) ended = x.firstFrame + x.frames - 1;
  }
  return loadFraction(weights, run.length, Math.max(0, s.total - ended));
}
