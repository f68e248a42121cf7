/**
 * The frames received so far: batches in order, the growing string and layout tables, and the
 * lookups the panels need (which batch holds frame f, its fn/file/text). Mutable on purpose: it
 * only ever grows, and the store bumps a counter when it does.
 */
import {
  batchBuffers,
  type FrameBatch,
  frameText,
  type Init,
  type LayoutSnap,
  PAGE_COLS,
  SLOT_COLS,
  type View,
} from "../worker/protocol.ts";

export class Trace {
  readonly batches: FrameBatch[] = [];
  readonly names: string[] = [];
  readonly layouts: LayoutSnap[];
  total = 0;
  /** Bytes of the typed arrays received (the transferred buffers), for the benchmark. */
  bytes = 0;

  constructor(readonly init: Init) {
    this.layouts = [init.layout];
  }

  add(batch: FrameBatch): void {
    this.batches.push(batch);
    this.names.push(...batch.names);
    this.layouts.push(...batch.layouts);
    this.total += batch.count;
    for (const buf of batchBuffers(batch)) this.bytes += buf.byteLength;
  }

  /** The batch holding frame `f` (1-based) and the frame's index inside it. */
  locate(f: number): [FrameBatch, number] | null {
    const bs = this.batches;
    let lo = 0;
    let hi = bs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = bs[mid] as FrameBatch;
      if (f < b.first) hi = mid - 1;
      else if (f >= b.first + b.count) lo = mid + 1;
      else return [b, f - b.first];
    }
    return null;
  }

  meta(f: number): { fn: string; file: string; text: string; step: number } | null {
    const at = this.locate(f);
    if (!at) return null;
    const [b, j] = at;
    return {
      fn: this.names[b.fn[j] as number] ?? "?",
      file: this.names[b.file[j] as number] ?? "?",
      text: frameText(b, j),
      step: b.step[j] as number,
    };
  }
}

export function initialView(init: Init): View {
  const ptes = new Map<number, Map<number, number>>();
  const flat = init.ptes;
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const pid = flat[i] as number;
    let m = ptes.get(pid);
    if (!m) {
      m = new Map();
      ptes.set(pid, m);
    }
    m.set(flat[i + 1] as number, flat[i + 2] as number);
  }
  return {
    pages: init.pages.slice(),
    slots: init.slots.slice(),
    counters: init.counters.slice(),
    ptes,
    layout: 0,
  };
}

export const pageCount = (v: View) => v.pages.length / PAGE_COLS;
export const slotCount = (v: View) => v.slots.length / SLOT_COLS;
