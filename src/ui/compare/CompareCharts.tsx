/**
 * The compared numbers as small charts over the shared timeline: one row per number, both runs'
 * lines drawn with D3 scales against the shared position (so a row reads "when", not only "how
 * many"), a cursor at the current position, and each run's value there. The `Compare timeline`
 * slider sits above the charts' column, on the same scale.
 */
import { scaleLinear } from "d3-scale";
import { select } from "d3-selection";
import { useEffect, useRef } from "react";
import { useClientSize } from "../useClientSize.ts";
import type { Alignment } from "./align.ts";
import type { Series } from "./series.ts";

const ROW_HEIGHT = 24;

interface Props {
  readonly alignment: Alignment;
  readonly series: readonly [Series, Series];
  readonly pos: number;
  readonly go: (pos: number) => void;
  readonly labels: readonly [string, string];
}

/** Each run's values of metric `m` sampled at `n` shared positions, as [x, yA, yB] points. */
function sample(al: Alignment, series: Props["series"], m: number, n: number) {
  const out: [number, number, number][] = [];
  const [sa, sb] = series;
  const va = sa.values[m];
  const vb = sb.values[m];
  if (!va || !vb) return out;
  const steps = Math.max(1, Math.min(al.total, n));
  for (let k = 0; k <= steps; k++) {
    const p = Math.round((k * al.total) / steps);
    const [fa, fb] = al.frames(p);
    out.push([p, va[fa] ?? 0, vb[fb] ?? 0]);
  }
  return out;
}

function Chart(props: Props & { readonly m: number; readonly width: number }) {
  const { alignment: al, series, pos, m, width } = props;
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const el = svg.current;
    if (!el || width <= 0) return;
    const pts = sample(al, series, m, Math.floor(width / 2));
    const max = Math.max(1, ...pts.map(([, a, b]) => Math.max(a, b)));
    const x = scaleLinear()
      .domain([0, Math.max(1, al.total)])
      .range([1, width - 1]);
    const y = scaleLinear()
      .domain([0, max])
      .range([ROW_HEIGHT - 3, 3]);
    // Counters change in steps: hold each value until the next sample.
    const path = (i: 1 | 2) =>
      pts
        .map((p, k) => {
          const px = x(p[0]).toFixed(1);
          const py = y(p[i]).toFixed(1);
          return k === 0 ? `M${px} ${py}` : `H${px}V${py}`;
        })
        .join("");
    select(el)
      .selectAll<SVGPathElement, 1 | 2>("path.line")
      .data([1, 2] as const)
      .join("path")
      .attr("class", (i) => `line run-${i === 1 ? "a" : "b"}`)
      .attr("d", (i) => path(i));
    select(el)
      .selectAll<SVGLineElement, number>("line.cursor")
      .data([pos])
      .join("line")
      .attr("class", "cursor")
      .attr("x1", (p) => x(p))
      .attr("x2", (p) => x(p))
      .attr("y1", 0)
      .attr("y2", ROW_HEIGHT);
  }, [al, series, m, width, pos]);
  return (
    <svg
      ref={svg}
      width={width}
      height={ROW_HEIGHT}
      aria-hidden="true"
      onPointerDown={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        props.go(((e.clientX - r.left) / Math.max(1, r.width)) * al.total);
      }}
    />
  );
}

export function CompareCharts(props: Props) {
  const { alignment: al, series, pos, go, labels } = props;
  const box = useRef<HTMLTableCellElement>(null);
  const width = useClientSize(box, "clientWidth", 0);
  const [fa, fb] = al.frames(pos);
  const [ea, eb] = al.frames(al.total);
  const [sa, sb] = series;
  return (
    <table className="compare-charts" aria-label="Compared counters">
      <colgroup>
        <col className="label-col" />
        <col />
        <col className="value-col" />
        <col className="value-col" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">
            {/* The line samples in the lines' own colours; the letters in the text shade. */}
            <span className="run-a">
              A <span className="line-a">━</span>
            </span>{" "}
            <span className="run-b">
              B <span className="line-b">╍</span>
            </span>
          </th>
          <th scope="col" className="chart-cell" ref={box}>
            <input
              type="range"
              aria-label="Compare timeline"
              aria-valuetext={`Position ${pos} of ${al.total}: run A frame ${fa}, run B frame ${fb}`}
              min={0}
              max={al.total}
              value={pos}
              onChange={(e) => go(Number(e.currentTarget.value))}
            />
          </th>
          <th scope="col" className="num run-a" title={labels[0]}>
            A
          </th>
          <th scope="col" className="num run-b" title={labels[1]}>
            B
          </th>
        </tr>
      </thead>
      <tbody>
        {sa.metrics.map((metric, m) => (
          <tr key={metric.id} title={metric.hint}>
            <th scope="row">{metric.label}</th>
            <td className="chart-cell">
              <Chart {...props} m={m} width={width} />
              {/* The line's story in words (the chart is hidden from screen readers). */}
              <span className="visually-hidden">
                {`By the end: A ${sa.values[m]?.[ea] ?? 0}, B ${sb.values[m]?.[eb] ?? 0}`}
              </span>
            </td>
            <td className="num run-a">{sa.values[m]?.[fa] ?? 0}</td>
            <td className="num run-b">{sb.values[m]?.[fb] ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
