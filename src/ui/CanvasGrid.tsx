/**
 * A grid of cells drawn as pixels (one ImageData pixel per cell, scaled up by CSS): for the large
 * machine, where 16,384 DOM cells per node would make every step slow. After a one-frame move it
 * rewrites only the changed cells; after a jump it redraws everything.
 */
import { useLayoutEffect, useRef } from "react";

interface Props {
  label: string;
  count: number;
  cols: number;
  /** Scale (CSS px per cell). */
  cell: number;
  /** 0xRRGGBB of cell i. */
  colorOf: (i: number) => number;
  /** Indices changed by the last move, or null to redraw all; `version` triggers the redraw. */
  changed: readonly number[] | null;
  version: number;
  marked: number | null;
  onPick: (i: number) => void;
}

export function CanvasGrid(p: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const img = useRef<ImageData | null>(null);
  const rows = Math.ceil(p.count / p.cols);

  // Layout effect: the canvas is drawn in the same commit as the rest of the frame (no flicker).
  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw is driven by version
  useLayoutEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    let data = img.current;
    const full = !data || data.width !== p.cols || data.height !== rows || p.changed === null;
    if (!data || data.width !== p.cols || data.height !== rows) {
      data = ctx.createImageData(p.cols, rows);
      img.current = data;
    }
    const px = new Uint32Array(data.data.buffer);
    const put = (i: number) => {
      const c = p.colorOf(i);
      // ImageData is RGBA in memory; on little-endian that is 0xAABBGGRR as a Uint32.
      px[i] = 0xff000000 | ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff);
    };
    if (full) for (let i = 0; i < p.count; i++) put(i);
    else for (const i of p.changed ?? []) if (i >= 0 && i < p.count) put(i);
    ctx.putImageData(data, 0, 0);
  }, [p.version, p.count, p.cols]);

  const pick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = Math.floor(((e.clientX - r.left) / r.width) * p.cols);
    const y = Math.floor(((e.clientY - r.top) / r.height) * rows);
    const i = y * p.cols + x;
    if (i >= 0 && i < p.count) p.onPick(i);
  };

  const m = p.marked;
  return (
    <div className="canvas-grid" style={{ width: p.cols * p.cell, height: rows * p.cell }}>
      <canvas
        ref={ref}
        width={p.cols}
        height={rows}
        aria-label={p.label}
        role="img"
        onClick={pick}
        style={{ width: p.cols * p.cell, height: rows * p.cell }}
      />
      {m !== null && m >= 0 && m < p.count && (
        <span
          className="canvas-mark"
          style={{
            left: (m % p.cols) * p.cell - 3,
            top: Math.floor(m / p.cols) * p.cell - 3,
            width: p.cell + 6,
            height: p.cell + 6,
          }}
        />
      )}
    </div>
  );
}

export const rgb = (hex: string) => Number.parseInt(hex.slice(1), 16);
