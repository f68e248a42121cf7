import { type CSSProperties, memo, useLayoutEffect, useMemo, useRef } from "react";
import { frameCounters } from "../worker/viewState.ts";
import { selectInit, useApp, useRunStore } from "./app.ts";
import { CounterCells, type CounterSink } from "./counterCells.ts";
import { selectMainline } from "./KernelSwitch.tsx";
import type { RunState } from "./store.ts";
import { drawWhenSeen } from "./whenSeen.ts";

const NO_CHANGES = new Map<number, number>();
const changesByState = new WeakMap<RunState, Map<number, number>>();
/** What the current frame changed (frame 0 changes nothing), decoded once per state. */
function frameChanges(s: RunState): Map<number, number> {
  const at = s.cur > 0 ? s.timeline?.locate(s.cur) : null;
  if (!at) return NO_CHANGES;
  let m = changesByState.get(s);
  if (!m) {
    m = frameCounters(at[0], at[1]);
    changesByState.set(s, m);
  }
  return m;
}

/** Counter `i`'s value cell: React builds it empty, `cellsOf` gives it its words. */
const Value = ({ i }: { i: number }) => <td className="num" data-counter={i} />;

/**
 * The panel's cells as a sink for `CounterCells`: in each value cell a text node for the value
 * and a span for its change, always there (empty while the frame leaves the counter alone), so a
 * step rewrites words instead of adding and removing nodes. A vmstat or model-only row is marked
 * with its value. Returns the sink and what takes the nodes out again.
 */
function cellsOf(tables: HTMLElement, count: number): { sink: CounterSink; remove(): void } {
  const values: (Text | undefined)[] = new Array(count);
  const deltas: (Text | undefined)[] = new Array(count);
  const tds: (HTMLElement | undefined)[] = new Array(count);
  const added: Node[] = [];
  for (const td of tables.querySelectorAll<HTMLElement>("td[data-counter]")) {
    const i = Number(td.dataset.counter);
    const value = document.createTextNode("");
    const span = document.createElement("span");
    span.className = "delta";
    const delta = document.createTextNode("");
    span.append(delta);
    td.append(value, span);
    added.push(value, span);
    values[i] = value;
    deltas[i] = delta;
    tds[i] = td;
  }
  const sink: CounterSink = {
    value: (i, text) => {
      const node = values[i];
      if (node) node.data = text;
    },
    delta: (i, text) => {
      const node = deltas[i];
      if (node) node.data = text;
    },
    marked: (i, on) => {
      const td = tds[i];
      td?.classList.toggle("changed", on);
      const row = td?.parentElement;
      if (row?.hasAttribute("data-marked-row")) row.classList.toggle("changed", on);
    },
  };
  const remove = () => {
    for (const node of added) node.parentNode?.removeChild(node);
    for (const td of tds) {
      td?.classList.remove("changed");
      td?.parentElement?.classList.remove("changed");
    }
  };
  return { sink, remove };
}

/**
 * The /proc/vmstat lines the model keeps that 3.3's file did not have, with the release that
 * added each: on the RFC kernel they are marked, since a student comparing with a real 3.3 would
 * not find them (3.3 counted swap-cache pages only within nr_file_pages).
 */
const ADDED_AFTER_33: Readonly<Record<string, string>> = {
  nr_swapcache: "5.14",
  pgmigrate_success: "3.8",
  pgmigrate_fail: "3.8",
};

const VmRow = memo(function VmRow({
  name,
  i,
  since,
}: {
  name: string;
  i: number;
  since?: string | undefined;
}) {
  // Marked with its value, outside React (cellsOf).
  return (
    <tr data-marked-row="">
      <th scope="row">
        {name}
        {since && (
          <span className="since" title={`Not in 3.3's /proc/vmstat: it came in ${since}`}>
            {" "}
            †
          </span>
        )}
      </th>
      <Value i={i} />
    </tr>
  );
});

/**
 * Counter values after the current frame. The tables are built once per run; a store
 * subscription writes their numbers (counterCells.ts), so a step re-renders nothing here.
 */
