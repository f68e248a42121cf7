/**
 * An SVG overlay that draws what the current frame did to the swap cache: an arrow from a page
 * frame to the swap slot it enters, or from the slot back to the page as it leaves; and, in such
 * a frame or a migration, a dotted arrow from each PTE the frame changed to what it now points
 * at. Mount it as the last child of a `position: relative` element holding the node panels, the
 * page tables and the swap panel (cells carry `data-pfn`, `data-pte`, `data-slot`).
 */
import { useCallback, useId, useMemo, useRef } from "react";
import { frameMoves } from "../../worker/viewState.ts";
import { selectIsLarge, useApp } from "../app.ts";
import { addrOfVpn } from "../hooks.ts";
import { pteKey } from "../selection.ts";
import type { RunState } from "../store.ts";
import { arrowPath, MAX_ARROWS, type Rect, span } from "./arrows.ts";
import { type FrameLinks, frameLinks, NO_LINKS } from "./swapLinks.ts";
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

interface Drawn {
  readonly key: string;
  readonly kind: "enter" | "leave" | "pte";
  readonly d: string;
  readonly says: string;
}

/**
 * An element's rectangle, or null when it is not on screen (hidden). Reading it forces layout.
 * A swap slot stands for its whole row: arrows enter a row from its side (arrows.ts).
 */
function rectOf(el: Element): Rect | null {
  const r = (el.matches("[data-slot]") ? (el.closest("tr") ?? el) : el).getBoundingClientRect();
  return r.width > 0 && r.height > 0 ? r : null;
}

function layout(links: FrameLinks, root: HTMLElement): Drawing {
  // Layout is read only for links whose both ends are in the page: the large machine draws its
  // frames on canvases, so a step there forces no layout in the middle of React's commit.
  let o: Rect | null = null;
  const arrows: Drawn[] = [];
  let hidden = 0;
  const limit = tallest(root);
  // The ends are looked for in the whole view when it says so: presentation draws a page table
  // in the other column beside four node grids (App.tsx), and the arrow reaches over to it.
  const scope = root.closest<HTMLElement>("[data-arrows-reach]") ?? root;
  const add = (key: string, kind: Drawn["kind"], from: string, to: string, says: string) => {
    const ea = scope.querySelector(from);
    const eb = ea && scope.querySelector(to);
    // From the other column, only to a page frame: an arrow down to the swap cache, under the
    // node grids, ran across the narration.
    if (eb && !root.contains(ea) && eb.matches("[data-slot]")) {
      hidden++;
      return;
    }
    const a = ea && eb ? rectOf(ea) : null;
    const b = a && eb ? rectOf(eb) : null;
    if (!a || !b || arrows.length >= MAX_ARROWS || span(a, b) > limit) hidden++;
    else {
      o ??= root.getBoundingClientRect();
      arrows.push({ key, kind, d: arrowPath(a, b, o), says });
    }
  };
  for (const l of links.swap) {
    const page = `[data-pfn="${l.pfn}"]`;
    const slot = `[data-slot="${l.slot}"]`;
    if (l.kind === "enter")
      add(
        `s${l.slot}`,
        "enter",
        page,
        slot,
        `pfn ${l.pfn} enters the swap cache at slot ${l.slot}`,
      );
    else
      add(`s${l.slot}`, "leave", slot, page, `pfn ${l.pfn} leaves the swap cache (slot ${l.slot})`);
  }
  for (const p of links.ptes) {
    const target = "slot" in p.to ? `[data-slot="${p.to.slot}"]` : `[data-pfn="${p.to.pfn}"]`;
    const what = "slot" in p.to ? `swap slot ${p.to.slot}` : `pfn ${p.to.pfn}`;
    add(
      `p${pteKey(p.pid, p.vpn)}`,
      "pte",
      `[data-pte="${pteKey(p.pid, p.vpn)}"]`,
      target,
      `the PTE of ${addrOfVpn(p.vpn)} (pid ${p.pid}) now points at ${what}`,
    );
  }
  return { arrows, hidden };
}

type Drawing = ArrowDrawing<Drawn>;

/** The overlay's name: what its arrows show, and that some were left out. */
function labelOf(d: Drawing): string {
  if (d.canvas) return "Swap cache and PTEs: arrows are not drawn over the canvas grids";
  if (d.arrows.length === 0)
    return d.hidden > 0
      ? "Swap cache and PTEs: this frame's changes are not drawn here (the narration describes them)"
      : "No swap-cache change in this frame";
  const more = d.hidden > 0 ? `; and ${d.hidden} more` : "";
  return `Swap cache and PTEs: ${d.arrows.map((a) => a.says).join("; ")}${more}`;
}

export function SwapArrows({ links }: { links: FrameLinks }) {
  const svg = useRef<SVGSVGElement>(null);
  const ids = useId();
  const measure = useCallback(
    (root: HTMLElement) =>
      // The canvas grids first, whatever the frame: one drawing for every step, not a render
      // at each frame that changes the swap cache.
      onCanvas(root)
        ? OVER_CANVAS
        : links.swap.length === 0 && links.ptes.length === 0
          ? NO_ARROWS
          : layout(links, root),
    [links],
  );
  const drawn = useMeasured<Drawing>(svg, measure, NO_ARROWS, sameDrawing);
  return (
    <svg ref={svg} className="migration-arrows swap-arrows" role="img" aria-label={labelOf(drawn)}>
      <defs>
        {(["swap", "pte"] as const).map((k) => (
          <ArrowHead key={k} id={`${ids}-${k}`} className={`${k}-head`} />
        ))}
      </defs>
      {drawn.arrows.map((a) => (
        <g key={a.key} data-kind={a.kind}>
          <path d={a.d} className="migration-halo" />
          <path
            d={a.d}
            className={a.kind === "pte" ? "pte-arrow" : "swap-arrow"}
            markerEnd={`url(#${ids}-${a.kind === "pte" ? "pte" : "swap"})`}
          />
        </g>
      ))}
    </svg>
  );
}

/**
 * The current frame's links, as a string so the selection compares by value; worked out once per
 * state (React asks at the move and again as it renders).
 */
const linksByState = new WeakMap<RunState, string>();
const selectLinks = (s: RunState): string => {
  let key = linksByState.get(s);
  if (key !== undefined) return key;
  const at = s.cur > 0 ? s.timeline?.locate(s.cur) : null;
  const links = at ? frameLinks(at[0], at[1], frameMoves(at[0], at[1]).length > 0) : NO_LINKS;
  key = links === NO_LINKS ? "" : JSON.stringify(links);
  linksByState.set(s, key);
  return key;
};

/** The frame's links, or none on a large machine's canvas grids (no cell to point at), where they
 * are not even worked out at a step. */
const selectLinksShown = (s: RunState) => (selectIsLarge(s) ? "" : selectLinks(s));

export function CurrentSwapArrows() {
  const key = useApp(selectLinksShown);
  const links = useMemo(() => (key ? (JSON.parse(key) as FrameLinks) : NO_LINKS), [key]);
  return <SwapArrows links={links} />;
}
