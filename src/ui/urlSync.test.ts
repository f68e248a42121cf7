/**
 * The address bar contract, against the real store and session (answering synchronously) and a
 * stand-in for location/history: a link opens its scenario, frame and selection; frames replace
 * the address, new scenarios push it; back/forward reopen; a bad link loads the first lesson and
 * says why.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeWorker, pacedWorker } from "../test/fakeWorker.ts";
import { tabStorage } from "../test/tabStorage.ts";
import { keepCallsAcrossReloads } from "./callsKept.ts";
import { linkProblem } from "./linkSelection.ts";
import { createRunStore, type RunStore } from "./store.ts";
import { openLesson, startUrlSync } from "./urlSync.ts";

/** location + history with a back stack, as far as urlSync uses them. */
function fakeBrowser(hash: string) {
  const stack = [hash];
  let at = 0;
  const popstate: (() => void)[] = [];
  const loc = { hash, pathname: "/lab/", search: "", origin: "http://x" };
  const go = (url: string) => url.slice(url.indexOf("#"));
  const calls = { push: 0, replace: 0 };
  vi.stubGlobal("location", loc);
  vi.stubGlobal("window", { addEventListener: (_: string, f: () => void) => popstate.push(f) });
  vi.stubGlobal("history", {
    pushState(_s: unknown, _t: string, url: string) {
      calls.push++;
      stack.splice(at + 1, stack.length, go(url));
      at++;
      loc.hash = go(url);
    },
    replaceState(_s: unknown, _t: string, url: string) {
      calls.replace++;
      stack[at] = go(url);
      loc.hash = go(url);
    },
  });
  const move = (by: number) => {
    at += by;
    loc.hash = stack[at] ?? "";
    for (const f of popstate) f();
  };
  /** The user types a fragment into the address bar. */
  const type = (h: string) => {
    stack.splice(at + 1, stack.length, h);
    move(1);
  };
  return { loc, calls, back: () => move(-1), forward: () => move(1), type };
}

const title = (s: RunStore) => (s.getState().scenario as { title: string }).title;

