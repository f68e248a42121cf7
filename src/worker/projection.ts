/**
 * Projects the kernel model into the UI's view state and records each frame as deltas.
 *
 * Pure: no worker API, so the tests drive it in Node. The kernel tells us WHICH ids a frame changed;
 * the projector keeps its own copy of the view state, so the `before` of a delta is what it holds
 * and the `after` is read from the kernel right then (the sink runs after the frame's mutations).
 * Counters come from the kernel (src/kernel/vmstat.ts), which keeps them as pages change.
 */
import { ACCESS_NAMES, fillAccessCounters } from "../kernel/access.ts";
import type { Kernel } from "../kernel/machine.ts";
import { describePolicy } from "../kernel/mempolicy.ts";
import type { Frame } from "../kernel/trace.ts";
import type { PageStruct, Pte } from "../kernel/types.ts";
import { counterNames, fillCounters } from "../kernel/vmstat.ts";
import { growF64, growI32, growU8, growU32 } from "./grow.ts";
import {
  Col,
  type FrameBatch,
  type LayoutSnap,
  MappingKind,
  PAGE_COLS,
  PteKind,
  pteCode,
  SLOT_COLS,
  type View,
} from "./protocol.ts";

export function pageRow(p: PageStruct, out: Int32Array, base: number): void {
  out[base + Col.flags] = p.flags;
  out[base + Col.count] = p.count;
  out[base + Col.mapcount] = p.mapcount;
  out[base + Col.where] = p.where;
  out[base + Col.lruSeq] = p.lruSeq;
  out[base + Col.swap] = p.swap ?? -1;
  out[base + Col.mapping] = p.mapping ? MappingKind[p.mapping.kind] : MappingKind.none;
  out[base + Col.pagevecCpu] = p.pagevecCpu ?? -1;
  out[base + Col.pins] = p.pins;
  out[base + Col.compound] = p.compound;
}

export function encodePte(pte: Pte | undefined): number {
  if (!pte) return 0;
  if (pte.kind === "swap") return pteCode(PteKind.swap, pte.slot, false);
  if (pte.kind === "present" && pte.protnone)
    return pteCode(PteKind.protnone, pte.pfn, pte.writable);
  return pteCode(PteKind[pte.kind], pte.pfn, pte.writable);
}

export function layoutOf(k: Kernel): LayoutSnap {
  const mms = [...k.mms.values()].sort((a, b) => a.pid - b.pid);
  const threads = [...k.threads.values()].sort((a, b) => a.tid - b.tid);
  return {
    processes: mms.map((mm) => ({
      pid: mm.pid,
      comm: mm.comm,
      vmas: mm.vmas.map((v) => ({
        start: v.start,
        end: v.end,
        file: v.file?.path ?? null,
        thp: v.thp,
        policy: describePolicy(v.policy),
      })),
      threads: threads
        .filter((t) => t.mm === mm)
        .map((t) => ({ tid: t.tid, cpu: t.cpu, policy: describePolicy(t.policy) })),
    })),
  };
}

export class Projector {
  readonly view: View;
  readonly names: string[];
  readonly layouts: LayoutSnap[];
  private layoutJson: string;
  private readonly scratch: Float64Array;
  private readonly row = new Int32Array(PAGE_COLS);
  private frames = 0;
  private batchFirst = 1;
  private sentLayouts = 1;
  private sentNames = 0;
  private readonly nameIds = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  private readonly b = {
    step: growI32(),
    fn: growI32(),
    file: growI32(),
    text: growU8(),
    textEnd: growU32(),
    layout: growI32(),
    pages: growI32(),
    pageEnd: growU32(),
    ptes: growF64(),
    pteEnd: growU32(),
    slots: growI32(),
    slotEnd: growU32(),
    counters: growF64(),
    counterEnd: growU32(),
    moves: growI32(),
    moveEnd: growU32(),
  };

  constructor(private readonly k: Kernel) {
    const pages = new Int32Array(k.pages.length * PAGE_COLS);
    k.pages.forEach((p, pfn) => {
      pageRow(p, pages, pfn * PAGE_COLS);
    });
    const slots = new Int32Array(k.swap.map.length * SLOT_COLS);
    for (let s = 0; s < k.swap.map.length; s++) {
      slots[s * SLOT_COLS] = k.swap.map[s] as number;
      slots[s * SLOT_COLS + 1] = k.swap.cache[s] as number;
    }
    const ptes = new Map<number, Map<number, number>>();
    for (const mm of k.mms.values()) {
      ptes.set(mm.pid, new Map([...mm.ptes].map(([vpn, pte]) => [vpn, encodePte(pte)])));
    }
    // The model-only access counts (kernel/access.ts) follow the vmstat and numastat names.
    this.names = [...counterNames(k.nodes.length, k.numa !== null), ...ACCESS_NAMES];
    this.scratch = new Float64Array(this.names.length);
    this.view = { pages, slots, counters: new Float64Array(this.names.length), ptes, layout: 0 };
    this.fill(this.view.counters);
    this.layouts = [layoutOf(k)];
    this.layoutJson = JSON.stringify(this.layouts[0]);
  }

  private fill(out: Float64Array): void {
    fillCounters(this.k, out);
    fillAccessCounters(this.k, out, out.length - ACCESS_NAMES.length);
  }

  /** Frames recorded and not yet taken. */
  get pending(): number {
    return this.b.step.length;
  }

  get total(): number {
    return this.frames;
  }

