/** The stretch of the current call an animation records (the Export menu's GIF and WebM). */
import type { FrameRange } from "../export/exporters.ts";

/** What callRange needs of a run: where it is, and which call each frame belongs to. */
export interface RunPlace {
  readonly cur: number;
  readonly total: number;
  readonly timeline: { meta(f: number): { readonly step: number } | null | undefined } | null;
}

/** Frames an animation takes by default: 14 s at 0.7 s a frame, a slide's worth. */
const ANIMATION_FRAMES = 20;

/**
 * The frames of the current frame's call around it: from the call's first frame, or from
 * ANIMATION_FRAMES - 1 before the current one in a long call, on to at most ANIMATION_FRAMES.
 */
export function callRange(s: RunPlace): FrameRange & { readonly call?: FrameRange } {
  const step = s.cur > 0 ? s.timeline?.meta(s.cur)?.step : undefined;
  if (!s.timeline || step === undefined) return { first: s.cur, last: s.cur };
  const sameCall = (f: number) => s.timeline?.meta(f)?.step === step;
  let first = s.cur;
  let last = s.cur;
  while (first > 1 && s.cur - first < ANIMATION_FRAMES - 1 && sameCall(first - 1)) first--;
  while (last < s.total && last - first + 1 < ANIMATION_FRAMES && sameCall(last + 1)) last++;
  // The whole call, so the menu can say which stretch of it a file holds.
  let callFirst = first;
  let callLast = last;
  while (callFirst > 1 && sameCall(callFirst - 1)) callFirst--;
  while (callLast < s.total && sameCall(callLast + 1)) callLast++;
  return { first, last, call: { first: callFirst, last: callLast } };
}
