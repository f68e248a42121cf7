import { useMemo } from "react";
import { frameCounters } from "../worker/protocol.ts";
import { selectCur, selectInit, useApp, useFrame } from "./app.ts";

const signed = (d: number) => (d > 0 ? `+${d}` : String(d));

export function CountersPanel() {
  const cur = useApp(selectCur);
  const init = useApp(selectInit);
  const { view, timeline } = useFrame();
  // What the current frame changed (frame 0 changes nothing).
  const changed = useMemo(() => {
    const at = cur > 0 ? timeline?.locate(cur) : null;
    return at ? frameCounters(at[0], at[1]) : new Map<number, number>();
  }, [cur, timeline]);
  // The table's shape depends only on the scenario, not on the frame: build it once per load.
  const shape = useMemo(() => (init ? tableShape(init.counterNames) : null), [init]);
  if (!init || !view || !shape) return null;
  const { index, vm, nodeStats, model } = shape;
  const cell = (i: number | undefined) => {
    if (i === undefined) return <td />;
    const d = changed.get(i);
    return (
      <td className={`num${d === undefined ? "" : " changed"}`}>
        {view.counters[i]}
        {d !== undefined && <span className="delta"> {signed(d)}</span>}
      </td>
    );
  };
  return (
    <section className="panel counters" aria-labelledby="counters-title">
      <h2 id="counters-title">Counters</h2>
      <p className="facts small">
        Values after the current frame; <span className="changed-key">marked</span> ones changed in
        it.
      </p>
      <div className="counter-tables">
        <table aria-label="vmstat">
          <thead>
            <tr>
              <th scope="col">/proc/vmstat</th>
              <th scope="col">value</th>
            </tr>
          </thead>
          <tbody>
            {vm.map(([n, i]) => (
              <tr key={n} className={changed.has(i) ? "changed" : ""}>
                <th scope="row">{n}</th>
                {cell(i)}
              </tr>
            ))}
          </tbody>
        </table>
        <table aria-label="numastat per node">
          <thead>
            <tr>
              <th scope="col">numastat</th>
              {init.nodes.map((n) => (
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
                {init.nodes.map((n) => (
                  <CellFor key={n.id} i={index.get(`node${n.id} ${s}`)} render={cell} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {model.length > 0 && (
          <table aria-label="model-only counters">
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
                <tr key={n} className={changed.has(i) ? "changed" : ""}>
                  <th scope="row">{n.slice(MODEL.length)}</th>
                  {cell(i)}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
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

function CellFor(p: { i: number | undefined; render: (i: number | undefined) => React.ReactNode }) {
  return <>{p.render(p.i)}</>;
}
