/**
 * The LRU lists of each node, the per-CPU pagevecs and mbind's isolated pages. The lists are kept
 * by the store (lruLists.ts) from each move's changed pages, so they are current at every frame,
 * on screen or scrolled away; each row re-renders only when its own list changed.
 */
import { type CSSProperties, createContext, memo, useContext, useMemo } from "react";
import { LRU_ADD_BATCH_61, type NodeLayout, PAGEVEC_SIZE } from "../worker/viewState.ts";
import {
  selectClasses,
  selectFocusPfn,
  selectInit,
  selectIsLarge,
  selectNodeOf,
  useApp,
  useCell,
  useCellsMax,
  useRunStore,
} from "./app.ts";
import { selectMainline } from "./KernelSwitch.tsx";
import { cellKind } from "./keyedCells.ts";
import {
  ISOLATED_KEY,
  LISTS,
  type LruLists,
  listKey,
  pagevecKey,
  SHOW,
  SHOW_LARGE,
} from "./lruLists.ts";
import { cellColors, type PageClasses } from "./pageClass.ts";
import type { RunState } from "./store.ts";

/** The version at which each list last changed: a row re-renders when its own list's does. */
const listRev = cellKind<RunState, number>((s) => (k) => s.lru?.rev(k) ?? 0);

/**
 * What every row and chip of the panel draws from, subscribed to once by the panel: the lists
 * and page classes (kept in place as the run moves, so the same objects), the node of each page,
 * and the selected page. A row of its own would add four store listeners per row.
 */
interface Lists {
  lru: LruLists | null;
  classes: PageClasses | null;
  nodeOf: Uint8Array;
  focus: number | null;
  /** Chips a long list shows. */
  cap: number;
}
const ListsContext = createContext<Lists | null>(null);
function useLists(): Lists {
  const lists = useContext(ListsContext);
  if (!lists) throw new Error("an LRU row was rendered outside <LruPanel>");
  return lists;
}

function Chips({ pfns, more = 0 }: { pfns: readonly number[]; more?: number }) {
  const chip = useChip();
  return (
    <span className="chips">
      {more > 0 && <span className="more">… {more} older,</span>}
      {pfns.map(chip)}
    </span>
  );
}

/**
 * Draws one page as a chip, coloured as the node grids draw it, from what the panel hands down
 * (a chip of its own subscribing to the store would add a listener per page).
 */
function useChip(): (pfn: number) => React.ReactNode {
  const { focus, classes, nodeOf } = useLists();
  return (pfn) => {
    const info = cellColors(classes?.classes[pfn] ?? 0, nodeOf[pfn] ?? 0);
    return (
      <Chip key={pfn} pfn={pfn} selected={focus === pfn} color={info?.color} ink={info?.ink} />
    );
  };
}

interface ChipProps {
  pfn: number;
  selected: boolean;
  /** The page's class and node colours, as the node grids draw it. */
  color: string | undefined;
  ink: string | undefined;
}

/** One page of a list: a step that moves one page re-renders its chip, not the list's others. */
const Chip = memo(function Chip({ pfn, selected, color, ink }: ChipProps) {
  const run = useRunStore();
  return (
    <button
      type="button"
      className={`chip${selected ? " selected" : ""}`}
      style={{ background: color, color: ink }}
      aria-label={`pfn ${pfn}`}
      onClick={() => run.getState().selectPfn(pfn)}
    >
      {pfn}
    </button>
  );
});

const ListRow = memo(function ListRow({ node, list }: { node: number; list: number }) {
  const k = listKey(node, list);
  useCell(listRev, k);
  const { lru, cap } = useLists();
  const count = lru?.count(k) ?? 0;
  const shown = lru?.newest(k, cap) ?? [];
  return (
    <tr className={list === 0 ? "first" : ""}>
      <th scope="row">
        {list === 0 ? `node ${node} ` : ""}
        <span className="list-name">{LISTS[list]}</span>
      </th>
      <td className="num">{count}</td>
      <td>{count > 0 && <Chips pfns={shown} more={count - shown.length} />}</td>
    </tr>
  );
});

