import { memo, useMemo } from "react";
import {
  type LayoutSnap,
  PTE_KIND_NAMES,
  PteKind,
  pteKind,
  pteValue,
  pteWritable,
} from "../worker/viewState.ts";
import {
  selectFocus,
  selectLayout,
  selectNodeOf,
  selectPidRev,
  selectView,
  useApp,
  useRunStore,
} from "./app.ts";
import { addrOfVpn } from "./hooks.ts";
import { useIdPrefix } from "./idPrefix.ts";
import { LargeVma } from "./LargeVma.tsx";
import { nodeColor, nodeInk } from "./pageClass.ts";
import { pteKey } from "./selection.ts";

/** VMAs longer than this are drawn on a canvas and summarised. */
const DOM_LIMIT = 1024;

export function describeCode(code: number, nodeOf: Uint8Array): string {
  const v = pteValue(code);
  switch (pteKind(code)) {
    case PteKind.present:
      return `present, pfn ${v} on node ${nodeOf[v]}${pteWritable(code) ? ", writable" : ", read-only"}`;
    case PteKind.swap:
      return `swap entry, slot ${v}`;
    case PteKind.migration:
      return `migration entry, pfn ${v}`;
    case PteKind.protnone:
      return `PROT_NONE for NUMA balancing, pfn ${v} on node ${nodeOf[v]}: the next access takes a hinting fault`;
    default:
      return "none";
  }
}

const PteCell = memo(function PteCell(p: {
  pid: number;
  vpn: number;
  code: number;
  node: number;
  selected: boolean;
  marked: boolean;
}) {
  const run = useRunStore();
  const nodeOf = useApp(selectNodeOf);
  const kind = pteKind(p.code);
  const v = pteValue(p.code);
  // The entry's kind as a letter in the corner, as page frames show their state (s swap slot,
  // m migration entry, N PROT_NONE): "N128" written whole did not fit a cell.
  const text = kind === PteKind.none ? "" : String(v);
  const tag =
    kind === PteKind.swap
      ? "s"
      : kind === PteKind.migration
        ? "m"
        : kind === PteKind.protnone
          ? "N"
          : undefined;
  const style =
    kind === PteKind.present
      ? { background: nodeColor(p.node), color: nodeInk(p.node) }
      : kind === PteKind.protnone
        ? { borderColor: nodeColor(p.node) }
        : undefined;
  const cls = ["cell", "pte", `pte-${PTE_KIND_NAMES[kind] ?? "none"}`];
  // A three-digit number beside a state letter is drawn smaller in narrow cells (lecture.css).
  if (tag && text.length >= 3) cls.push("long");
  if (p.selected) cls.push("selected");
  if (p.marked) cls.push("marked");
  return (
    <button
      type="button"
      className={cls.join(" ")}
      style={style}
      aria-label={`${addrOfVpn(p.vpn)}: ${describeCode(p.code, nodeOf)}`}
      aria-pressed={p.selected}
      data-pte={pteKey(p.pid, p.vpn)}
      data-tag={tag}
      onClick={() => run.getState().selectPte(p.selected ? null : { pid: p.pid, vpn: p.vpn })}
    >
      {text}
    </button>
  );
});

/** Keys ("pid:vpn") of `pid`'s PTEs in `keys`, as one string: compared by value. */
function keysOf(keys: ReadonlySet<string>, pid: number): string {
  const prefix = `${pid}:`;
  let out = "";
  for (const k of keys) if (k.startsWith(prefix)) out += `${out ? " " : ""}${k}`;
  return out;
}

export function PageTables() {
  const layout = useApp(selectLayout);
  if (!layout) return null;
  return (
    <>
      {layout.processes.map((proc) => (
        <ProcessTable key={proc.pid} proc={proc} />
      ))}
    </>
  );
}

type Proc = LayoutSnap["processes"][number];

/** One process's page table: re-rendered when its PTEs, their marks or the selection change. */
const ProcessTable = memo(function ProcessTable({ proc }: { proc: Proc }) {
  const pid = proc.pid;
  const prefix = useIdPrefix();
  const view = useApp(selectView);
  const nodeOf = useApp(selectNodeOf);
  useApp(useMemo(() => selectPidRev(pid), [pid]));
  const marked = useApp((s) => keysOf(s.markedPtes, pid));
  const focused = useApp((s) => keysOf(selectFocus(s).ptes, pid));
  const markedSet = useMemo(() => new Set(marked.split(" ")), [marked]);
  const focusSet = useMemo(() => new Set(focused.split(" ")), [focused]);
  if (!view) return null;
  const map = view.ptes.get(pid);
  const id = `${prefix}pt-${pid}`;
  return (
    <section className="panel ptable" aria-labelledby={id}>
      <h2 id={id}>Page table pid {pid}</h2>
      <p className="facts">
        <span>
          “{proc.comm}”
          {/* A child inherits its parent's comm: both tables read "parent" in the fork lesson. */}
          {proc.parent !== null && ` (child of pid ${proc.parent})`}
        </span>
        {proc.threads.map((t) => (
          <span key={t.tid}>
            tid {t.tid} on cpu {t.cpu}
            {t.policy.startsWith("default") ? "" : ` (task policy ${t.policy})`}
          </span>
        ))}
      </p>
      {proc.vmas.length === 0 && <p className="facts small">No VMAs mapped yet.</p>}
      {proc.vmas.map((vma) => (
        <div key={vma.start} className="vma">
          <h3>
            <code>
              {addrOfVpn(vma.start)}–{addrOfVpn(vma.end)}
            </code>{" "}
            {vma.end - vma.start} pages {vma.file ? `of ${vma.file}` : "anon"}
            {vma.thp ? " THP" : ""} · policy <b>{vma.policy}</b>
          </h3>
          {vma.end - vma.start > DOM_LIMIT ? (
            <LargeVma pid={pid} start={vma.start} end={vma.end} />
          ) : (
            <div className="cells">
              {Array.from({ length: vma.end - vma.start }, (_, i) => {
                const vpn = vma.start + i;
                const code = map?.get(vpn) ?? 0;
                return (
                  <PteCell
                    key={vpn}
                    pid={pid}
                    vpn={vpn}
                    code={code}
                    node={pteKind(code) === PteKind.swap ? 0 : (nodeOf[pteValue(code)] ?? 0)}
                    selected={focusSet.has(pteKey(pid, vpn))}
                    marked={markedSet.has(pteKey(pid, vpn))}
                  />
                );
              })}
            </div>
          )}
        </div>
      ))}
    </section>
  );
});

export function PteLegend() {
  return (
    <ul className="legend" aria-label="Legend: page-table entries">
      <li>
        <span className="swatch pte-present-key" aria-hidden="true" />
        present (node colour, pfn)
      </li>
      <li>
        <span className="swatch pte-swap" aria-hidden="true" />
        swap entry (s = slot)
      </li>
      <li>
        <span className="swatch pte-migration" aria-hidden="true" />
        migration entry
      </li>
      <li>
        <span className="swatch pte-protnone" aria-hidden="true" />
        PROT_NONE for NUMA balancing (N = pfn; 6.1 only)
      </li>
      <li>
        <span className="swatch pte-none" aria-hidden="true" />
        none
      </li>
    </ul>
  );
}
