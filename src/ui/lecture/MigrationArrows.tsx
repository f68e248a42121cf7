/**
 * An SVG overlay over the node panels that draws each page migrated in the current frame as an
 * arrow from its old frame to its new one. Mount it as the last child of a `position: relative`
 * element holding the panels; it finds cells through `rectOf` (by default the `data-pfn` cells).
 */
import { useCallback, useRef } from "react";
import { type Arrow, migrationArrows, type Rect } from "./arrows.ts";
import "./lecture.css";
import { sameArrows, useMeasured } from "./useMeasured.ts";

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

interface Drawn {
  readonly arrows: Arrow[];
  readonly hidden: number;
}
const NOTHING: Drawn = { arrows: [], hidden: 0 };

export function MigrationArrows({ moves, rectOf = cellRectByPfn }: MigrationArrowsProps) {
  const svg = useRef<SVGSVGElement>(null);
  const measure = useCallback(
    (root: HTMLElement) => {
      // No move, or (the large machine's canvas grids) no cell to point at: nothing to measure,
      // and no layout forced in the middle of a step.
      const noCells = rectOf === cellRectByPfn && root.querySelector("[data-pfn]") === null;
      if (moves.length === 0 || noCells) return NOTHING;
      const o = root.getBoundingClientRect();
      return migrationArrows(moves, (pfn) => rectOf(pfn, root), o);
    },
    [moves, rectOf],
  );
  const drawn = useMeasured(svg, measure, NOTHING, sameArrows);

  return (
    <svg
      ref={svg}
      className="migration-arrows"
      role="img"
      aria-label={
        drawn.arrows.length === 0
          ? "No migration in this frame"
          : `Migrated: ${drawn.arrows.map((a) => `pfn ${a.from} to pfn ${a.to}`).join(", ")}${
              drawn.hidden ? ` and ${drawn.hidden} more` : ""
            }`
      }
    >
      <defs>
        <marker
          id="migration-head"
          viewBox="0 0 10 10"
          refX="8"
          refY="5"
          markerWidth="5"
          markerHeight="5"
          orient="auto-start-reverse"
        >
          <path d="M0 0L10 5L0 10z" className="migration-head" />
        </marker>
      </defs>
      {drawn.arrows.map((a) => (
        <g key={`${a.from}-${a.to}`} data-from={a.from} data-to={a.to}>
          <path d={a.d} className="migration-halo" />
          <path d={a.d} className="migration-arrow" markerEnd="url(#migration-head)" />
        </g>
      ))}
    </svg>
  );
}
