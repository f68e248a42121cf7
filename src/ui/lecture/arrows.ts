/**
 * Where to draw a migration: for each [oldPfn, newPfn] pair of a frame, a curved arrow from the
 * old frame's cell to the new one's, in the overlay's coordinates. Pure geometry over a lookup of
 * on-screen rectangles, so it is tested without a browser.
 */

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface Arrow {
  readonly from: number;
  readonly to: number;
  /** SVG path data: a quadratic curve from the old cell's centre to the new one's edge. */
  readonly d: string;
}

/** Arrows beyond this many would hide the grids they point at; the rest are counted, not drawn. */
export const MAX_ARROWS = 64;

const centre = (r: Rect, o: { left: number; top: number }) => ({
  x: r.left - o.left + r.width / 2,
  y: r.top - o.top + r.height / 2,
});

/**
 * The arrows of `moves` (flat [old, new, old, new, ...]); a pair whose cell is not on screen (a
 * collapsed panel, a canvas grid) is skipped. `origin` is the overlay's own top-left corner.
 */
export function migrationArrows(
  moves: readonly number[],
  rectOf: (pfn: number) => Rect | null,
  origin: { left: number; top: number },
): { arrows: Arrow[]; hidden: number } {
  const arrows: Arrow[] = [];
  let hidden = 0;
  for (let i = 0; i + 1 < moves.length; i += 2) {
    const from = moves[i] as number;
    const to = moves[i + 1] as number;
    const a = rectOf(from);
    const b = rectOf(to);
    if (!a || !b || arrows.length >= MAX_ARROWS) {
      hidden++;
      continue;
    }
    const d = arrowPath(a, b, origin);
    arrows.push({ from, to, d });
  }
  return { arrows, hidden };
}

/**
 * A curved arrow's path from the centre of rectangle `a` to the edge of `b`, in the coordinates of
 * an overlay whose top-left corner is `origin`.
 */
export function arrowPath(a: Rect, b: Rect, origin: { left: number; top: number }): string {
  const p = centre(a, origin);
  const q = centre(b, origin);
  // Stop where the line meets the target's edge, so the head sits on it, not over its number:
  // for a wide target (a swap-cache row) approached from above, its top edge, not half its width
  // short of the centre (which left the head on the row above).
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.hypot(dx, dy) || 1;
  const toSide = dx === 0 ? Number.POSITIVE_INFINITY : b.width / 2 / (Math.abs(dx) / len);
  const toTopOrBottom = dy === 0 ? Number.POSITIVE_INFINITY : b.height / 2 / (Math.abs(dy) / len);
  const stop = Math.min(len / 2, toSide, toTopOrBottom);
  const ex = q.x - (dx / len) * stop;
  const ey = q.y - (dy / len) * stop;
  // Bow the curve sideways by a fifth of its length, so arrows between the same panels part.
  const bow = len / 5;
  const cx = (p.x + ex) / 2 - (dy / len) * bow;
  const cy = (p.y + ey) / 2 + (dx / len) * bow;
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M${r(p.x)} ${r(p.y)}Q${r(cx)} ${r(cy)} ${r(ex)} ${r(ey)}`;
}
