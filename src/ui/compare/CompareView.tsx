/**
 * The compare view: two runs side by side on one timeline. Run A is the run on screen (the app's
 * store); run B is the same scenario with one thing varied (variants.ts), in a second store with
 * its own worker. Both are drawn by the app's own panels, each column under its own RunContext.
 * The shared stepper and the `Compare timeline` slider move a shared position, which align.ts
 * maps to each run's frame: lined up by system call and phase, whatever their frame numbers.
 */

import { useEffect, useMemo, useRef } from "react";
import { useStore } from "zustand";
import { RunContext, selectTitle } from "../app.ts";
import { IdPrefix } from "../idPrefix.ts";
import { CurrentMigrations } from "../lecture/LectureWiring.tsx";
import { PresentationControls } from "../lecture/PresentationControls.tsx";
import { CurrentSwapArrows } from "../lecture/SwapArrows.tsx";
import { usePresenting } from "../lecture/usePresenting.ts";
import { NarrationText } from "../NarrationText.tsx";
import { NodePanels } from "../NodePanel.tsx";
import { characterKeyOff } from "../nav/characterKeys.ts";
import { PageTables } from "../PageTables.tsx";
import { SwapPanel } from "../SwapPanel.tsx";
import type { RunState, RunStore } from "../store.ts";
import type { Alignment } from "./align.ts";
import { CompareCharts } from "./CompareCharts.tsx";
import { useTallestSoFar } from "./tallestSoFar.ts";
import { type Comparison, useComparison } from "./useComparison.ts";
import { POLICY_MODES, type Variation } from "./variants.ts";
import "./compare.css";

const KIND_LABEL: Record<Variation["kind"], string> = {
  lazy: "MPOL_MF_LAZY on the mbind calls",
  policy: "another policy mode",
  kernel: "the other kernel",
};

const TEXT_LIKE = "input:not([type=range]), select, textarea";

/** What the shared position stands on: "call 3 (mbind) · unmap". */
function where(al: Alignment | null, pos: number): string {
  if (!al || pos === 0) return "before the first call";
  const p = al.pairs[al.pairAt(pos)];
  // Numbered from 0 like the steps everywhere else (the main view's "Call 2", the trace's "step 2").
  return p ? `step ${p.step} (${p.op}) · ${p.phase}` : "";
}

function nextOf(list: number[], pos: number, dir: 1 | -1): number | null {
  if (dir > 0) return list.find((b) => b > pos) ?? null;
  for (let i = list.length - 1; i >= 0; i--)
    if ((list[i] as number) < pos) return list[i] as number;
  return null;
}

/** The shared stepper's moves, for its buttons and its keys. */
function useMoves(c: Comparison) {
  const al = c.alignment;
  const steps = useMemo(() => al?.boundaries("step") ?? [], [al]);
  const phases = useMemo(() => al?.boundaries("phase") ?? [], [al]);
  const total = al?.total ?? 0;
  return {
    first: () => 0,
    prevStep: () => nextOf(steps, c.pos, -1) ?? 0,
    prev: () => c.pos - 1,
    next: () => c.pos + 1,
    nextStep: () => nextOf(steps, c.pos, 1) ?? total,
    last: () => total,
    prevPhase: () => nextOf(phases, c.pos, -1) ?? 0,
    nextPhase: () => nextOf(phases, c.pos, 1) ?? total,
  };
}

function useCompareKeys(c: Comparison, onClose: () => void) {
  const moves = useMoves(c);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || characterKeyOff(e)) return;
      const t = e.target instanceof Element ? e.target : null;
      if (e.key === "Escape") {
        onClose();
        return;
      }
      if (t?.closest(TEXT_LIKE)) return;
      if ((e.key === " " || e.key === "Enter") && t?.matches("button")) return;
      const to = (() => {
        switch (e.key) {
          case "ArrowRight":
          case "PageDown":
            return e.shiftKey ? moves.nextStep() : moves.next();
          case "ArrowLeft":
          case "PageUp":
            return e.shiftKey ? moves.prevStep() : moves.prev();
          case "]":
            return moves.nextPhase();
          case "[":
            return moves.prevPhase();
          case "Home":
            return moves.first();
          case "End":
            return moves.last();
          default:
            return null;
        }
      })();
      if (to === null) return;
      e.preventDefault();
      c.go(to);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [c, moves, onClose]);
}

function Nav({ c }: { c: Comparison }) {
  const m = useMoves(c);
  const total = c.alignment?.total ?? 0;
  const b = (label: string, to: () => number, text: string, disabled: boolean, key: string) => (
    <button
      type="button"
      aria-label={label}
      title={`${label} (${key})`}
      disabled={!c.alignment || disabled}
      onClick={() => c.go(to())}
    >
      {text}
    </button>
  );
  return (
    <fieldset className="stepper compare-stepper" aria-label="Compare stepping">
      {b("First position", m.first, "|◀", c.pos === 0, "Home")}
      {b("Previous call", m.prevStep, "◀◀", c.pos === 0, "Shift+←")}
      {b("Previous position", m.prev, "◀", c.pos === 0, "←")}
      <output className="status" aria-label="Compare position">
        {c.alignment ? `Position ${c.pos} / ${total}` : "Running both…"}
      </output>
      {b("Next position", m.next, "▶", c.pos >= total, "→")}
      {b("Next call", m.nextStep, "▶▶", c.pos >= total, "Shift+→")}
      {b("Last position", m.last, "▶|", c.pos >= total, "End")}
      <span className="phase-nav">
        {b("Previous phase", m.prevPhase, "[", c.pos === 0, "[")}
        <output className="phase" aria-label="Compare phase">
          {where(c.alignment, c.pos)}
        </output>
        {b("Next phase", m.nextPhase, "]", c.pos >= total, "]")}
      </span>
    </fieldset>
  );
}