  /** Flat [pid, vpn, code, ...] of the view's PTEs (for the init message). */
  ptesFlat(): Float64Array {
    const out: number[] = [];
    for (const [pid, map] of this.view.ptes)
      for (const [vpn, code] of map) out.push(pid, vpn, code);
    return Float64Array.from(out);
  }

  private nameId(s: string): number {
    let id = this.nameIds.get(s);
    if (id === undefined) {
      id = this.nameIds.size;
      this.nameIds.set(s, id);
    }
    return id;
  }

  /** The frame sink: diff what the frame says changed against the view, record, update the view. */
  record(f: Frame): void {
    const { k, b, view } = this;
    this.frames++;
    b.step.push(f.step);
    b.fn.push(this.nameId(f.fn));
    b.file.push(this.nameId(f.file));
    // Encoded in place (UTF-8 takes at most 3 bytes per UTF-16 unit): no array per frame.
    b.text.reserve(f.text.length * 3);
    b.text.length += this.encoder.encodeInto(f.text, b.text.array.subarray(b.text.length)).written;
    b.textEnd.push(b.text.length);

    const row = this.row;
    for (const pfn of f.changed.pages) {
      const page = k.pages[pfn];
      if (!page) continue;
      const base = pfn * PAGE_COLS;
      pageRow(page, row, 0);
      let mask = 0;
      for (let c = 0; c < PAGE_COLS; c++) if (row[c] !== view.pages[base + c]) mask |= 1 << c;
      if (mask === 0) continue;
      b.pages.push(pfn);
      b.pages.push(mask);
      for (let c = 0; c < PAGE_COLS; c++) {
        if ((mask & (1 << c)) === 0) continue;
        b.pages.push(view.pages[base + c] as number);
        b.pages.push(row[c] as number);
        view.pages[base + c] = row[c] as number;
      }
    }
    b.pageEnd.push(b.pages.length);

    // A PTE may be listed twice in one frame; the first visit already records the net change.
    const ptes = f.changed.ptes;
    // Keyed as one number: vpn < 2^36 (48-bit addresses), pid < 2^16, so the key stays exact.
    const seen = ptes.length > 2 ? new Set<number>() : null;
    for (let i = 0; i + 1 < ptes.length; i += 2) {
      const pid = ptes[i] as number;
      const vpn = ptes[i + 1] as number;
      if (seen) {
        const key = pid * 2 ** 36 + vpn;
        if (seen.has(key)) continue;
        seen.add(key);
      }
      let map = view.ptes.get(pid);
      if (!map) {
        map = new Map();
        view.ptes.set(pid, map);
      }
      const before = map.get(vpn) ?? 0;
      const after = encodePte(k.mms.get(pid as never)?.ptes.get(vpn as never));
      if (before === after) continue;
      b.ptes.push(pid);
      b.ptes.push(vpn);
      b.ptes.push(before);
      b.ptes.push(after);
      if (after === 0) map.delete(vpn);
      else map.set(vpn, after);
    }
    b.pteEnd.push(b.ptes.length);

    for (const slot of f.changed.slots) {
      const base = slot * SLOT_COLS;
      const map = k.swap.map[slot] as number;
      const cache = k.swap.cache[slot] as number;
      if (view.slots[base] === map && view.slots[base + 1] === cache) continue;
      b.slots.push(slot);
      b.slots.push(view.slots[base] as number);
      b.slots.push(map);
      b.slots.push(view.slots[base + 1] as number);
      b.slots.push(cache);
      view.slots[base] = map;
      view.slots[base + 1] = cache;
    }
    b.slotEnd.push(b.slots.length);

    if (f.changed.counters || f.changed.pages.length > 0) {
      const now = this.scratch;
      this.fill(now);
      for (let i = 0; i < now.length; i++) {
        const was = view.counters[i] as number;
        if (was === now[i]) continue;
        b.counters.push(i);
        b.counters.push(was);
        b.counters.push(now[i] as number);
        view.counters[i] = now[i] as number;
      }
    }
    b.counterEnd.push(b.counters.length);

    for (const pfn of f.changed.moves) b.moves.push(pfn);
    b.moveEnd.push(b.moves.length);

    b.layout.push(view.layout);
    if (f.changed.layout) {
      const snap = layoutOf(k);
      const json = JSON.stringify(snap);
      if (json !== this.layoutJson) {
        this.layoutJson = json;
        this.layouts.push(snap);
        view.layout = this.layouts.length - 1;
      }
    }
    b.layout.push(view.layout);
  }

  /** Hand out the frames recorded since the last call as one batch (null if there are none). */
  take(): FrameBatch | null {
    const b = this.b;
    const count = b.step.length;
    if (count === 0) return null;
    const names = [...this.nameIds.keys()].slice(this.sentNames);
    this.sentNames += names.length;
    const layouts = this.layouts.slice(this.sentLayouts);
    this.sentLayouts = this.layouts.length;
    const batch: FrameBatch = {
      first: this.batchFirst,
      count,
      step: b.step.take(),
      fn: b.fn.take(),
      file: b.file.take(),
      names,
      text: b.text.take(),
      textEnd: b.textEnd.take(),
      layout: b.layout.take(),
      layouts,
      pages: b.pages.take(),
      pageEnd: b.pageEnd.take(),
      ptes: b.ptes.take(),
      pteEnd: b.pteEnd.take(),
      slots: b.slots.take(),
      slotEnd: b.slotEnd.take(),
      counters: b.counters.take(),
      counterEnd: b.counterEnd.take(),
      moves: b.moves.take(),
      moveEnd: b.moveEnd.take(),
    };
    this.batchFirst += count;
    return batch;
  }
}
