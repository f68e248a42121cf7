import { memo } from "react";
import type { NodeLayout } from "../worker/protocol.ts";
import { selectIsLarge, useApp, useFrame, useRunStore } from "./app.ts";
import { CanvasGrid, rgb } from "./CanvasGrid.tsx";
import { useFocus } from "./hooks.ts";
import {
  alsoSwapCache,
  CLASS_COUNT,
  CLASS_INFO,
  cellColors,
  nodeColor,
  PageClass,
} from "./pageClass.ts";

/** The "in use" swatch: a stripe of each of the first node colours. */
const NODE_STRIPES = `linear-gradient(90deg, ${[0, 1, 2, 3].map((n, i) => `${nodeColor(n)} ${i * 25}% ${(i + 1) * 25}%`).join(", ")})`;

/** Per node, the RGB of each class for the canvas (in use = the node's colour). */
const rgbByNode = new Map<number, number[]>();
function rgbFor(node: number): number[] {
  let colors = rgbByNode.get(node);
  if (!colors) {
    colors = CLASS_INFO.map((_, cls) => rgb(cellColors(cls, node).color));
    rgbByNode.set(node, colors);
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
  return (
    <button
      type="button"
      className={`cell page${p.selected ? " selected" : ""}${p.marked ? " marked" : ""}`}
      style={{ background: fill.color, color: fill.ink }}
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

export function NodePanel({ node }: { node: NodeLayout }) {
  const large = useApp(selectIsLarge);
  const focus = useFocus();
  const run = useRunStore();
  const { classes, changed, marked, version, view } = useFrame();
  if (!classes) return null;
  const free = classes.count(node.id, PageClass.free);
  const headingId = `node-${node.id}-title`;
  const nodeRgb = rgbFor(node.id);
  const counts: [string, number][] = [];
  for (let c = 1; c < CLASS_COUNT; c++) {
    const n = classes.count(node.id, c);
    if (n > 0) counts.push([CLASS_INFO[c]?.name ?? "", n]);
  }
  const selected =
    focus.pfn !== null && focus.pfn >= node.firstPfn ? focus.pfn - node.firstPfn : null;
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
      <p className="facts small distances" title="SLIT distance to node 0, 1, …">
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
          label={`Page frames of node ${node.id}, ${node.frames} cells`}
          count={node.frames}
          cols={128}
          cell={2}
          colorOf={(i) => nodeRgb[classes.classes[node.firstPfn + i] as number] as number}
          changed={changed?.map((pfn) => pfn - node.firstPfn) ?? null}
          version={version}
          marked={selected !== null && selected < node.frames ? selected : null}
          onPick={(i) => run.getState().selectPfn(node.firstPfn + i)}
        />
      ) : (
        <div className="cells">
          {Array.from({ length: node.frames }, (_, i) => {
            const pfn = node.firstPfn + i;
            return (
              <Cell
                key={pfn}
                pfn={pfn}
                node={node.id}
                cls={classes.classes[pfn] as number}
                selected={focus.pfn === pfn}
                marked={marked.has(pfn)}
                swapcache={
                  view ? alsoSwapCache(view.pages, pfn, classes.classes[pfn] as number) : false
                }
              />
            );
          })}
        </div>
      )}
      {counts.length > 0 && (
        <p className="facts small">{counts.map(([n, c]) => `${c} ${n}`).join(" · ")}</p>
      )}
    </section>
  );
}

export function Legend() {
  return (
    <ul className="legend" aria-label="Legend: what a page frame holds">
      {CLASS_INFO.map((c, cls) => (
        <li key={c.name}>
          <span
            className="swatch"
            style={{ background: cls === PageClass.anon ? NODE_STRIPES : c.color }}
            aria-hidden="true"
          />
          {c.name}
          {c.tag && cls !== PageClass.anon ? ` (${c.tag})` : ""}
        </li>
      ))}
    </ul>
  );
}
