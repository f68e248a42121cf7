/**
 * A VMA too long for one button per PTE: a canvas (one pixel per page) and counts by PTE kind.
 * Both are kept up to date from the PTEs the last move changed, so stepping a 12,288-page VMA costs
 * a handful of writes, not a rescan.
 */
import { useRef } from "react";
import { PteKind, pteKind, pteValue } from "../worker/protocol.ts";
import { useFrame, useRunStore } from "./app.ts";
import { CanvasGrid, rgb } from "./CanvasGrid.tsx";
import { nodeColor } from "./pageClass.ts";

const KIND_RGB = [rgb("#f2f2f2"), 0, rgb("#E69F00"), rgb("#777777"), rgb("#333333")];

class VmaCells {
  readonly kinds: Uint8Array;
  readonly colors: Int32Array;
  readonly counts = [0, 0, 0, 0, 0];

  constructor(
    readonly pid: number,
    readonly start: number,
    readonly end: number,
  ) {
    this.kinds = new Uint8Array(end - start);
    this.colors = new Int32Array(end - start);
  }

  /** Recompute cell `i` from the view; idempotent, so a repeated render does no harm. */
  set(i: number, code: number, nodeOf: Uint8Array): void {
    const k = pteKind(code);
    const was = this.kinds[i] as number;
    this.counts[was] = (this.counts[was] as number) - 1;
    this.counts[k] = (this.counts[k] as number) + 1;
    this.kinds[i] = k;
    this.colors[i] =
      k === PteKind.present ? rgb(nodeColor(nodeOf[pteValue(code)] ?? 0)) : (KIND_RGB[k] as number);
  }

  fill(map: Map<number, number> | undefined, nodeOf: Uint8Array): void {
    this.counts.fill(0);
    this.kinds.fill(0);
    this.counts[0] = this.kinds.length;
    for (let i = 0; i < this.kinds.length; i++) this.set(i, map?.get(this.start + i) ?? 0, nodeOf);
  }
}

export function LargeVma(p: { pid: number; start: number; end: number; version: number }) {
  const { view, nodeOf, changedPtes } = useFrame();
  const run = useRunStore();
  const cells = useRef<VmaCells | null>(null);
  const seen = useRef(-1);
  const map = view?.ptes.get(p.pid);
  let c = cells.current;
  let changed: number[] | null = null;
  if (!c || c.pid !== p.pid || c.start !== p.start || c.end !== p.end || changedPtes === null) {
    c = new VmaCells(p.pid, p.start, p.end);
    c.fill(map, nodeOf);
    cells.current = c;
  } else if (seen.current !== p.version) {
    changed = [];
    for (let i = 0; i + 1 < changedPtes.length; i += 2) {
      const vpn = changedPtes[i + 1] as number;
      if (changedPtes[i] !== p.pid || vpn < p.start || vpn >= p.end) continue;
      c.set(vpn - p.start, map?.get(vpn) ?? 0, nodeOf);
      changed.push(vpn - p.start);
    }
  }
  seen.current = p.version;
  const cur = c;
  const [none, present, swap, migration, protnone] = cur.counts;
  return (
    <>
      <p className="facts small">
        {present} present · {swap} swap entries · {migration} migration
        {protnone ? ` · ${protnone} PROT_NONE (NUMA hinting)` : ""} · {none} none
      </p>
      <CanvasGrid
        label={`PTEs of pid ${p.pid}, ${cur.kinds.length} pages`}
        count={cur.kinds.length}
        cols={256}
        cell={2}
        colorOf={(i) => cur.colors[i] as number}
        changed={changed}
        version={p.version}
        marked={null}
        onPick={(i) => run.getState().selectPte({ pid: p.pid, vpn: p.start + i })}
      />
    </>
  );
}
