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
  /** SVG path data: a quadratic curve from the old cell's edge to the new one's. */
  readonly d: string;
}

/** Arrows beyond this many would hide the grids they point at; the rest are counted, not drawn. */
export const MAX_ARROWS = 64;

/** How far apart, up or down the page, the centres of two rectangles are. */
export const span = (a: Rect, b: Rect) => Math.abs(a.top + a.height / 2 - (b.top + b.height / 2));

const centre = (r: Rect, o: { left: number; top: number }) => ({
  x: r.left - o.left + r.width / 2,
  y: r.top - o.top + r.height / 2,
});

/**
 * The arrows of `moves` (flat [old, new, old, new, ...]); a pair whose cell is not on screen (a
 * collapsed panel, a canvas grid), or whose ends are more than `tallest` apart up or down the
 * page, is skipped and counted. `origin` is the overlay's own top-left corner.
 */
export function migrationArrows(
  moves: readonly number[],
  rectOf: (pfn: number) => Rect | null,
  origin: { left: number; top: number },
  tallest = Number.POSITIVE_INFINITY,
): { arrows: Arrow[]; hidden: number } {
  const arrows: Arrow[] = [];
  let hidden = 0;
  for (let i = 0; i + 1 < moves.length; i += 2) {
    const from = moves[i] as number;
    const to = moves[i + 1] as number;
    const a = rectOf(from);
    const b = rectOf(to);
    if (!a || !b || span(a, b) > tallest || arrows.length >= MAX_ARROWS) {
      hidden++;
      continue;
    }
    const d = arrowPath(a, b, origin);
    arrows.push({ from, to, d });
  }
  return { arrows, hidden };
}

/**
 * A curved arrow's path from the edge of rectangle `a` to the edge of `b`, in the coordinates of
 * an overlay whose top-left corner is `origin`: to a cell, a bowed curve ending where the line
 * meets the cell's edge; to a row, a curve that ends level at the row's nearer side.
 */
export function arrowPath(a: Rect, b: Rect, origin: { left: number; top: number }): string {
  const p = centre(a, origin);
  const q = centre(b, origin);
  const r = (n: number) => Math.round(n * 10) / 10;
  // A row of a list (a swap-cache slot) is entered from its side, level: an arrow coming down on
  // its top edge puts its head over the row above, since rows sit one on another.
  if (b.width > 3 * b.height) {
    // Leave the cell through its top or bottom edge, so its number stays clear.
    const sy = p.y + (q.y > p.y ? a.height / 2 : -a.height / 2);
    const fromLeft = p.x < q.x;
    const ex = fromLeft ? b.left - origin.left : b.left - origin.left + b.width;
    const reach = Math.min(80, Math.max(24, Math.abs(ex - p.x) / 2));
    // Never out past the overlay's left edge: a row at the page's left still gets a level end.
    const c2x = Math.max(2, ex + (fromLeft ? -reach : reach));
    return `M${r(p.x)} ${r(sy)}C${r(p.x)} ${r((sy + q.y) / 2)} ${r(c2x)} ${r(q.y)} ${r(ex)} ${r(q.y)}`;
  }
  // Leave the old cell and stop at the new one where the line meets their edges, so the tail and
  // the head sit beside their numbers, not over them.
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const len = Math.hypot(dx, dy) || 1;
  const start = Math.min(len / 2, toEdge(a, dx, dy, len));
  const stop = Math.min(len / 2, toEdge(b, dx, dy, len));
  const sx = p.x + (dx / len) * start;
  const sy = p.y + (dy / len) * start;
  const ex = q.x - (dx / len) * stop;
  const ey = q.y - (dy / len) * stop;
  // Bow the curve sideways by a fifth of its length (at most 80 px), so arrows between the same
  // panels part; the curve stays within its control points, kept inside the overlay.
  const bow = Math.min(80, len / 5);
  const cx = Math.max(0, (sx + ex) / 2 - (dy / len) * bow);
  const cy = Math.max(0, (sy + ey) / 2 + (dx / len) * bow);
  return `M${r(sx)} ${r(sy)}Q${r(cx)} ${r(cy)} ${r(ex)} ${r(ey)}`;
}

/** How far from the centre of `box` a line in direction (dx, dy) crosses its edge. */
function toEdge(box: Rect, dx: number, dy: number, len: number): number {
  const toSide = dx === 0 ? Number.POSITIVE_INFINITY : box.width / 2 / (Math.abs(dx) / len);
  const toTopOrBottom = dy === 0 ? Number.POSITIVE_INFINITY : box.height / 2 / (Math.abs(dy) / len);
  return Math.min(toSide, toTopOrBottom);
}