export function CountersPanel() {
  const run = useRunStore();
  const init = useApp(selectInit);
  const mainline = useApp(selectMainline);
  const tables = useRef<HTMLDivElement>(null);
  // The table's shape depends only on the scenario, not on the frame: build it once per load.
  const shape = useMemo(() => (init ? tableShape(init.counterNames) : null), [init]);
  // A layout effect: the numbers are in the same commit as the tables (no empty cells painted).
  useLayoutEffect(() => {
    const box = tables.current;
    if (!box || !shape) return;
    const { sink, remove } = cellsOf(box, shape.count);
    const cells = new CounterCells(sink, shape.count);
    // Below the fold on most screens: drawn when seen, or when the browser is idle (whenSeen.ts).
    const drawing = drawWhenSeen(
      box,
      () => {
        const s = run.getState();
        if (s.view) cells.paint(s.view.counters, frameChanges(s));
      },
      () => run.getState().seeking(),
      () => run.getState().version,
    );
    drawing.request();
    const off = run.subscribe((s, prev) => {
      if (s.version !== prev.version || s.view !== prev.view || s.cur !== prev.cur) {
        drawing.request();
      }
    });
    return () => {
      off();
      drawing.stop();
      remove();
    };
  }, [run, shape]);
  if (!init || !shape) return null;
  const { index, vm, nodeStats, model } = shape;
  return (
    <section className="panel counters" aria-labelledby="counters-title">
      <h2 id="counters-title">Counters</h2>
      <p className="facts small">
        Values after the current frame; <span className="changed-key">marked</span> ones changed in
        it.
        {!mainline &&
          " † Not in 3.3's /proc/vmstat (later kernels have them); the model keeps them."}
      </p>
      <div className="counter-tables" ref={tables}>
        <table className="vmstat" aria-label="vmstat">
          <thead>
            <tr>
              <th scope="col">/proc/vmstat</th>
              <th scope="col">value</th>
            </tr>
          </thead>
          <tbody>
            {vm.map(([n, i]) => (
              <VmRow key={n} name={n} i={i} since={mainline ? undefined : ADDED_AFTER_33[n]} />
            ))}
          </tbody>
        </table>
        {nodeGroups(init.nodes).map((nodes) => (
          <table
            key={nodes[0]?.id}
            className="numastat"
            // Its width in CSS depends on how many node columns it has.
            style={{ "--nodes": nodes.length } as CSSProperties}
            aria-label={
              nodes.length === init.nodes.length
                ? "numastat per node"
                : `numastat, nodes ${nodes[0]?.id}–${nodes.at(-1)?.id}`
            }
          >
            <thead>
              <tr>
                <th scope="col">numastat</th>
                {nodes.map((n) => (
                  <th key={n.id} scope="col">
                    node{n.id}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {nodeStats.map((s) => (
                <tr key={s}>
                  <th scope="row">{s}</th>
                  {nodes.map((n) => {
                    const i = index.get(`node${n.id} ${s}`);
                    return i === undefined ? <td key={n.id} /> : <Value key={n.id} i={i} />;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        {model.length > 0 && (
          <table className="model-only" aria-label="model-only counters">
            <thead>
              <tr>
                <th scope="col" title="Not a kernel counter: perf would sample these">
                  model only
                </th>
                <th scope="col">value</th>
              </tr>
            </thead>
            <tbody>
              {model.map(([n, i]) => (
                <VmRow key={n} name={n.slice(MODEL.length)} i={i} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/**
 * Nodes per numastat table: eight node columns were wider than the panel at 1280 and at 1920
 * pixels, and the panel cut the last ones off; four fit, and the tables wrap one under another.
 */
const NODES_PER_TABLE = 4;

function nodeGroups<T>(nodes: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < nodes.length; i += NODES_PER_TABLE)
    out.push(nodes.slice(i, i + NODES_PER_TABLE));
  return out;
}

/**
 * Rows of the tables from the worker's counter names: vmstat rows, the per-node counter names as
 * listed for node 0 ("node0 numa_hit" -> "numa_hit"), and the model-only ones ("model ...").
 */
const MODEL = "model ";

function tableShape(names: readonly string[]) {
  const rows = names.map((n, i) => [n, i] as const);
  return {
    count: names.length,
    index: new Map(names.map((n, i) => [n, i])),
    vm: rows.filter(([n]) => !n.startsWith("node") && !n.startsWith(MODEL)),
    model: rows.filter(([n]) => n.startsWith(MODEL)),
    nodeStats: names.filter((n) => n.startsWith("node0 ")).map((n) => n.slice("node0 ".length)),
  };
}
