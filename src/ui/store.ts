/**
 * The app's one store (vanilla Zustand, fed by the worker's messages). It holds the view state at
 * the current frame and moves it by applying frame deltas, so stepping never waits on the worker.
 * Typed arrays are mutated in place; `version` tells subscribers that they changed.
 */
import { createStore } from "zustand/vanilla";
import {
  applyFrame,
  type Command,
  framePages,
  framePtes,
  type Message,
  PAGE_COLS,
  type View,
} from "../worker/protocol.ts";
import { PageClasses } from "./pageClass.ts";
import { pteKey } from "./selection.ts";
import { initialView, Trace } from "./trace.ts";

export interface WorkerLike {
  postMessage(cmd: Command): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface Call {
  readonly id: number;
  readonly op: string;
  readonly step: Record<string, unknown>;
  ret: string | number | null;
  errors: readonly string[];
}

export interface AppState {
  phase: "loading" | "ready" | "crashed";
  /** Why the scenario could not load, or what the model threw. */
  problem: readonly string[];
  /** The raw scenario with every accepted call appended: what restart reloads. */
  scenario: unknown;
  /** Counts inits, so panels that keep scroll or drawing state can start afresh. */
  generation: number;
  trace: Trace | null;
  view: View | null;
  classes: PageClasses | null;
  /** Node of each pfn (static). */
  nodeOf: Uint8Array;
  cur: number;
  total: number;
  /** True until the loaded scenario has run to its end. */
  running: boolean;
  version: number;
  /** pfns the last move changed (null: redraw everything). */
  changed: number[] | null;
  /** Flat [pid, vpn, ...] of the PTEs the last move changed (null: redraw everything). */
  changedPtes: number[] | null;
  /** What the current frame itself changed (pfns, and "pid:vpn" PTE keys), marked on screen. */
  marked: ReadonlySet<number>;
  markedPtes: ReadonlySet<string>;
  selectedPfn: number | null;
  selectedPte: { pid: number; vpn: number } | null;
  calls: readonly Call[];
  /** Load a scenario; `atEnd` shows its last frame once it has run (a scenario to continue from). */
  load(scenario: unknown, atEnd?: boolean): void;
  restart(): void;
  call(step: Record<string, unknown>): number;
  goto(frame: number): void;
  selectPfn(pfn: number | null): void;
  selectPte(pte: { pid: number; vpn: number } | null): void;
}

export type AppStore = ReturnType<typeof createAppStore>;

const NONE_MARKED: ReadonlySet<number> = new Set();
const NO_PTES_MARKED: ReadonlySet<string> = new Set();

/** The pages and PTEs that frame `f` itself changed: what the picture should point at. */
function marksOf(trace: Trace, f: number): Pick<AppState, "marked" | "markedPtes"> {
  const at = f > 0 ? trace.locate(f) : null;
  if (!at) return { marked: NONE_MARKED, markedPtes: NO_PTES_MARKED };
  const pfns: number[] = [];
  const ptes: number[] = [];
  framePages(at[0], at[1], pfns);
  framePtes(at[0], at[1], ptes);
  const keys = new Set<string>();
  for (let i = 0; i + 1 < ptes.length; i += 2)
    keys.add(pteKey(ptes[i] as number, ptes[i + 1] as number));
  return { marked: new Set(pfns), markedPtes: keys };
}

export function createAppStore(spawn: () => WorkerLike) {
  let worker: WorkerLike | null = null;
  let nextId = 1;

  const store = createStore<AppState>()((set, get) => {
    let openAtEnd = false;
    const send = (cmd: Command) => {
      if (!worker) {
        worker = spawn();
        worker.onmessage = (e) => onMessage(e.data);
        worker.onerror = (e) => {
          e.preventDefault?.();
          set({ phase: "crashed", problem: [`the simulation worker failed: ${e.message}`] });
        };
      }
      worker.postMessage(cmd);
    };

    const onMessage = (m: Message) => {
      const s = get();
      switch (m.type) {
        case "init": {
          const trace = new Trace(m.init);
          const view = initialView(m.init);
          const nodeOf = new Uint8Array(view.pages.length / PAGE_COLS);
          for (const n of m.init.nodes) nodeOf.fill(n.id, n.firstPfn, n.firstPfn + n.frames);
          const classes = new PageClasses(nodeOf, m.init.nodes.length);
          classes.recomputeAll(view.pages);
          set({
            phase: "ready",
            problem: [],
            scenario: m.init.scenario,
            generation: s.generation + 1,
            trace,
            view,
            classes,
            nodeOf,
            cur: 0,
            total: 0,
            running: true,
            changed: null,
            changedPtes: null,
            marked: NONE_MARKED,
            markedPtes: NO_PTES_MARKED,
            version: s.version + 1,
            selectedPfn: null,
            selectedPte: null,
          });
          break;
        }
        case "frames":
          s.trace?.add(m.batch);
          set({ total: s.trace?.total ?? 0 });
          break;
        case "done":
          set({ running: false });
          if (openAtEnd) {
            openAtEnd = false;
            get().goto(get().total);
          }
          break;
        case "step": {
          if (m.id === null) break;
          const call = s.calls.find((c) => c.id === m.id);
          if (!call) break;
          const scenario = s.scenario as { steps: unknown[] };
          set({
            calls: s.calls.map((c) => (c.id === m.id ? { ...c, ret: m.ret, errors: [] } : c)),
            scenario: { ...scenario, steps: [...scenario.steps, call.step] },
          });
          if (m.frames > 0) get().goto(m.firstFrame);
          break;
        }
        case "error":
          if (m.context === "append") {
            set({ calls: s.calls.map((c) => (c.id === m.id ? { ...c, errors: m.errors } : c)) });
          } else if (m.context === "load") {
            set({ phase: s.trace ? s.phase : "crashed", problem: m.errors, running: false });
          } else {
            set({ phase: "crashed", problem: m.errors, running: false });
          }
          break;
      }
    };

    return {
      phase: "loading",
      problem: [],
      scenario: null,
      generation: 0,
      trace: null,
      view: null,
      classes: null,
      nodeOf: new Uint8Array(0),
      cur: 0,
      total: 0,
      running: false,
      version: 0,
      changed: null,
      changedPtes: null,
      marked: NONE_MARKED,
      markedPtes: NO_PTES_MARKED,
      selectedPfn: null,
      selectedPte: null,
      calls: [],

      load(scenario, atEnd = false) {
        // `scenario` is replaced when the worker accepts it (init), so a bad file never replaces
        // the one Restart would reload.
        openAtEnd = atEnd;
        set({ phase: "loading", problem: [], running: true, calls: [] });
        send({ type: "load", scenario });
      },

      restart() {
        // A fresh worker: the old one may be wedged. The scenario keeps every accepted call.
        worker?.terminate();
        worker = null;
        set({ phase: "loading", problem: [], running: true });
        const { scenario } = get();
        if (scenario) send({ type: "load", scenario });
      },

      call(step) {
        const id = nextId++;
        set({ calls: [...get().calls, { id, op: String(step.op), step, ret: null, errors: [] }] });
        send({ type: "append", id, step });
        return id;
      },

      goto(frame) {
        const { trace, view, classes, cur } = get();
        if (!trace || !view || !classes) return;
        const target = Math.max(0, Math.min(trace.total, Math.round(frame)));
        if (target === cur) return;
        // One frame: note its pfns so the canvases redraw only those cells.
        const one = Math.abs(target - cur) === 1;
        const changed: number[] | null = one ? [] : null;
        const changedPtes: number[] | null = one ? [] : null;
        for (let f = cur; f < target; f++) {
          const at = trace.locate(f + 1);
          if (!at) break;
          applyFrame(view, at[0], at[1], true);
          if (changed) framePages(at[0], at[1], changed);
          if (changedPtes) framePtes(at[0], at[1], changedPtes);
        }
        for (let f = cur; f > target; f--) {
          const at = trace.locate(f);
          if (!at) break;
          applyFrame(view, at[0], at[1], false);
          if (changed) framePages(at[0], at[1], changed);
          if (changedPtes) framePtes(at[0], at[1], changedPtes);
        }
        if (changed) classes.update(view.pages, changed);
        else classes.recomputeAll(view.pages);
        set({
          cur: target,
          changed,
          changedPtes,
          ...marksOf(trace, target),
          version: get().version + 1,
        });
      },

      selectPfn(pfn) {
        set({ selectedPfn: pfn, selectedPte: null });
      },

      selectPte(pte) {
        set({ selectedPte: pte, selectedPfn: null });
      },
    };
  });
  return store;
}
