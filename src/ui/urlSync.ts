/**
 * The address follows the user, and an address reproduces what its sender saw.
 *
 * - On start, the fragment is decoded (src/scenario/share.ts): its scenario is loaded, and once the
 *   model has produced enough frames the store goes to its frame and selection. A bad fragment
 *   loads the first lesson instead and sets `linkProblem` for the alert.
 * - While the user works, the fragment is rewritten: a new scenario with pushState (so back and
 *   forward move between scenarios), a new frame or selection with replaceState. Writes are
 *   debounced: browsers throttle history calls, and holding → steps many frames a second.
 * - popstate (back/forward, or a fragment typed into the address bar) opens that fragment. A
 *   scenario the user made calls on, and left, comes back with its calls list and Undo (leftCalls.ts):
 *   Back after a call is its Undo, Forward its redo, and Back from another lesson finds the calls.
 *
 * It touches the store only through the few calls below (load, goto, select), so the store can
 * change shape behind them.
 */
import { LESSONS, lessonById } from "../scenario/library.ts";
import { prettyJson } from "../scenario/prettyJson.ts";
import {
  type Decoded,
  encodePlace,
  encodeScenarioPart,
  MAX_FRAGMENT_CHARS,
  MAX_FRAME,
  opensAtEnd,
  type ShareSelection,
  shareScenarioOf,
} from "../scenario/share.ts";
import { decodeShare } from "../scenario/shareDecode.ts";
import { type KeptStorage, NO_STORAGE } from "./callsKept.ts";
import { keptCallsOf, rememberCalls, startLeftCalls } from "./leftCalls.ts";
import { leftOut, linkProblem, selectLinked } from "./linkSelection.ts";
import type { RunState, RunStore } from "./store.ts";

/**
 * The address is written once the frame on screen has stayed put this long: writing it costs
 * Chromium several milliseconds for a long scenario, so a drag, a burst of seeks or playback
 * writes it once when it stops, not five times a second (Share writes it at once).
 */
const WRITE_DELAY_MS = 250;
/**
 * Playback (or a long drag) never lets the frame stay put: the address is written at least this
 * often anyway, so a reload in the middle of it opens near the frame it left, not where play began.
 */
const WRITE_AT_LEAST_EVERY_MS = 1000;

interface Target {
  readonly frame: number;
  readonly selection: ShareSelection;
  /** Generation the store had when the load was asked for: the target applies to the next one. */
  readonly after: number;
  /** The frame was named by a link (not a lesson's default end): past the run's end, say so. */
  readonly named: boolean;
}

let store: RunStore | null = null;
let target: Target | null = null;
/** While a link's frame and selection are being applied (see applyTarget). */
let applying = false;
let timer: ReturnType<typeof setTimeout> | null = null;
/** When the write the timer stands for is due (performance.now() time: it never jumps). */
let writeDue = 0;
/** When the first change the timer stands for was asked to be written. */
let firstAsked = 0;
/** The encoded scenario part for the scenario object last seen (compressing is not free). */
let shared: { scenario: unknown; part: string; atEnd: boolean } | null = null;

// --- the store calls this module makes --------------------------------------------------------

const state = (): RunState | null => store?.getState() ?? null;
/** Go to a link's frame; one past the run's end shows the last frame, and the alert says so. */
function gotoLinked(s: RunState, frame: number, named: boolean): void {
  s.goto(frame, { keepWaiting: true });
  const now = state() ?? s;
  const total = now.total;
  // A huge number was read as MAX_FRAME, which the link did not say: it is not quoted as that.
  const which =
    frame >= MAX_FRAME
      ? `the link's frame, ${MAX_FRAME} or more,`
      : `the link's frame "f=${frame}"`;
  if (named && frame > total && !now.running)
    leftOut(`${which} is past the run's end, frame ${total}, which is shown instead`);
}

function selectionOf(s: RunState): ShareSelection {
  if (s.selectedPte) return { pte: { pid: s.selectedPte.pid, vpn: s.selectedPte.vpn } };
  if (s.selectedPfn !== null) return { pfn: s.selectedPfn };
  return null;
}

