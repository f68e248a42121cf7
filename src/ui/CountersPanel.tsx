import { type CSSProperties, memo, useMemo } from "react";
import { frameCounters } from "../worker/viewState.ts";
import { selectInit, useApp, useCell } from "./app.ts";
import { selectMainline } from "./KernelSwitch.tsx";
import { cellKind } from "./keyedCells.ts";
import type { RunState } from "./store.ts";

const signed = (d: number) => (d > 0 ? `+${d}` : String(d));

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

/** Each counter's value after the current frame (the view's counters change in place). */
const counterValue = cellKind<RunState, number>((s) => (i) => s.view?.counters[i] ?? 0);
/** What the current frame changed each counter by (undefined: it did not change it). */
const counterDelta = cellKind<RunState, number | undefined>((s) => {
  const changes = frameChanges(s);
  return (i) => changes.get(i);
});

/** Counter `i`'s value and its change in this frame: a cell re-renders only when they change. */
function useCounter(i: number): { value: number; delta: number | undefined } {
  return { value: useCell(counterValue, i), delta: useCell(counterDelta, i) };
}

const Value = memo(function Value({ i }: { i: number }) {
  const { value, delta } = useCounter(i);
  return (
    <td className={`num${delta === undefined ? "" : " changed"}`}>
      {value}
      {/* Always there, empty while the frame leaves the counter alone: a step rewrites its text
          instead of inserting one cell's change and removing another's. */}
      <span className="delta">{delta === undefined ? "" : ` ${signed(delta)}`}</span>
    </td>
  );
});

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
  const changed = useCell(counterDelta, i) !== undefined;
  return (
    <tr className={changed ? "changed" : ""}>
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
 * Counter values after the current frame. The table's shape is built once per run; each value
 * watches its own counter (one store subscription for them all: keyedCells.ts), so a step
 * re-renders only the cells whose numbers changed.
 */
export function CountersPanel() {
  const init = useApp(selectInit);
  const mainline = useApp(selectMainline);
  // The table's shape depends only on the scenario, not on the frame: build it once per load.
  const shape = useMemo(() => (init ? tableShape(init.counterNames) : null), [init]);
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
      <div className="counter-tables">
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
    index: new Map(names.map((n, i) => [n, i])),
    vm: rows.filter(([n]) => !n.startsWith("node") && !n.startsWith(MODEL)),
    model: rows.filter(([n]) => n.startsWith(MODEL)),
    nodeStats: names.filter((n) => n.startsWith("node0 ")).map((n) => n.slice("node0 ".length)),
  };
}
