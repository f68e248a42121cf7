import { useMemo, useRef } from "react";
import {
  Col,
  LRU_ADD_BATCH_61,
  LruWhere,
  MappingKind,
  PAGE_COLS,
  PAGEVEC_SIZE,
  PG,
  type View,
} from "../worker/protocol.ts";
import { selectInit, selectIsLarge, useApp, useFrame, useRunStore } from "./app.ts";
import { useFocus, useVisible } from "./hooks.ts";
import { selectMainline } from "./KernelSwitch.tsx";
import { cellColors } from "./pageClass.ts";

const LISTS = ["inactive_anon", "active_anon", "inactive_file", "active_file"] as const;
/** Long lists show their newest entries only (the LRU head is where pages arrive). */
const SHOW = 28;

interface Lru {
  lists: number[][][];
  /** cpu -> LRU list -> pfns: 3.3 has one pagevec per CPU per list (lru_add_pvecs[NR_LRU_LISTS]). */
  pagevecs: Map<number, Map<string, number[]>>;
  isolated: number[];
}

function collect(view: View, nodeOf: Uint8Array, nodes: number): Lru {
  const lists = Array.from({ length: nodes }, () => LISTS.map(() => [] as number[]));
  const pagevecs = new Map<number, Map<string, number[]>>();
  const isolated: number[] = [];
  const p = view.pages;
  for (let pfn = 0, b = 0; b < p.length; pfn++, b += PAGE_COLS) {
    const where = p[b + Col.where] as number;
    if (where === LruWhere.none) continue;
    if (where === LruWhere.isolated) isolated.push(pfn);
    else if (where === LruWhere.pagevec) {
      const cpu = p[b + Col.pagevecCpu] as number;
      const byList = pagevecs.get(cpu) ?? new Map<string, number[]>();
      const kind = listKind(view, pfn);
      const v = byList.get(kind) ?? [];
      v.push(pfn);
      byList.set(kind, v);
      pagevecs.set(cpu, byList);
    } else lists[nodeOf[pfn] as number]?.[where - 1]?.push(pfn);
  }
  const bySeq = (a: number, b: number) =>
    (p[a * PAGE_COLS + Col.lruSeq] as number) - (p[b * PAGE_COLS + Col.lruSeq] as number);
  for (const node of lists) for (const l of node) if (l.length <= 4 * SHOW) l.sort(bySeq);
  for (const byList of pagevecs.values()) for (const v of byList.values()) v.sort(bySeq);
  return { lists, pagevecs, isolated };
}

function Chips({
  pfns,
  focus,
  cap = SHOW,
}: {
  pfns: number[];
  focus: number | null;
  cap?: number;
}) {
  const shown = pfns.length > cap ? pfns.slice(-cap) : pfns;
  const run = useRunStore();
  const frame = useFrame();
  const classes = frame.classes?.classes;
  const nodeOf = frame.nodeOf;
  return (
    <span className="chips">
      {pfns.length > cap && <span className="more">… {pfns.length - cap} older,</span>}
      {shown.map((pfn) => {
        const info = cellColors(classes?.[pfn] ?? 0, nodeOf?.[pfn] ?? 0);
        return (
          <button
            key={pfn}
            type="button"
            className={`chip${focus === pfn ? " selected" : ""}`}
            style={{ background: info?.color, color: info?.ink }}
            aria-label={`pfn ${pfn}`}
            onClick={() => run.getState().selectPfn(pfn)}
          >
            {pfn}
          </button>
        );
      })}
    </span>
  );
}

/** page_lru(): the list a page is queued for, by PageActive and file/anon. */
function listKind(view: View, pfn: number): string {
  const b = pfn * PAGE_COLS;
  const flags = view.pages[b + Col.flags] as number;
  const file = view.pages[b + Col.mapping] === MappingKind.file;
  return `${flags & PG.active ? "active" : "inactive"}_${file ? "file" : "anon"}`;
}