// --- opening ----------------------------------------------------------------------------------

/**
 * Load `json`, then go to `frame` (clamped to the run's length) and select `selection`. `named`:
 * the frame comes from a link's `f=`, so one past the end is worth a word.
 */
export function openScenario(
  json: unknown,
  frame: number,
  selection: ShareSelection,
  named = false,
): void {
  const s = state();
  if (!s) return;
  target = { frame, selection, after: s.generation, named };
  s.load(json);
}

/** Open a lesson from the library at its start (or its end, for a lesson meant to continue). */
export function openLesson(id: string): void {
  const lesson = lessonById(id);
  if (!lesson) return;
  linkProblem.setState({ error: "" });
  openScenario(lesson.json(), lesson.openAtEnd ? Number.MAX_SAFE_INTEGER : 0, null);
}

function openDecoded(d: Decoded): void {
  if (d.ok) {
    // Part of the link (its frame or selection) unreadable: the scenario opens, and the alert
    // says what was left out.
    linkProblem.setState(
      d.ignored ? { error: d.ignored, fellBack: false, partial: true } : { error: "" },
    );
    const s = state();
    // The same scenario (back to another frame of it): no reload needed.
    if (s && s.phase === "ready" && JSON.stringify(s.scenario) === JSON.stringify(d.json)) {
      gotoLinked(s, d.link.frame, d.frameNamed);
      selectLinked(state() ?? s, d.link.selection);
      return;
    }
    const kept = keptCallsOf(d.json);
    if (s && kept) {
      target = {
        frame: d.link.frame,
        selection: d.link.selection,
        after: s.generation,
        named: d.frameNamed,
      };
      s.resume(d.json, kept.calls, kept.undo);
      return;
    }
    openScenario(d.json, d.link.frame, d.link.selection, d.frameNamed);
    return;
  }
  const fellBack = !state()?.scenario;
  if (fellBack) openLesson(LESSONS[0]?.id ?? "");
  // After openLesson, which clears any problem.
  const draft = d.draft === undefined ? null : prettyJson(d.draft);
  linkProblem.setState({ error: d.error, fellBack, partial: false, draft });
}

/** Apply a pending frame and selection once the run has produced enough frames. */
function applyTarget(s: RunState): void {
  if (!target || s.generation <= target.after) return;
  if (s.phase !== "ready") return;
  if (s.running && s.total < target.frame) return;
  const t = target;
  target = null;
  // What this changes is the link's own doing: the caller decides whether to write the address.
  applying = true;
  try {
    gotoLinked(s, t.frame, t.named);
    selectLinked(state() ?? s, t.selection);
  } finally {
    applying = false;
  }
}

// --- writing the address ----------------------------------------------------------------------

function scenarioPartOf(scenario: unknown): { part: string; atEnd: boolean } {
  if (shared && shared.scenario === scenario) return shared;
  const share = shareScenarioOf(scenario);
  shared = { scenario, part: encodeScenarioPart(share), atEnd: opensAtEnd(share) };
  return shared;
}

/** The fragment for what is on screen now (null while nothing is loaded). */
export function currentFragment(): string | null {
  const s = state();
  if (s?.phase !== "ready" || !s.scenario) return null;
  const { part, atEnd } = scenarioPartOf(s.scenario);
  return `${part}${encodePlace(s.cur, selectionOf(s), atEnd)}`;
}

/** A scenario too large for a link (it would be refused when opened): share it as a file. */
export const tooLongToShare = (fragment: string) => fragment.length > MAX_FRAGMENT_CHARS;

