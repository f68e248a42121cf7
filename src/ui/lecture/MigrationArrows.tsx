/**
 * An SVG overlay over the node panels that draws each page migrated in the current frame as an
 * arrow from its old frame to its new one. Mount it as the last child of a `position: relative`
 * element holding the panels; it finds cells through `rectOf` (by default the `data-pfn` cells).
 */

import { useCallback, useRef } from "react";
import { useIdPrefix } from "../idPrefix.ts";
import { type Arrow, migrationArrows, type Rect } from "./arrows.ts";
import "./arrows.css";
import "./lecture.css";
import { ArrowHead } from "./ArrowHead.tsx";
import { onCanvas, tallest } from "./overlayLimits.ts";
import {
  type ArrowDrawing,
  NO_ARROWS,
  OVER_CANVAS,
  sameDrawing,
  useMeasured,
} from "./useMeasured.ts";

export interface MigrationArrowsProps {
  /** The frame's migrations, flat [oldPfn, newPfn, ...]. */
  readonly moves: readonly number[];
  /** The on-screen rectangle of a page frame's cell, or null if it is not drawn as one. */
  readonly rectOf?: (pfn: number, root: HTMLElement) => Rect | null;
}

/** Cells drawn as elements carrying `data-pfn` (NodePanel's). */
export function cellRectByPfn(pfn: number, root: HTMLElement): Rect | null {
  return root.querySelector(`[data-pfn="${pfn}"]`)?.getBoundingClientRect() ?? null;
}

type Drawn = ArrowDrawing<Arrow>;

function labelOf(d: Drawn): string {
  if (d.canvas) return "Migration arrows are not drawn over the canvas grids";
  if (d.arrows.length === 0)
    return d.hidden > 0
      ? "This frame's migrations are not drawn here (the narration describes them)"
      : "No migration in this frame";
  const more = d.hidden ? ` and ${d.hidden} more` : "";
  return `Migrated: ${d.arrows.map((a) => `pfn ${a.from} to pfn ${a.to}`).join(", ")}${more}`;
}

export function MigrationArrows({ moves, rectOf = cellRectByPfn }: MigrationArrowsProps) {
  const prefix = useIdPrefix();
  const svg = useRef<SVGSVGElement>(null);
  const measure = useCallback(
    (root: HTMLElement) => {
      // The large machine's canvas grids (no cell to point at), or no move: nothing to measure,
      // and no layout forced in the middle of a step.
      if (rectOf === cellRectByPfn && onCanvas(root)) return OVER_CANVAS;
      if (moves.length === 0) return NO_ARROWS;
      const o = root.getBoundingClientRect();
      return migrationArrows(moves, (pfn) => rectOf(pfn, root), o, tallest(root));
    },
    [moves, rectOf],
  );
  const drawn = useMeasured<Drawn>(svg, measure, NO_ARROWS, sameDrawing);

  return (
    <svg ref={svg} className="migration-arrows" role="img" aria-label={labelOf(drawn)}>
      <defs>
        <ArrowHead id={`${prefix}migration-head`} className="migration-head" />
      </defs>
      {drawn.arrows.map((a) => (
        <g key={`${a.from}-${a.to}`} data-from={a.from} data-to={a.to}>
          <path d={a.d} className="migration-halo" />
          <path d={a.d} className="migration-arrow" markerEnd={`url(#${prefix}migration-head)`} />
        </g>
      ))}
    </svg>
  );
}
