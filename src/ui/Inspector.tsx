import { useState } from "react";
import { Col, LRU_LISTS, LruWhere, PAGE_COLS, PG } from "../worker/viewState.ts";
import {
  selectClasses,
  selectFocus,
  selectNodeOf,
  selectSelectedPte,
  selectView,
  useApp,
  useAppShallow,
  useRunStore,
} from "./app.ts";
import { addrOfVpn, useFocus } from "./hooks.ts";
import { INSPECTOR_ID } from "./InspectorHint.tsx";
import { describeCode } from "./PageTables.tsx";
import { alsoSwapCache, CLASS_INFO } from "./pageClass.ts";
import { pagePtes } from "./selection.ts";
import type { RunState } from "./store.ts";

const WHERE = Object.fromEntries(Object.entries(LruWhere).map(([k, v]) => [v, k]));
const MAPPING = ["none (NULL)", "anon_vma", "address_space (file)", "KSM stable node"];

/**
 * Everything the inspector prints, as numbers: the selected page's struct page columns and class,
 * the selected PTE, and the PTEs linked to the selection. Compared by value: the inspector
 * re-renders when one of them changes, not on every step.
 */
function inspected(s: RunState): number[] {
  const view = s.view;
  const focus = selectFocus(s);
  if (!view || (focus.pfn === null && s.selectedPte === null)) return [];
  const out: number[] = [];
  if (focus.pfn !== null) {
    const b = focus.pfn * PAGE_COLS;
    out.push(...view.pages.subarray(b, b + PAGE_COLS), s.classes?.classes[focus.pfn] ?? 0);
  }
  for (const k of focus.ptes) {
    const [pid = 0, vpn = 0] = k.split(":").map(Number);
    out.push(view.ptes.get(pid)?.get(vpn) ?? 0);
  }
  return out;
}

export function Inspector() {
  const pte = useApp(selectSelectedPte);
  const focus = useFocus();
  const run = useRunStore();
  const view = useApp(selectView);
  const nodeOf = useApp(selectNodeOf);
  const classes = useApp(selectClasses);
  useAppShallow(inspected);
  if (!view) return null;
  const pfn = focus.pfn;
  const code = pte ? (view.ptes.get(pte.pid)?.get(pte.vpn) ?? 0) : 0;
  return (
    <aside
      className="panel inspector"
      id={INSPECTOR_ID}
      tabIndex={-1}
      aria-label="Struct page inspector"
    >
      <h2>Selected</h2>
      {!pte && pfn === null && (
        <p className="facts small">
          Click a page frame or a PTE to inspect it and see what links to it.
        </p>
      )}
      <PfnPicker frames={view.pages.length / PAGE_COLS} />
      {pte && (
        <p>
          PTE of pid {pte.pid} at <code>{addrOfVpn(pte.vpn)}</code>:{" "}
          <b>{describeCode(code, nodeOf)}</b>
        </p>
      )}
      {pfn !== null && <PageFacts pfn={pfn} />}
      {pfn !== null && (
        <p className="facts small">
          Class: {CLASS_INFO[classes?.classes[pfn] ?? 0]?.name}
          {alsoSwapCache(view.pages, pfn, classes?.classes[pfn] ?? 0)
            ? ", and in the swap cache"
            : ""}
          . Mapped by:{" "}
          {pagePtes(view, pfn).map((p) => (
            <button
              key={`${p.pid}:${p.vpn}`}
              type="button"
              className="link"
              onClick={() => run.getState().selectPte({ pid: p.pid, vpn: p.vpn })}
            >
              pid {p.pid} {addrOfVpn(p.vpn)} ({describeCode(p.code, nodeOf).split(",")[0]})
            </button>
          ))}
          {pagePtes(view, pfn).length === 0 && "no PTE"}
        </p>
      )}
    </aside>
  );
}

/**
 * A page frame chosen by number: the keyboard's way to select one where the frames are drawn on
 * a canvas (the large machine), and a quick one anywhere.
 */
function PfnPicker({ frames }: { frames: number }) {
  const run = useRunStore();
  const [text, setText] = useState("");
  const [wrong, setWrong] = useState("");
  return (
    <form
      className="pfn-picker small"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(text);
        if (!/^\d+$/.test(text.trim()) || n >= frames) {
          setWrong(`no page frame ${text.trim() || "(empty)"}: they run from 0 to ${frames - 1}`);
          return;
        }
        setWrong("");
        run.getState().selectPfn(n);
      }}
    >
      <label>
        Select page frame{" "}
        <input
          type="text"
          inputMode="numeric"
          size={8}
          value={text}
          placeholder={`0–${frames - 1}`}
          aria-invalid={wrong !== ""}
          aria-describedby={wrong ? "pfn-picker-wrong" : undefined}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      </label>{" "}
      <button type="submit">Select</button>
      {wrong && (
        <span id="pfn-picker-wrong" role="alert">
          {" "}
          {wrong}
        </span>
      )}
    </form>
  );
}

function PageFacts({ pfn }: { pfn: number }) {
  const view = useApp(selectView);
  const nodeOf = useApp(selectNodeOf);
  // The struct page's columns, by value: re-rendered when one of them changes.
  useAppShallow((s) => [...(s.view?.pages.subarray(pfn * PAGE_COLS, (pfn + 1) * PAGE_COLS) ?? [])]);
  if (!view) return null;
  const col = (c: number) => view.pages[pfn * PAGE_COLS + c] as number;
  const flags = Object.entries(PG)
    .filter(([, bit]) => col(Col.flags) & bit)
    .map(([name]) => `PG_${name}`);
  const rows: [string, string][] = [
    ["pfn", `${pfn} (node ${nodeOf[pfn]})`],
    ["flags", flags.join(" ") || "0"],
    ["page_count", String(col(Col.count))],
    ["mapcount", String(col(Col.mapcount))],
    ["mapping", MAPPING[col(Col.mapping)] ?? "?"],
    ["LRU", WHERE[col(Col.where)] ?? "?"],
  ];
  if (col(Col.swap) >= 0) rows.push(["swap slot", String(col(Col.swap))]);
  const pagevec = col(Col.pagevec);
  if (pagevec >= 0) {
    const [cpu, list] = [Math.floor(pagevec / LRU_LISTS.length), pagevec % LRU_LISTS.length];
    rows.push(["pagevec", `cpu ${cpu}'s, for ${LRU_LISTS[list]}`]);
  }
  if (col(Col.pins) > 0) rows.push(["pins", String(col(Col.pins))]);
  if (col(Col.compound) > 1) rows.push(["compound pages", String(col(Col.compound))]);
  return (
    <dl className="struct-page" aria-label={`struct page of pfn ${pfn}`}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
