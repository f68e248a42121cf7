/**
 * How far a run's load has got, for the progress bar. Counting steps alone stalled and jumped:
 * the large machine's lazy mbind makes half its frames in one step of eleven, so the bar sat at
 * 3 of 11 for most of the load and then went to done. Each step is weighed by the frames it
 * will roughly make, read from the scenario (its pages, more for an mbind that moves them), and
 * the step under way counts the frames it has made so far.
 */

const PAGE = 4096;
/** A lazy or eager mbind makes about four frames a page (queue, unmap or copy, put back). */
const MOVING_MBIND = 4;
/** A first touch makes one frame a page; after a moving mbind, a fault that migrates makes four. */
const FIRST_TOUCH = 1;
const FAULT_AFTER_MOVE = 4;
/** Calls that map or unmap a range make a frame or two, whatever its size. */
const RANGE_ONLY = new Set(["mmap", "munmap"]);

const MOVE_FLAGS = new Set(["MPOL_MF_MOVE", "MPOL_MF_MOVE_ALL"]);

function moves(flags: unknown): boolean {
  if (typeof flags === "number") return (flags & 0b110) !== 0;
  return Array.isArray(flags) && flags.some((f) => MOVE_FLAGS.has(f));
}

function pagesOf(step: Record<string, unknown>): number {
  if (typeof step.pages === "number") return step.pages;
  if (typeof step.len === "number") return Math.ceil(step.len / PAGE);
  return 0;
}

/** Roughly how many frames each step of `steps` makes (at least 1: a call's own frames). */
export function stepWeights(steps: readonly unknown[]): number[] {
  let moved = false;
  return steps.map((raw) => {
    const step = (raw ?? {}) as Record<string, unknown>;
    const pages = pagesOf(step);
    if (RANGE_ONLY.has(String(step.op))) return 1;
    if (step.op === "mbind") {
      if (!moves(step.flags)) return 1;
      moved = true;
      return Math.max(1, pages * MOVING_MBIND);
    }
    if (step.op === "touch") return Math.max(1, pages * (moved ? FAULT_AFTER_MOVE : FIRST_TOUCH));
    return Math.max(1, pages);
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