function VariationPicker({ c }: { c: Comparison }) {
  const v = c.variation;
  return (
    <fieldset className="compare-vary" aria-label="Run B varies">
      <legend>Run B varies</legend>
      {c.kinds.map((kind) => (
        <label key={kind} className={v.kind === kind ? "on" : undefined}>
          <input
            type="radio"
            name="compare-vary"
            value={kind}
            checked={v.kind === kind}
            onChange={() =>
              c.setVariation(
                kind === "policy" ? { kind, mode: "MPOL_BIND" } : ({ kind } as Variation),
              )
            }
            // Chosen with the mouse: give the arrow keys back to stepping (from the keyboard,
            // the arrows keep moving between the choices, as in any radio group).
            onClick={(e) => {
              if (e.detail > 0) e.currentTarget.blur();
            }}
          />
          {KIND_LABEL[kind]}
        </label>
      ))}
      {v.kind === "policy" && (
        <label>
          Mode{" "}
          <select
            aria-label="Run B's policy mode"
            value={v.mode}
            onChange={(e) => c.setVariation({ kind: "policy", mode: e.currentTarget.value })}
          >
            {POLICY_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </select>
        </label>
      )}
    </fieldset>
  );
}

const selectCur = (s: RunState) => s.cur;
const selectTotal = (s: RunState) => s.total;
const selectInit = (s: RunState) => s.timeline?.init ?? null;
const selectProblem = (s: RunState) => s.problem;
const selectText = (s: RunState) => (s.cur > 0 ? (s.timeline?.meta(s.cur)?.text ?? "") : "");
const selectPhase = (s: RunState) => (s.cur > 0 ? (s.timeline?.phaseAt(s.cur)?.name ?? "") : "");

/** One run's column: its frame, phase and narration, then the app's panels under its store. */
function RunColumn(p: { run: RunStore; name: "A" | "B"; label: string; holding: boolean }) {
  const cur = useStore(p.run, selectCur);
  const total = useStore(p.run, selectTotal);
  const init = useStore(p.run, selectInit);
  const text = useStore(p.run, selectText);
  const phase = useStore(p.run, selectPhase);
  const problem = useStore(p.run, selectProblem);
  const narration = useRef<HTMLParagraphElement>(null);
  useTallestSoFar(narration, `${p.label} ${usePresenting()}`);
  const id = `compare-run-${p.name}`;
  return (
    <RunContext.Provider value={p.run}>
      <IdPrefix.Provider value={`${p.name.toLowerCase()}-`}>
        <section className={`compare-run side-${p.name.toLowerCase()}`} aria-labelledby={id}>
          <h2 id={id}>
            <span className="run-badge">{p.name}</span>{" "}
            <span className={`run-${p.name.toLowerCase()}`}>{p.label}</span>
          </h2>
          <p className="compare-frame">
            <output aria-label={`Run ${p.name} frame`}>{`Frame ${cur} / ${total}`}</output>
            {phase && <span> · {phase}</span>}
            {p.holding && <span className="holding"> · no such phase here: holds</span>}
          </p>
          {problem.length > 0 && (
            <p className="problem" role="alert">
              {problem.join("; ")}
            </p>
          )}
          <p ref={narration} className="narration compare-narration">
            {text ? <NarrationText text={text} /> : "Before the first call."}
          </p>
          {init && (
            <div className="compare-panels">
              <div className="nodes">
                <NodePanels nodes={init.nodes} />
              </div>
              <div className="pair">
                <div className="stack">
                  <PageTables />
                </div>
                <SwapPanel />
              </div>
              <CurrentMigrations />
              <CurrentSwapArrows />
            </div>
          )}
        </section>
      </IdPrefix.Provider>
    </RunContext.Provider>
  );
}

export default function CompareView({ onClose }: { onClose: () => void }) {
  const c = useComparison();
  const title = useStore(c.a, selectTitle);
  useCompareKeys(c, onClose);
  const pair = c.alignment?.pairs[c.alignment.pairAt(c.pos)] ?? null;
  const holding = c.pos > 0 && pair !== null;
  // Opened, the view takes the focus at its heading: it replaced the page, and the focus had
  // dropped to the body, so a screen reader said nothing of the new view.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="app compare">
      <header className="top compare-top">
        <div className="title">
          <h1 ref={heading} tabIndex={-1}>
            Compare two runs
          </h1>
          {/* The lesson both runs come from: the header named only the comparison. Not the
              subtitle, which a 1280 px screen hides. */}
          {title && <p className="compare-lesson">{title}</p>}
          <p className="subtitle">lined up by system call and phase; their frame numbers differ</p>
        </div>
        <VariationPicker c={c} />
        <div className="compare-actions">
          <PresentationControls />
          <button type="button" onClick={onClose} title="Close (Esc)">
            Close compare
          </button>
        </div>
      </header>
      <main>
        <Nav c={c} />
        {c.alignment && c.series ? (
          <CompareCharts
            alignment={c.alignment}
            series={c.series}
            pos={c.pos}
            go={c.go}
            labels={[c.varied.a, c.varied.b]}
          />
        ) : (
          <p className="loading">
            {c.failed
              ? "A run could not run to its end (see its column): nothing to line up."
              : "Running both scenarios to their end…"}
          </p>
        )}
        <div className="compare-runs">
          <RunColumn run={c.a} name="A" label={c.varied.a} holding={holding && !pair?.a} />
          <RunColumn run={c.b} name="B" label={c.varied.b} holding={holding && !pair?.b} />
        </div>
      </main>
    </div>
  );
}
