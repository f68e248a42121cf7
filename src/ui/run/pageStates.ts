/**
 * A state per virtual page number over the whole address space, kept as runs of equal state
 * (a scenario touches ranges of thousands of pages, a few dozen ranges in all): what the load's
 * progress estimate (progress.ts) knows of each page as it reads a scenario's steps.
 */

export type PageState = number;
/** Never touched, or unmapped again. */
export const UNMAPPED: PageState = 0;
/** Mapped: a touch goes through without a fault. */
export const PRESENT: PageState = 1;

export class PageStates {
  /** Run i covers [starts[i], starts[i + 1]) (the last run goes on for ever) in states[i]. */
  private readonly starts: number[] = [0];
  private readonly states: PageState[] = [UNMAPPED];

  /** The index of the run holding page `x`. */
  private runAt(x: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Make page `x` the first of a run; the index of that run. */
  private split(x: number): number {
    const i = this.runAt(x);
    if (this.starts[i] === x) return i;
    this.starts.splice(i + 1, 0, x);
    this.states.splice(i + 1, 0, this.states[i] as PageState);
    return i + 1;
  }

  /** Join neighbouring runs of one state (keeps the runs few). */
  private merge(): void {
    for (let i = this.starts.length - 1; i > 0; i--) {
      if (this.states[i] === this.states[i - 1]) {
        this.starts.splice(i, 1);
        this.states.splice(i, 1);
      }
    }
  }

  /** Pages [from, to) now in `state`. */
  paint(from: number, to: number, state: PageState): void {
    if (to <= from) return;
    const a = this.split(from);
    const b = this.split(to);
    this.starts.splice(a + 1, b - a - 1);
    this.states.splice(a, b - a, state);
    this.merge();
  }

  /** Pages of [from, to) in state `was` now in `now`. */
  recolour(from: number, to: number, was: PageState, now: PageState): void {
    if (to <= from) return;
    const a = this.split(from);
    const b = this.split(to);
    for (let i = a; i < b; i++) if (this.states[i] === was) this.states[i] = now;
    this.merge();
  }

  /** Every page in state `was` now in `now`. */
  recolourAll(was: PageState, now: PageState): void {
    for (let i = 0; i < this.states.length; i++) if (this.states[i] === was) this.states[i] = now;
    this.merge();
  }

  /** How many pages of [from, to) are in each state. */
  count(from: number, to: number): Map<PageState, number> {
    const out = new Map<PageState, number>();
    for (let i = this.runAt(from); i < this.starts.length; i++) {
      const start = Math.max(from, this.starts[i] as number);
      const end = Math.min(to, this.starts[i + 1] ?? Number.POSITIVE_INFINITY);
      if (start >= to) break;
      if (end > start) {
        const s = this.states[i] as PageState;
        out.set(s, (out.get(s) ?? 0) + end - start);
      }
    }
    return out;
  }
}
