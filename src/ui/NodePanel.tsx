import { memo, useCallback, useMemo } from "react";
import type { NodeLayout } from "../worker/viewState.ts";
import {
  selectClasses,
  selectFocus,
  selectIsLarge,
  selectNodeRev,
  selectView,
  useApp,
  useRunStore,
  watchMoves,
} from "./app.ts";
import {
  CanvasGrid,
  type CellChanges,
  paintClasses,
  paintClassesAt,
  pixel,
  rgb,
} from "./CanvasGrid.tsx";
import { DARK_FREE, useDarkTheme } from "./darkTheme.ts";
import { useIdPrefix } from "./idPrefix.ts";
import {
  alsoSwapCache,
  CLASS_INFO,
  cellColors,
  heldText,
  nodeColor,
  PageClass,
  type PageClasses,
} from "./pageClass.ts";
import type { RunState } from "./store.ts";

/** The "in use" swatch: a stripe of each of the first node colours. */
const NODE_STRIPES = `linear-gradient(90deg, ${[0, 1, 2, 3].map((n, i) => `${nodeColor(n)} ${i * 25}% ${(i + 1) * 25}%`).join(", ")})`;

/**
 * Per node and theme, the RGB of each class for the canvas (in use = the node's colour; free =
 * the theme's tile), and as pixels.
 */
const rgbByNode = new Map<string, { rgb: number[]; px: Uint32Array }>();
function rgbFor(node: number, dark: boolean): { rgb: number[]; px: Uint32Array } {
  const key = `${node}${dark ? " dark" : ""}`;
  let colors = rgbByNode.get(key);
  if (!colors) {
    const each = CLASS_INFO.map((_, cls) =>
      rgb(dark && cls === PageClass.free ? DARK_FREE : cellColors(cls, node).color),
    );
    colors = { rgb: each, px: Uint32Array.from(each, pixel) };
    rgbByNode.set(key, colors);
  }
  return colors;
}

const Cell = memo(function Cell(p: {
  pfn: number;
  node: number;
  cls: number;
  selected: boolean;
  marked: boolean;
  /** Also in the swap cache (shown beside a locked / isolated / writeback state). */
  swapcache: boolean;
}) {
  const run = useRunStore();
  const info = CLASS_INFO[p.cls] ?? CLASS_INFO[0];
  const fill = cellColors(p.cls, p.node);
  const free = p.cls === PageClass.free;
  return (
    <button
      type="button"
      className={`cell page${free ? " free" : ""}${p.selected ? " selected" : ""}${p.marked ? " marked" : ""}`}
      // A free frame's colours are the theme's (styles/cells.css): a near-white tile was the
      // brightest thing on a dark screen.
      style={free ? undefined : { background: fill.color, color: fill.ink }}
      aria-label={`pfn ${p.pfn}: ${info?.name}${p.swapcache ? ", swap cache" : ""}`}
      data-tag={
        p.cls === PageClass.free || p.cls === PageClass.anon
          ? undefined
          : `${info?.tag}${p.swapcache ? "S" : ""}`
      }
      aria-pressed={p.selected}
      data-pfn={p.pfn}
      onClick={() => run.getState().selectPfn(p.selected ? null : p.pfn)}
    >
      {p.pfn}
    </button>
  );
});

/** Changes whenever one of node `node`'s class counts does (PageClasses.countsRev). */
const selectCountsRev = (node: number) => (s: RunState) => s.classes?.countsRev[node] ?? 0;

/**
 * One NUMA node. It re-renders when its own frames (or the marks or selection on them) change,
 * not on every move; on the large machine its canvas is redrawn outside React, cell by cell.
 */
