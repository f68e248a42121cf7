/**
 * The counters panel's numbers, written outside React, as the slider's thumb and the node canvases
 * are: a step changes a few of the eighty-odd counters, and React re-rendering their cells and
 * rows cost the step about 0.3 ms. React builds the tables once per run; `CounterCells` writes each
 * value, its change in this frame ("+1") and its mark, and only where one differs from what the
 * cell shows.
 */

/** Where the numbers go: the panel's cells (CountersPanel.tsx), or a test's record. */
export interface CounterSink {
  /** Counter `i`'s value. */
  value(i: number, text: string): void;
  /** What the frame changed counter `i` by ("" when it left it alone). */
  delta(i: number, text: string): void;
  /** Whether counter `i` is marked as changed in this frame. */
  marked(i: number, on: boolean): void;
}

const signed = (d: number) => (d > 0 ? `+${d}` : String(d));

/** The words of a change beside its value ("" for none). */
export const deltaText = (d: number | undefined) => (d === undefined ? "" : ` ${signed(d)}`);

export class CounterCells {
  private readonly values: (number | null)[];
  private readonly deltas: (string | null)[];
  private readonly marks: (boolean | null)[];

  constructor(
    private readonly sink: CounterSink,
    count: number,
  ) {
    // Nothing shown yet: the first paint writes every cell.
    this.values = new Array(count).fill(null);
    this.deltas = new Array(count).fill(null);
    this.marks = new Array(count).fill(null);
  }

  /** Show `values` (a view's counters) and `changes` (what the frame changed, by counter). */
  paint(values: ArrayLike<number>, changes: ReadonlyMap<number, number>): void {
    const { sink } = this;
    for (let i = 0; i < this.values.length; i++) {
      const v = values[i] ?? 0;
      if (this.values[i] !== v) {
        this.values[i] = v;
        sink.value(i, String(v));
      }
      const d = changes.get(i);
      const text = deltaText(d);
      if (this.deltas[i] !== text) {
        this.deltas[i] = text;
        sink.delta(i, text);
      }
      const on = d !== undefined;
      if (this.marks[i] !== on) {
        this.marks[i] = on;
        sink.marked(i, on);
      }
    }
  }
}