const PagevecRow = memo(function PagevecRow({ cpu, mainline }: { cpu: number; mainline: boolean }) {
  const keys = useMemo(() => LISTS.map((_, l) => pagevecKey(cpu, l)), [cpu]);
  useCellsMax(listRev, keys);
  const { lru } = useLists();
  const chip = useChip();
  const batch = mainline ? LRU_ADD_BATCH_61 : PAGEVEC_SIZE;
  const byList = keys.map((k) => lru?.newest(k, 64) ?? []);
  // 3.3: one pagevec per LRU list (lru_add_pvecs[NR_LRU_LISTS]); 6.1: one batch for all lists.
  const vecs = (mainline ? [{ name: "lru_add", v: byList.flat() }] : []).concat(
    mainline ? [] : byList.map((v, l) => ({ name: LISTS[l] ?? "", v: [...v] })),
  );
  const shown = vecs.filter(({ v }) => v.length > 0);
  // Each of 3.3's four pagevecs is named, the empty ones in one line: twelve rows of fourteen
  // empty slots on a three-CPU machine hid the one pagevec in use.
  const empty = vecs.filter(({ v }) => v.length === 0).map(({ name }) => name);
  const emptySaid =
    empty.length === 0
      ? null
      : mainline
        ? "empty"
        : empty.length === LISTS.length
          ? "all four pagevecs empty"
          : `${empty.join(", ")}: empty`;
  return (
    <li>
      <span className="pv-cpu">cpu {cpu}</span>
      {shown.map(({ v, name }) => (
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
                chip(pfn)
              );
            })}
          </span>
        </span>
      ))}
      {emptySaid && <span className="small pv-none">{emptySaid}</span>}
    </li>
  );
});

function Isolated() {
  useCell(listRev, ISOLATED_KEY);
  const { lru, cap } = useLists();
  const count = lru?.count(ISOLATED_KEY) ?? 0;
  const shown = lru?.newest(ISOLATED_KEY, cap) ?? [];
  return (
    <>
      <h3>Isolated (mbind's page list): {count}</h3>
      {count > 0 ? (
        <Chips pfns={shown} more={count - shown.length} />
      ) : (
        <p className="facts small">No page is isolated.</p>
      )}
    </>
  );
}

/** The table's column widths (lru.css): the largest node number's digits and its largest count's. */
function digitsOf(nodes: readonly NodeLayout[]): CSSProperties {
  const most = (f: (n: NodeLayout) => number) => String(Math.max(0, ...nodes.map(f))).length;
  return {
    "--node-digits": most((n) => n.id),
    "--count-digits": most((n) => n.frames),
  } as CSSProperties;
}

export function LruPanel() {
  const init = useApp(selectInit);
  const mainline = useApp(selectMainline);
  const lru = useApp((s) => s.lru);
  const classes = useApp(selectClasses);
  const nodeOf = useApp(selectNodeOf);
  const focus = useApp(selectFocusPfn);
  const cap = useApp(selectIsLarge) ? SHOW_LARGE : SHOW;
  const lists = useMemo(
    () => ({ lru, classes, nodeOf, focus, cap }),
    [lru, classes, nodeOf, focus, cap],
  );
  const digits = useMemo(() => (init ? digitsOf(init.nodes) : undefined), [init]);
  if (!init) return null;
  const cpus = init.nodes.flatMap((n) => n.cpus);
  const batch = mainline ? LRU_ADD_BATCH_61 : PAGEVEC_SIZE;
  return (
    <ListsContext.Provider value={lists}>
      <section className="panel lru" aria-labelledby="lru-title">
        <h2 id="lru-title">LRU lists</h2>
        <table style={digits}>
          <tbody>
            {init.nodes.map((n) =>
              LISTS.map((name, i) => <ListRow key={`${n.id}-${name}`} node={n.id} list={i} />),
            )}
          </tbody>
        </table>
        <h3>
          {mainline
            ? `Per-CPU lru_add batch (${batch} pages for all lists, flushed to the LRU when full; 6.1)`
            : `Per-CPU pagevecs, one per LRU list (${batch} entries each, flushed to the LRU when full)`}
        </h3>
        <ul className="pagevecs">
          {cpus.map((cpu) => (
            <PagevecRow key={cpu} cpu={cpu} mainline={mainline} />
          ))}
        </ul>
        <Isolated />
      </section>
    </ListsContext.Provider>
  );
}