const NodePanel = memo(function NodePanel({
  node,
  large,
  classes,
}: {
  node: NodeLayout;
  /** The run's, handed down by NodePanels: two store listeners for all the nodes, not two each. */
  large: boolean;
  classes: PageClasses | null;
}) {
  const run = useRunStore();
  useApp(useMemo(() => selectCountsRev(node.id), [node.id]));
  const focusPfn = useApp((s) => {
    const pfn = selectFocus(s).pfn;
    return pfn !== null && pfn >= node.firstPfn && pfn < node.firstPfn + node.frames ? pfn : null;
  });
  const headingId = `${useIdPrefix()}node-${node.id}-title`;
  const free = classes?.count(node.id, PageClass.free) ?? 0;
  const held = heldText(
    (cls) => classes?.count(node.id, cls) ?? 0,
    (cls) => classes?.alsoCount(node.id, cls) ?? 0,
  );
  const watch = useCallback(
    (redraw: (changed: CellChanges) => void) => {
      // The state the grid shows: drawn whole just before it starts watching (CanvasGrid).
      let drawn = run.getState();
      return watchMoves(run, (s) => {
        const was = drawn;
        drawn = s;
        if (s.changed === null) {
          // A far move in the run drawn: every page frame no frame of the run changes is as
          // it was, so only the node's share of those the run touches is drawn again.
          const tl = s.timeline;
          const same =
            tl && tl === was.timeline && s.view === was.view && s.classes === was.classes;
          return redraw(same ? tl.touched.within(node.firstPfn, node.frames) : null);
        }
        const mine: number[] = [];
        for (const pfn of s.changed) {
          const i = pfn - node.firstPfn;
          if (i >= 0 && i < node.frames) mine.push(i);
        }
        if (mine.length > 0) redraw(mine);
      });
    },
    [run, node.firstPfn, node.frames],
  );
  const dark = useDarkTheme();
  const colorOf = useCallback(
    (i: number) =>
      rgbFor(node.id, dark).rgb[run.getState().classes?.classes[node.firstPfn + i] ?? 0] as number,
    [run, node.id, node.firstPfn, dark],
  );
  const fillAll = useCallback(
    (px: Uint32Array) =>
      paintClasses(
        px.subarray(0, node.frames),
        run.getState().classes?.classes ?? null,
        node.firstPfn,
        rgbFor(node.id, dark).px,
      ),
    [run, node.id, node.firstPfn, node.frames, dark],
  );
  const fillCells = useCallback(
    (px: Uint32Array, cells: ArrayLike<number>) =>
      paintClassesAt(
        px.subarray(0, node.frames),
        run.getState().classes?.classes ?? null,
        node.firstPfn,
        rgbFor(node.id, dark).px,
        cells,
      ),
    [run, node.id, node.firstPfn, node.frames, dark],
  );
  const pick = useCallback(
    (i: number) => run.getState().selectPfn(node.firstPfn + i),
    [run, node.firstPfn],
  );
  return (
    <section className="panel node" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="swatch" style={{ background: nodeColor(node.id) }} aria-hidden="true" />
        NUMA node {node.id}
      </h2>
      <p className="facts">
        <span>
          CPU{node.cpus.length === 1 ? "" : "s"} {node.cpus.join(", ")}
        </span>{" "}
        <span>
          <b>{node.frames - free}</b> used · <b>{free}</b> free of {node.frames}
        </span>
      </p>
      <p
        className={`facts small distances${large ? " dense" : ""}`}
        title="SLIT distance to node 0, 1, …"
      >
        Distances:
        {node.distances.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: one entry per node, fixed
          <span key={i} className={i === node.id ? "self" : ""} title={`to node ${i}`}>
            {large ? d : `n${i}:${d}`}
          </span>
        ))}
      </p>
      {large ? (
        <CanvasGrid
          // Drawn afresh in the other theme's colours.
          key={dark ? "dark" : "light"}
          label={`Page frames of node ${node.id}, ${node.frames} cells`}
          count={node.frames}
          cols={128}
          cell={2}
          colorOf={colorOf}
          fillAll={fillAll}
          fillCells={fillCells}
          watch={watch}
          marked={focusPfn === null ? null : focusPfn - node.firstPfn}
          onPick={pick}
        />
      ) : (
        <NodeCells node={node} focusPfn={focusPfn} />
      )}
      {/* Always there, two lines tall: a count that appears, or wraps, must not move the page
          table under the nodes from one frame to the next. */}
      <p className="facts small held">{held}</p>
    </section>
  );
});

/** Every node of the run, handed what they all draw from. */
export function NodePanels({ nodes }: { nodes: readonly NodeLayout[] }) {
  const large = useApp(selectIsLarge);
  const classes = useApp(selectClasses);
  return (
    <>
      {nodes.map((n) => (
        <NodePanel key={n.id} node={n} large={large} classes={classes} />
      ))}
    </>
  );
}

/** The pfns of `node` the current frame marks, as a key ("12,13"): compared by value. */
const selectMarkedIn = (node: NodeLayout) => (s: RunState) => {
  let key = "";
  for (const pfn of s.marked)
    if (pfn >= node.firstPfn && pfn < node.firstPfn + node.frames) key += `${key ? "," : ""}${pfn}`;
  return key;
};

/** A small machine's frames, one button each: re-rendered when the node's frames change. */
function NodeCells({ node, focusPfn }: { node: NodeLayout; focusPfn: number | null }) {
  const view = useApp(selectView);
  const classes = useApp(selectClasses);
  useApp(useMemo(() => selectNodeRev(node.id), [node.id]));
  const markedKey = useApp(useMemo(() => selectMarkedIn(node), [node]));
  // "" marks nothing ("".split gives [""], which Number made pfn 0: it wore the ring at frame 0).
  const marked = useMemo(
    () => new Set(markedKey === "" ? [] : markedKey.split(",").map(Number)),
    [markedKey],
  );
  if (!view || !classes) return null;
  return (
    <div className="cells">
      {Array.from({ length: node.frames }, (_, i) => {
        const pfn = node.firstPfn + i;
        const cls = classes.classes[pfn] as number;
        return (
          <Cell
            key={pfn}
            pfn={pfn}
            node={node.id}
            cls={cls}
            selected={focusPfn === pfn}
            marked={marked.has(pfn)}
            swapcache={alsoSwapCache(view.pages, pfn, cls)}
          />
        );
      })}
    </div>
  );
}

export function Legend() {
  return (
    <ul className="legend" aria-label="Legend: what a page frame holds">
      {CLASS_INFO.map((c, cls) => (
        <li key={c.name}>
          <span
            className={cls === PageClass.free ? "swatch free" : "swatch"}
            style={
              cls === PageClass.free
                ? undefined
                : { background: cls === PageClass.anon ? NODE_STRIPES : c.color }
            }
            aria-hidden="true"
          />
          {c.name}
          {c.tag && cls !== PageClass.anon ? ` (${c.tag})` : ""}
        </li>
      ))}
    </ul>
  );
}