describe("urlSync", () => {
  let store: RunStore;
  beforeEach(() => {
    vi.useFakeTimers();
    store = createRunStore(fakeWorker);
    linkProblem.setState({ error: "" });
  });
  afterEach(() => {
    // urlSync is a module singleton: let its pending write run before the next test's store.
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("opens a link's lesson at its frame with its selection", () => {
    fakeBrowser("#v=1&b=strict-eio&f=20&pfn=3");
    startUrlSync(store);
    expect(title(store)).toMatch(/STRICT/);
    expect(store.getState().cur).toBe(20);
    expect(store.getState().selectedPfn).toBe(3);
  });

  it("replaces the address for a frame, pushes it for a scenario, and back/forward reopen", () => {
    const b = fakeBrowser("");
    startUrlSync(store);
    vi.advanceTimersByTime(500);
    expect(b.loc.hash).toBe("#v=1&b=seed-workers-pull-local");
    store.getState().goto(25);
    vi.advanceTimersByTime(500);
    expect(b.loc.hash).toBe("#v=1&b=seed-workers-pull-local&f=25");
    expect(b.calls.push).toBe(0);

    openLesson("swap-full");
    vi.advanceTimersByTime(500);
    expect(b.loc.hash).toBe("#v=1&b=swap-full");
    expect(b.calls.push).toBe(1);

    b.back();
    vi.advanceTimersByTime(500);
    expect(title(store)).toBe("Workers pull their pages local");
    expect(store.getState().cur).toBe(25);
    b.forward();
    expect(title(store)).toMatch(/Swap full/);
  });

  it("writes the address once, when the frame has stayed put for 250 ms since the last move", () => {
    const b = fakeBrowser("");
    startUrlSync(store);
    vi.advanceTimersByTime(500);
    const before = b.calls.replace;
    for (const f of [5, 6, 7]) {
      store.getState().goto(f);
      vi.advanceTimersByTime(200);
    }
    expect(b.loc.hash).not.toMatch(/f=/);
    vi.advanceTimersByTime(49);
    expect(b.loc.hash).not.toMatch(/f=/);
    vi.advanceTimersByTime(2);
    expect(b.loc.hash).toBe("#v=1&b=seed-workers-pull-local&f=7");
    expect(b.calls.replace - before).toBe(1);
  });

  it("a call appended to a lesson travels in the address", () => {
    const b = fakeBrowser("#v=1&b=your-turn-issue-mbind");
    startUrlSync(store);
    // A call goes where the user is (issue 7): at the last frame it is appended to the lesson.
    store.getState().goto(store.getState().total);
    store.getState().call({ op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 });
    vi.advanceTimersByTime(500);
    expect(b.loc.hash).toMatch(/^#v=1&b=your-turn-issue-mbind&c=[\w-]+&f=\d+$/);
  });

  it("Back and Forward over calls bring each scenario's calls list and Undo with it", () => {
    const b = fakeBrowser("#v=1&b=your-turn-issue-mbind");
    startUrlSync(store);
    const touch = (tid: number) => ({ op: "touch", tid, addr: "0x7f0000000000", pages: 1 });
    const callAtEnd = (tid: number) => {
      store.getState().goto(store.getState().total);
      store.getState().call(touch(tid));
      vi.advanceTimersByTime(500);
    };
    callAtEnd(101);
    callAtEnd(102);
    const ops = () => store.getState().calls.map((c) => c.step);
    expect(ops()).toEqual([touch(101), touch(102)]);
    b.back();
    // Back is the last call's Undo: one call listed, and Undo for it.
    expect(ops()).toEqual([touch(101)]);
    expect(store.getState().undo).toHaveLength(1);
    b.forward();
    expect(ops()).toEqual([touch(101), touch(102)]);
    expect(store.getState().undo).toHaveLength(2);
    // Another lesson, then Back: the calls made on this one are found again.
    openLesson("interleave");
    vi.advanceTimersByTime(500);
    expect(store.getState().calls).toEqual([]);
    b.back();
    expect(ops()).toEqual([touch(101), touch(102)]);
    store.getState().undoCall();
    expect(ops()).toEqual([touch(101)]);
  });

  it("after a reload of the tab, Back still undoes the last call and finds another lesson's calls", () => {
    const tab = tabStorage();
    const b = fakeBrowser("#v=1&b=your-turn-issue-mbind");
    keepCallsAcrossReloads(store, tab);
    startUrlSync(store, tab);
    const touch = (tid: number) => ({ op: "touch", tid, addr: "0x7f0000000000", pages: 1 });
    for (const tid of [101, 102]) {
      store.getState().goto(store.getState().total);
      store.getState().call(touch(tid));
      vi.advanceTimersByTime(500);
    }
    openLesson("interleave");
    vi.advanceTimersByTime(500);
    b.back();
    vi.advanceTimersByTime(500);
    // F5: a new page on the same tab storage and history, at the same address.
    const reloaded = createRunStore(fakeWorker);
    keepCallsAcrossReloads(reloaded, tab);
    startUrlSync(reloaded, tab);
    const ops = () => reloaded.getState().calls.map((c) => c.step);
    expect(ops()).toEqual([touch(101), touch(102)]);
    b.back();
    expect(ops()).toEqual([touch(101)]);
    expect(reloaded.getState().undo).toHaveLength(1);
    b.forward();
    b.forward();
    vi.advanceTimersByTime(500);
    expect(title(reloaded)).toMatch(/interleav/i);
    b.back();
    expect(ops()).toEqual([touch(101), touch(102)]);
    expect(reloaded.getState().undo).toHaveLength(2);
  });

  it("Back pressed the moment after a call undoes that call, not the one before", () => {
    const b = fakeBrowser("#v=1&b=your-turn-issue-mbind");
    startUrlSync(store);
    const touch = (tid: number) => ({ op: "touch", tid, addr: "0x7f0000000000", pages: 1 });
    store.getState().goto(store.getState().total);
    store.getState().call(touch(101));
    vi.advanceTimersByTime(500);
    store.getState().goto(store.getState().total);
    store.getState().call(touch(102));
    b.back();
    expect(store.getState().calls.map((c) => c.step)).toEqual([touch(101)]);
  });

  it("an inserted call's history entry opens at its frame, not at frame 0 standing in", () => {
    const { spawn, all } = pacedWorker();
    const paced = createRunStore(spawn);
    const b = fakeBrowser("#v=1&b=seed-workers-pull-local");
    startUrlSync(paced);
    all();
    vi.advanceTimersByTime(500);
    paced.getState().goto(60);
    vi.advanceTimersByTime(500);
    const pushes = b.calls.push;
    paced.getState().call({ op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 });
    // The rerun has not reached the call: frame 0 stands in, and no entry is written for it,
    // however long the rerun takes.
    expect(paced.getState().opening).toBe("call");
    vi.advanceTimersByTime(500);
    expect(b.calls.push).toBe(pushes);
    all();
    const at = paced.getState().cur;
    expect(at).toBeGreaterThan(0);
    expect(b.calls.push).toBe(pushes + 1);
    expect(b.loc.hash).toMatch(new RegExp(`&f=${at}$`));
  });

  it("Back after the Undo button brings the undone call back, listed and undoable", () => {
    const b = fakeBrowser("#v=1&b=your-turn-issue-mbind");
    startUrlSync(store);
    const touch = (tid: number) => ({ op: "touch", tid, addr: "0x7f0000000000", pages: 1 });
    for (const tid of [101, 102]) {
      store.getState().goto(store.getState().total);
      store.getState().call(touch(tid));
      vi.advanceTimersByTime(500);
    }
    store.getState().undoCall();
    vi.advanceTimersByTime(500);
    expect(store.getState().calls.map((c) => c.step)).toEqual([touch(101)]);
    b.back();
    expect(store.getState().calls.map((c) => c.step)).toEqual([touch(101), touch(102)]);
    expect(store.getState().undo).toHaveLength(2);
  });

  it("a bad link loads the first lesson and says what is wrong", () => {
    fakeBrowser("#v=7&b=seed-workers-pull-local");
    startUrlSync(store);
    expect(title(store)).toBe("Workers pull their pages local");
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/newer version/),
      fellBack: true,
    });
  });

  it("a link with a bad frame opens its lesson, says what it left out, and keeps the address", () => {
    const b = fakeBrowser("#v=1&b=interleave&f=-5");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    expect(title(store)).toMatch(/INTERLEAVE/);
    expect(store.getState().cur).toBe(0);
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/frame "f=-5"/),
      partial: true,
    });
    expect(b.loc.hash).toBe("#v=1&b=interleave&f=-5");
    // A link that cannot be opened at all afterwards is not "partly" opened.
    b.type("#v=1&s=bad");
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/truncated/),
      partial: false,
    });
  });

  it("a selected page past the machine opens the lesson at its frame and says it was left out", () => {
    const b = fakeBrowser("#v=1&b=strict-eio&f=20&pfn=100000");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    expect(store.getState().cur).toBe(20);
    expect(store.getState().selectedPfn).toBeNull();
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/"pfn=100000" is past this machine's last page frame \(\d+\)/),
      partial: true,
    });
    expect(b.loc.hash).toBe("#v=1&b=strict-eio&f=20&pfn=100000");
  });

  it("a selected page-table entry of a pid no process has is left out, and the alert says so", () => {
    const b = fakeBrowser("#v=1&b=strict-eio&f=20&pte=4242.12");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    expect(store.getState().cur).toBe(20);
    expect(store.getState().selectedPte).toBeNull();
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/"pte=4242\.12" belongs to pid 4242, and no process/),
      partial: true,
    });
    expect(b.loc.hash).toBe("#v=1&b=strict-eio&f=20&pte=4242.12");
    // The scenario's own process, at an address it maps, is selected, with nothing to say.
    linkProblem.setState({ error: "" });
    b.type("#v=1&b=strict-eio&f=20&pte=100.34091302912");
    vi.advanceTimersByTime(1000);
    expect(store.getState().selectedPte).toEqual({ pid: 100, vpn: 34091302912 });
    expect(linkProblem.getState().error).toBe("");
  });

  it("a selected page-table entry at an address its process never maps is left out, and said", () => {
    fakeBrowser("#v=1&b=strict-eio&f=20&pte=100.12");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    expect(store.getState().selectedPte).toBeNull();
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(
        /"pte=100\.12" is at 0xc000, which pid 100 never maps in this run/,
      ),
      partial: true,
    });
  });

  it("a selected page-table entry past the user address space is left out, and the alert says so", () => {
    fakeBrowser("#v=1&b=strict-eio&f=20&pte=100.34359738368");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    expect(store.getState().cur).toBe(20);
    expect(store.getState().selectedPte).toBeNull();
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(
        /"pte=100\.34359738368" is at 0x800000000000, past the user address space, which ends below 0x800000000000/,
      ),
      partial: true,
    });
  });

  it("a frame past the run's end shows the last frame and says so; a lesson's own end does not", () => {
    const b = fakeBrowser("#v=1&b=strict-eio&f=99999");
    startUrlSync(store);
    vi.advanceTimersByTime(1000);
    const total = store.getState().total;
    expect(total).toBeGreaterThan(0);
    expect(store.getState().cur).toBe(total);
    expect(linkProblem.getState()).toMatchObject({
      error: `the link's frame "f=99999" is past the run's end, frame ${total}, which is shown instead`,
      partial: true,
    });
    expect(b.loc.hash).toBe("#v=1&b=strict-eio&f=99999");
    // Back to the same scenario at a frame past its end: said again, without a reload.
    b.type(`#v=1&b=strict-eio&f=${total}`);
    expect(linkProblem.getState().error).toBe("");
    b.type("#v=1&b=strict-eio&f=123456");
    expect(store.getState().cur).toBe(total);
    expect(linkProblem.getState().error).toMatch(/"f=123456" is past the run's end/);
    // A frame number too big to keep is not quoted as the number it was read as; both say "the
    // link's frame" (tester 11 found one alert saying "the frame", the other "the link's frame").
    b.type("#v=1&b=strict-eio&f=123456789012345678901234567890");
    expect(store.getState().cur).toBe(total);
    expect(linkProblem.getState().error).toBe(
      `the link's frame, 1000000000 or more, is past the run's end, frame ${total}, which is shown instead`,
    );
    // A lesson meant to be continued opens at its end when its link names no frame: no word.
    b.type("#v=1&b=your-turn-issue-mbind");
    vi.advanceTimersByTime(1000);
    expect(store.getState().cur).toBe(store.getState().total);
    expect(linkProblem.getState().error).toBe("");
  });

  it("a link with a bad frame and a selection past the machine names both", () => {
    fakeBrowser("#v=1&b=strict-eio&f=x&pfn=100000");
    startUrlSync(store);
    expect(linkProblem.getState().error).toMatch(/frame "f=x".*; the selected page "pfn=100000"/);
  });

  it("a bad fragment typed into the address bar keeps the scenario on screen", () => {
    const b = fakeBrowser("");
    startUrlSync(store);
    openLesson("interleave");
    vi.advanceTimersByTime(500);
    b.type("#v=1&s=bad");
    expect(title(store)).toMatch(/INTERLEAVE/);
    expect(linkProblem.getState()).toMatchObject({
      error: expect.stringMatching(/truncated/),
      fellBack: false,
    });
  });
});