export function LruPanel() {
  const init = useApp(selectInit);
  const mainline = useApp(selectMainline);
  const focus = useFocus();
  const { view, nodeOf, version } = useFrame();
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const large = useApp(selectIsLarge);
  const last = useRef<Lru | null>(null);
  // A large machine's scan walks 131,072 frames: off screen, keep the last lists and catch up when
  // scrolled into view (saying so, so a screen reader never reads stale numbers as current). A
  // small machine's scan is cheap: always current.
  const stale = large && !visible && last.current !== null;
  const shownVersion = stale ? -1 : version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the view mutates in place; version marks it
  const lru = useMemo(() => {
    if (shownVersion === -1) return last.current;
    last.current = view && init ? collect(view, nodeOf, init.nodes.length) : null;
    return last.current;
  }, [shownVersion, init]);
  if (!lru || !init || !view) return null;
  const cpus = init.nodes.flatMap((n) => n.cpus);
  const batch = mainline ? LRU_ADD_BATCH_61 : PAGEVEC_SIZE;
  return (
    <section className="panel lru" aria-labelledby="lru-title" ref={ref} aria-busy={stale}>
      <h2 id="lru-title">LRU lists</h2>
      {stale && <p className="facts small">Updates when scrolled into view.</p>}
      <table>
        <tbody>
          {init.nodes.map((n) =>
            LISTS.map((name, i) => {
              const l = lru.lists[n.id]?.[i] ?? [];
              return (
                <tr key={`${n.id}-${name}`} className={i === 0 ? "first" : ""}>
                  <th scope="row">
                    {i === 0 ? `node ${n.id} ` : ""}
                    <span className="list-name">{name}</span>
                  </th>
                  <td className="num">{l.length}</td>
                  <td>{l.length > 0 && <Chips pfns={l} focus={focus.pfn} />}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      <h3>
        {mainline
          ? `Per-CPU lru_add batch (${batch} pages for all lists, flushed to the LRU when full; 6.1)`
          : `Per-CPU pagevecs, one per LRU list (${batch} entries each, flushed to the LRU when full)`}
      </h3>
      <ul className="pagevecs">
        {cpus.map((cpu) => {
          const byList = lru.pagevecs.get(cpu);
          return (
            <li key={cpu}>
              <span className="pv-cpu">cpu {cpu}</span>
              {!byList && <span className="small">empty</span>}
              {/* 3.3: one pagevec per LRU list (lru_add_pvecs[NR_LRU_LISTS]); 6.1: one batch. */}
              {(mainline
                ? [[...(byList?.values() ?? [])].flat()]
                : LISTS.map((n) => byList?.get(n))
              )
                .map((v, li) => ({ v: v ?? [], name: mainline ? "lru_add" : (LISTS[li] ?? "") }))
                .filter(({ v }) => v.length > 0)
                .map(({ v, name }) => (
                  <span key={name} className="pv-list">
                    <span className="list-name">{name}</span>
                    <span
                      className="pv-slots"
                      title={`cpu ${cpu} ${name} ${mainline ? "batch" : "pagevec"}: ${v.length} of ${batch}`}
                    >
                      {Array.from({ length: Math.max(batch, v.length) }, (_, i) => {
                        const pfn = v[i];
                        return pfn === undefined ? (
                          // biome-ignore lint/suspicious/noArrayIndexKey: fixed slots
                          <span key={i} className="pv-empty" />
                        ) : (
                          <Chips key={pfn} pfns={[pfn]} focus={focus.pfn} />
                        );
                      })}
                    </span>
                  </span>
                ))}
            </li>
          );
        })}
      </ul>
      <h3>Isolated (mbind's page list): {lru.isolated.length}</h3>
      {lru.isolated.length > 0 ? (
        <Chips pfns={lru.isolated} focus={focus.pfn} />
      ) : (
        <p className="facts small">No page is isolated.</p>
      )}
    </section>
  );
}
