/**
 * Lining two runs up: one shared position (system call, phase, offset in the phase) for frames
 * whose numbers differ. Each run's frames are cut into segments (a phase of a step, from its
 * timeline's step and phase indexes); the segments of the same step are paired, the first two
 * together (the call starts in both at once) and the rest by phase name (a longest common
 * subsequence, so "look up, decide, migrate, map" meets "look up" where it can), and each pair
 * takes as many shared positions as the longer side has frames. The shorter
 * side, or a side without that phase, holds its last frame meanwhile. Position 0 is frame 0 of
 * both. Pure: tests build segments by hand.
 */

export interface Segment {
  /** Scenario step index (the same call in both runs). */
  readonly step: number;
  readonly op: string;
  readonly phase: string;
  /** First frame (1-based) and number of frames. */
  readonly first: number;
  readonly len: number;
}

/** What a run's timeline must answer (timeline.ts's Timeline does). */
export interface PhaseIndex {
  readonly steps: readonly {
    readonly index: number;
    readonly op: string;
    readonly firstFrame: number;
    readonly frames: number;
  }[];
  phaseAt(f: number): { name: string; first: number } | null;
  nextPhaseStart(f: number): number | null;
}

/** A run's frames as segments, step by step, phase by phase. */
export function segmentsOf(tl: PhaseIndex): Segment[] {
  const out: Segment[] = [];
  const steps = [...tl.steps].filter((s) => s.frames > 0).sort((a, b) => a.index - b.index);
  for (const s of steps) {
    const end = s.firstFrame + s.frames;
    for (let f = s.firstFrame; f < end; ) {
      const next = Math.min(tl.nextPhaseStart(f) ?? end, end);
      const phase = tl.phaseAt(f)?.name ?? s.op;
      out.push({ step: s.index, op: s.op, phase, first: f, len: next - f });
      f = next;
    }
  }
  return out;
}

export interface Pair {
  readonly step: number;
  readonly op: string;
  readonly phase: string;
  readonly a: Segment | null;
  readonly b: Segment | null;
  /** First shared position (1-based) and how many it spans. */
  readonly start: number;
  readonly len: number;
}

/** Past this many cells the pairing is greedy, in order, rather than a full LCS. */
const LCS_CELLS = 250_000;

/**
 * Pair two lists of one step's phases: the first of each together, so the call starts in both
 * runs at once (a touch that faults, "look up", beside one that finds its pages mapped, "no
 * fault"), then the rest by name, in order.
 */
function pairPhases(a: Segment[], b: Segment[]): [Segment | null, Segment | null][] {
  const [a0, b0] = [a[0], b[0]];
  if (a0 && b0 && a0.phase !== b0.phase) return [[a0, b0], ...byName(a.slice(1), b.slice(1))];
  return byName(a, b);
}

/** Pair two lists of phases by name, in order. */
function byName(a: Segment[], b: Segment[]): [Segment | null, Segment | null][] {
  const n = a.length;
  const m = b.length;
  if (n * m > LCS_CELLS) {
    const out: [Segment | null, Segment | null][] = [];
    for (let i = 0; i < Math.max(n, m); i++) out.push([a[i] ?? null, b[i] ?? null]);
    return out;
  }
  // LCS table, from the ends: t[i][j] = best over a[i..], b[j..].
  const t = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => t[i * (m + 1) + j] as number;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      t[i * (m + 1) + j] =
        a[i]?.phase === b[j]?.phase ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const out: [Segment | null, Segment | null][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i]?.phase === b[j]?.phase) out.push([a[i++] ?? null, b[j++] ?? null]);
    else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) out.push([a[i++] ?? null, null]);
    else out.push([null, b[j++] ?? null]);
  }
  return out;
}

export class Alignment {
  readonly pairs: Pair[] = [];
  /** Shared positions: 0 (both at frame 0) to `total`. */
  readonly total: number;
  private readonly starts: Int32Array;
  /** Each side's frame before each pair (what a side without the phase holds). */
  private readonly holdA: Int32Array;
  private readonly holdB: Int32Array;

  constructor(a: readonly Segment[], b: readonly Segment[]) {
    const bySteps = (segs: readonly Segment[]) => {
      const m = new Map<number, Segment[]>();
      for (const s of segs) {
        const list = m.get(s.step);
        if (list) list.push(s);
        else m.set(s.step, [s]);
      }
      return m;
    };
    const sa = bySteps(a);
    const sb = bySteps(b);
    const steps = [...new Set([...sa.keys(), ...sb.keys()])].sort((x, y) => x - y);
    let pos = 1;
    const holdA: number[] = [];
    const holdB: number[] = [];
    let lastA = 0;
    let lastB = 0;
    for (const step of steps) {
      for (const [x, y] of pairPhases(sa.get(step) ?? [], sb.get(step) ?? [])) {
        const first = (x ?? y) as Segment;
        const len = Math.max(x?.len ?? 0, y?.len ?? 0);
        const phase = x && y && x.phase !== y.phase ? `${x.phase} / ${y.phase}` : first.phase;
        this.pairs.push({ step, op: first.op, phase, a: x, b: y, start: pos, len });
        holdA.push(lastA);
        holdB.push(lastB);
        if (x) lastA = x.first + x.len - 1;
        if (y) lastB = y.first + y.len - 1;
        pos += len;
      }
    }
    this.total = pos - 1;
    this.starts = Int32Array.from(this.pairs.map((p) => p.start));
    this.holdA = Int32Array.from(holdA);
    this.holdB = Int32Array.from(holdB);
  }

  /** Index of the pair holding shared position `pos` (>= 1), or -1. */
  pairAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Each run's frame at shared position `pos`. */
  frames(pos: number): [number, number] {
    if (pos <= 0) return [0, 0];
    const i = this.pairAt(Math.min(pos, this.total));
    const p = this.pairs[i];
    if (!p) return [0, 0];
    const o = Math.min(pos, this.total) - p.start;
    const side = (s: Segment | null, hold: number) => (s ? s.first + Math.min(o, s.len - 1) : hold);
    return [side(p.a, this.holdA[i] as number), side(p.b, this.holdB[i] as number)];
  }

  /** The shared position at which run `side` (0 = A, 1 = B) shows frame `f` first. */
  posOf(side: 0 | 1, f: number): number {
    if (f <= 0) return 0;
    for (const p of this.pairs) {
      const s = side === 0 ? p.a : p.b;
      if (s && f >= s.first && f < s.first + s.len) return p.start + (f - s.first);
    }
    return this.total;
  }

  /** Shared positions where a system call (`"step"`) or a phase (`"phase"`) begins. */
  boundaries(kind: "step" | "phase"): number[] {
    return this.pairs
      .filter((p, i) => kind === "phase" || i === 0 || this.pairs[i - 1]?.step !== p.step)
      .map((p) => p.start);
  }
}
