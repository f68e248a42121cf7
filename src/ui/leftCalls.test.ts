import { describe, expect, it } from "vitest";
import { tabStorage as tab } from "../test/tabStorage.ts";
import { keptCallsOf, rememberCalls, startLeftCalls } from "./leftCalls.ts";
import type { RunState } from "./store.ts";

/** A scenario at rest with one call made on it, and an Undo that holds a large scenario. */
function atRest(n: number, undoChars: number): RunState {
  const call = {
    id: n,
    op: "touch",
    step: { op: "touch", tid: 100, addr: 0, pages: 1 },
    at: 3,
    madeAt: 10,
    dropLater: false,
    appended: false,
    ret: 0,
    firstFrame: 11,
    errors: [],
  };
  return {
    replacing: false,
    phase: "ready",
    scenario: { title: `scenario ${n}` },
    calls: [call],
    undo: [{ scenario: { title: "x".repeat(undoChars) }, frame: 10, callId: n }],
  } as unknown as RunState;
}

describe("the calls of scenarios left behind", () => {
  it("are found again after a reload, the newest kept when they outgrow the tab's storage", () => {
    const storage = tab();
    startLeftCalls(storage);
    let prev = atRest(-1, 0);
    for (let n = 0; n < 12; n++) {
      const s = atRest(n, 200_000);
      rememberCalls(s, prev);
      prev = s;
    }
    const stored = storage.map.get("numa-lab.left") ?? "";
    expect(stored.length).toBeLessThanOrEqual(1 << 20);
    // A reload: what the tab kept is what Back finds.
    startLeftCalls(storage);
    expect(keptCallsOf({ title: "scenario 11" })?.calls[0]?.id).toBe(11);
    expect(keptCallsOf({ title: "scenario 10" })?.calls[0]?.id).toBe(10);
    expect(keptCallsOf({ title: "scenario 0" })).toBeUndefined();
  });

  it("a record that does not read as calls is dropped whole, and a new tab finds none", () => {
    const storage = tab();
    storage.setItem("numa-lab.left", JSON.stringify([["{}", { calls: "no" }]]));
    startLeftCalls(storage);
    expect(keptCallsOf({})).toBeUndefined();
    startLeftCalls(tab());
    expect(keptCallsOf({ title: "scenario 11" })).toBeUndefined();
  });
});