/** The fragment's scenario part: what decides between pushState and replaceState. */
const scenarioPart = (fragment: string) => {
  const p = new URLSearchParams(fragment.replace(/^#/, ""));
  for (const k of ["f", "pfn", "pte"]) p.delete(k);
  return p.toString();
};

function writeNow(): void {
  timer = null;
  if (target) return;
  // Frame 0 only stands in for a run still coming (an inserted call's, an Undo's): an address
  // written now would open there. The frame's arrival writes it (startUrlSync's `pushSoon`).
  if (state()?.opening) return;
  const fragment = currentFragment();
  // Too large for a link: leave the address as it was rather than write one a reload would refuse.
  if (fragment === null || tooLongToShare(fragment)) return;
  const now = location.hash.replace(/^#/, "");
  if (now === fragment) return;
  const url = `${location.pathname}${location.search}#${fragment}`;
  // Pushed even over a link that could not be opened: Back then brings it back (to read again, or
  // to mend in the editor), where replacing it lost the link from the tab.
  if (now !== "" && scenarioPart(now) !== scenarioPart(fragment)) {
    history.pushState(null, "", url);
  } else {
    history.replaceState(null, "", url);
  }
}

/**
 * Write the address once nothing has asked for a write for WRITE_DELAY_MS. One timer, moved on
 * when it fires early: a step asks for a write, and re-arming a timer at every step cost more
 * than the step's own store update.
 */
function scheduleWrite(): void {
  const now = performance.now();
  if (timer === null) firstAsked = now;
  writeDue = Math.min(now + WRITE_DELAY_MS, firstAsked + WRITE_AT_LEAST_EVERY_MS);
  timer ??= setTimeout(writeWhenDue, WRITE_DELAY_MS);
}

function writeWhenDue(): void {
  const wait = writeDue - performance.now();
  if (wait > 0) timer = setTimeout(writeWhenDue, Math.min(wait, WRITE_DELAY_MS));
  else writeNow();
}

/** Write the address now, and drop the write the timer stood for (writeNow forgets the timer). */
export function flushAddress(): void {
  if (timer !== null) clearTimeout(timer);
  writeNow();
}

// --- start ------------------------------------------------------------------------------------

/** A new scenario is on its way: write its entry as soon as its frame is shown. */
let pushSoon = false;
/** Starts so far: only the latest start's listener answers back and forward. */
let starts = 0;

/**
 * Open what the address says (or the first lesson) and keep the address in step from now on.
 * `storage` keeps the calls of scenarios left behind across a reload of the tab.
 */
export function startUrlSync(appStore: RunStore, storage: KeptStorage = NO_STORAGE): void {
  store = appStore;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  startLeftCalls(storage);
  appStore.subscribe((s, prev) => {
    rememberCalls(s, prev);
    if (applying) return;
    if (target) {
      applyTarget(s);
      // After a link that could not be opened (whole or in part), the address keeps it for the
      // user to read until they move: the alert quotes it.
      if (!target && !linkProblem.getState().error) scheduleWrite();
      // A load that failed leaves nothing to wait for.
      else if (s.problem.length > 0 && s.phase !== "loading") target = null;
      return;
    }
    if (
      s.scenario !== prev.scenario ||
      s.opening !== prev.opening ||
      s.cur !== prev.cur ||
      s.selectedPfn !== prev.selectedPfn ||
      s.selectedPte !== prev.selectedPte
    ) {
      // Once the user moves on, a stale link problem no longer describes the page.
      if (s.scenario !== prev.scenario && prev.scenario !== null) {
        linkProblem.setState({ error: "" });
        pushSoon = true;
      }
      // A call made (or another scenario opened) is a history entry of its own as soon as its
      // frame is on screen, not after the pause that spares the address a write per frame: Back
      // pressed a moment after a call must undo that call, not the one before it. Not while
      // frame 0 only stands in for the run (`opening`): the entry would open there.
      if (pushSoon && s.phase === "ready" && s.opening === null) {
        pushSoon = false;
        flushAddress();
        return;
      }
      scheduleWrite();
    }
  });
  const start = ++starts;
  window.addEventListener("popstate", () => {
    if (start === starts) openDecoded(decodeShare(location.hash));
  });
  const first = decodeShare(location.hash);
  if (!first.ok && first.error === "") openLesson(LESSONS[0]?.id ?? "");
  else openDecoded(first);
}
