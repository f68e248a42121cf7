/**
 * A grid of cells drawn as pixels (one ImageData pixel per cell, scaled up by CSS): for the large
 * machine, where 16,384 DOM cells per node would make every step slow. The grid is drawn outside
 * React: it listens for moves (`watch`) and rewrites only the cells each move changed, as the move
 * happens, so no move is missed and stepping never re-renders the component.
 */
import { memo, useLayoutEffect, useRef } from "react";

/** Cells a move changed (or may have), or null when any may have (a new run). */
export type CellChanges = ArrayLike<number> | null;

interface Props {
  label: string;
  count: number;
  cols: number;
  /** Scale (CSS px per cell). */
  cell: number;
  /** 0xRRGGBB of cell i (read when the cell is drawn). */
  colorOf: (i: number) => number;
  /**
   * Writes every cell's pixel (`pixel(colorOf(i))`) at once, if given, and says which cells it
   * changed: a far seek redraws all 16,384 cells of each node, and a call per cell was most of
   * that redraw.
   */
  fillAll?: (px: Uint32Array) => Changed;
  /**
   * Writes the pixels of the cells given, if given, and says which of them changed: a far move
   * in a run hands its grid the few thousand cells the run touches, one pass over them.
   */
  fillCells?: (px: Uint32Array, cells: ArrayLike<number>) => Changed;
  /** Calls `redraw` after each move with the cells it changed; returns the unsubscribe. */
  watch: (redraw: (changed: CellChanges) => void) => () => void;
  marked: number | null;
  onPick: (i: number) => void;
}

/** Memoised: its pixels change through `watch`, not through renders. */
export const CanvasGrid = memo(function CanvasGrid(p: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const rows = Math.ceil(p.count / p.cols);
  // The latest props for the listener, which outlives renders.
  const props = useRef(p);
  props.current = p;

  // Layout effect: the canvas is drawn in the same commit as the rest of the panel (no flicker).
  // It starts again (a full draw, a new listener) when the grid's shape or its source changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect reads them through `props`
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const { count, cols } = props.current;
    const data = ctx.createImageData(cols, rows);
    const px = new Uint32Array(data.data.buffer);
    const put = (i: number) => {
      px[i] = pixel(props.current.colorOf(i));
    };
    // Only the rows between the first and last cell that changed go back to the canvas (a node
    // a far seek left alone, none).
    const putBack = ({ first, last }: Changed) => {
      if (last < first) return;
      const top = Math.floor(first / cols);
      ctx.putImageData(data, 0, 0, 0, top, cols, Math.floor(last / cols) - top + 1);
    };
    const redraw = (changed: CellChanges) => {
      const { fillAll, fillCells } = props.current;
      if (changed === null) {
        if (fillAll) return putBack(fillAll(px));
        for (let i = 0; i < count; i++) put(i);
        ctx.putImageData(data, 0, 0);
        return;
      }
      if (fillCells) return putBack(fillCells(px, changed));
      // Only the rows the move touched go back to the canvas.
      let top = rows;
      let bottom = -1;
      for (let k = 0; k < changed.length; k++) {
        const i = changed[k] as number;
        if (i < 0 || i >= count) continue;
        put(i);
        const r = Math.floor(i / cols);
        if (r < top) top = r;
        if (r > bottom) bottom = r;
      }
      if (bottom >= top) ctx.putImageData(data, 0, 0, 0, top, cols, bottom - top + 1);
    };
    redraw(null);
    // A redraw puts back only the rows it changed, trusting the canvas to hold the rest: if the
    // browser drops the canvas's pixels (a lost context), they all go back when it returns.
    const restored = () => ctx.putImageData(data, 0, 0);
    canvas.addEventListener("contextrestored", restored);
    const unwatch = props.current.watch(redraw);
    return () => {
      unwatch();
      canvas.removeEventListener("contextrestored", restored);
    };
  }, [rows, p.count, p.cols, p.watch]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) / r.width) * p.cols);
    const y = Math.floor(((e.clientY - r.top) / r.height) * rows);
    const i = y * p.cols + x;
    if (i >= 0 && i < p.count) p.onPick(i);
  };

  const m = p.marked;
  // `cell` pixels a cell where the panel has room; narrower (two runs side by side at 1280
  // pixels), the grid shrinks with it instead of being cut off, so the mark is placed in percent.
  const pct = (n: number, of: number) => `${(100 * n) / of}%`;
  return (
    <div
      className="canvas-grid"
      style={{ width: p.cols * p.cell, aspectRatio: `${p.cols} / ${rows}` }}
    >
      <canvas
        ref={ref}
        width={p.cols}
        height={rows}
        aria-label={p.label}
        role="img"
        onClick={pick}
      />
      {m !== null && m >= 0 && m < p.count && (
        <span
          className="canvas-mark"
          style={{
            left: `calc(${pct(m % p.cols, p.cols)} - 3px)`,
            top: `calc(${pct(Math.floor(m / p.cols), rows)} - 3px)`,
            width: `calc(${pct(1, p.cols)} + 6px)`,
            height: `calc(${pct(1, rows)} + 6px)`,
          }}
        />
      )}
    </div>
  );
});

export const rgb = (hex: string) => Number.parseInt(hex.slice(1), 16);

/** 0xRRGGBB as an opaque ImageData pixel: RGBA in memory, so 0xAABBGGRR as a little-endian Uint32. */
export const pixel = (c: number) =>
  (0xff000000 | ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff)) >>> 0;

/** The first and last cell a fill changed (last < first: none). */
export interface Changed {
  readonly first: number;
  readonly last: number;
}

/**
 * Cell i's pixel is `rgb[i]` (0xRRGGBB; `from` drawn as `to`, the theme's empty cell), for every
 * cell of `px`: a whole grid in one pass, as paintClasses. Says which cells changed.
 */
export function paintRgb(px: Uint32Array, rgb: Int32Array, from: number, to: number): Changed {
  let first = px.length;
  let last = -1;
  for (let i = 0; i < px.length; i++) {
    const c = rgb[i] as number;
    const now = pixel(c === from ? to : c);
    if (px[i] === now) continue;
    px[i] = now;
    if (first > i) first = i;
    last = i;
  }
  return { first, last };
}

/**
 * Cell i's pixel is `palette[classes[from + i]]` (class 0 when there are no classes yet), for
 * every cell of `px`: a whole grid in one pass. Says which cells changed.
 */
export function paintClasses(
  px: Uint32Array,
  classes: Uint8Array | null,
  from: number,
  palette: Uint32Array,
): Changed {
  const none = palette[0] as number;
  let first = px.length;
  let last = -1;
  for (let i = 0; i < px.length; i++) {
    const now = classes === null ? none : (palette[classes[from + i] as number] ?? none);
    if (px[i] === now) continue;
    px[i] = now;
    if (first > i) first = i;
    last = i;
  }
  return { first, last };
}

/**
 * As paintClasses, for the cells listed only (those outside `px` are skipped): the cells a far
 * move may have changed. Says which cells changed.
 */
export function paintClassesAt(
  px: Uint32Array,
  classes: Uint8Array | null,
  from: number,
  palette: Uint32Array,
  cells: ArrayLike<number>,
): Changed {
  const none = palette[0] as number;
  let first = px.length;
  let last = -1;
  for (let k = 0; k < cells.length; k++) {
    const i = cells[k] as number;
    if (i < 0 || i >= px.length) continue;
    const now = classes === null ? none : (palette[classes[from + i] as number] ?? none);
    if (px[i] === now) continue;
    px[i] = now;
    if (first > i) first = i;
    if (last < i) last = i;
  }
  return { first, last };
}
