/**
 * A VMA too long for one button per PTE: a canvas (one pixel per page) and counts by PTE kind.
 * Both are kept up to date from the PTEs each move changed, so stepping a 12,288-page VMA costs
 * a handful of writes, not a rescan.
 */
import { useCallback, useMemo } from "react";
import { PteKind, pteKind, pteValue } from "../worker/viewState.ts";
import { selectNodeOf, selectPidRev, selectView, useApp, useRunStore, watchMoves } from "./app.ts";
import { CanvasGrid, type CellChanges, paintRgb, rgb } from "./CanvasGrid.tsx";
import { DARK_FREE, useDarkTheme } from "./darkTheme.ts";
import { nodeColor } from "./pageClass.ts";

const NONE_RGB = rgb("#f2f2f2");
const DARK_NONE_RGB = rgb(DARK_FREE);
const KIND_RGB = [NONE_RGB, 0, rgb("#E69F00"), rgb("#777777"), rgb("#333333")];
/** Each node's colour as a number, parsed once: a far seek recolours every cell. */
const NODE_RGB: number[] = [];
const nodeRgb = (node: number) => {
  NODE_RGB[node] ??= rgb(nodeColor(node));
  return NODE_RGB[node];
};

export class VmaCells {
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
      k === PteKind.present ? nodeRgb(nodeOf[pteValue(code)] ?? 0) : (KIND_RGB[k] as number);
  }

  /**
   * Every cell from the process's PTEs. It walks the map rather than looking up each address: a
   * vpn is above 2^31, so a lookup by one boxes a number, 12,288 of them on a far seek.
   */
  fill(map: Map<number, number> | undefined, nodeOf: Uint8Array): void {
    const n = this.kinds.length;
    this.counts.fill(0);
    this.counts[0] = n;
    this.kinds.fill(0);
    this.colors.fill(KIND_RGB[PteKind.none] as number);
    map?.forEach((code, vpn) => {
      const i = vpn - this.start;
      if (i >= 0 && i < n) this.set(i, code, nodeOf);
    });
  }
}

/**
 * The cells follow every move through a store subscription (no move is missed, and stepping does
 * not render); the counts line re-renders when this process's PTEs changed.
 */
export function LargeVma(p: { pid: number; start: number; end: number }) {
  const run = useRunStore();
  const view = useApp(selectView);
  const nodeOf = useApp(selectNodeOf);
  useApp(useMemo(() => selectPidRev(p.pid), [p.pid]));
  // The cells of this VMA, filled from the view of the run on screen.
  const cells = useMemo(() => {
    const c = new VmaCells(p.pid, p.start, p.end);
    c.fill(view?.ptes.get(p.pid), nodeOf);
    return c;
  }, [p.pid, p.start, p.end, view, nodeOf]);
  const watch = useCallback(
    (redraw: (changed: CellChanges) => void) =>
      watchMoves(run, (s) => {
        const map = s.view?.ptes.get(p.pid);
        if (s.changedPtes === null) {
          cells.fill(map, s.nodeOf);
          return redraw(null);
        }
        const changed: number[] = [];
        for (let i = 0; i + 1 < s.changedPtes.length; i += 2) {
          const vpn = s.changedPtes[i + 1] as number;
          if (s.changedPtes[i] !== p.pid || vpn < p.start || vpn >= p.end) continue;
          cells.set(vpn - p.start, map?.get(vpn) ?? 0, s.nodeOf);
          changed.push(vpn - p.start);
        }
        if (changed.length > 0) redraw(changed);
      }),
    [run, cells, p.pid, p.start, p.end],
  );
  const [none, present, swap, migration, protnone] = cells.counts;
  const dark = useDarkTheme();
  // Kept across renders: the counts line re-renders at most steps, and new callbacks would
  // re-render the (memoised) canvas with it, for nothing.
  const colorOf = useCallback(
    (i: number) => {
      const c = cells.colors[i] as number;
      return dark && c === NONE_RGB ? DARK_NONE_RGB : c;
    },
    [cells, dark],
  );
  // A far seek redraws every cell: in one pass, not a call per cell (on the million-frame run's
  // first far seeks, before V8 had optimised them, the calls took 3-11 ms).
  const fillAll = useCallback(
    (px: Uint32Array) => paintRgb(px, cells.colors, NONE_RGB, dark ? DARK_NONE_RGB : NONE_RGB),
    [cells, dark],
  );
  const pick = useCallback(
    (i: number) => run.getState().selectPte({ pid: p.pid, vpn: p.start + i }),
    [run, p.pid, p.start],
  );
  return (
    <>
      <p className="facts small">
        {present} present · {swap} swap entries · {migration} migration
        {protnone ? ` · ${protnone} PROT_NONE (NUMA hinting)` : ""} · {none} none
      </p>
      <CanvasGrid
        // Drawn afresh in the other theme's colours: no PTE is the theme's free tile.
        key={dark ? "dark" : "light"}
        label={`PTEs of pid ${p.pid}, ${cells.kinds.length} pages`}
        count={cells.kinds.length}
        cols={256}
        cell={2}
        colorOf={colorOf}
        fillAll={fillAll}
        watch={watch}
        marked={null}
        onPick={pick}
      />
    </>
  );
}
