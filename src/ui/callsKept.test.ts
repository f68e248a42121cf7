import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { fakeWorker, heldWorker } from "../test/fakeWorker.ts";
import { tabStorage as tab } from "../test/tabStorage.ts";
import { type KeptStorage, keepCallsAcrossReloads } from "./callsKept.ts";
import { createRunStore } from "./store.ts";

/** A page: a fresh store on the tab's storage, opening `scenario` as a link would. */
function page(storage: KeptStorage, scenario: unknown) {
  const store = createRunStore(fakeWorker);
  keepCallsAcrossReloads(store, storage);
  store.getState().load(scenario);
  return store;
}

const read = { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1, access: "read" };
const seed = BUILTINS[0]?.json;

/** The seed with one read made inside its mbind, as the address then shares it. */
function afterOneCall(storage: KeptStorage) {
  const before = page(storage, seed);
  const mbind = before.getState().timeline?.steps.find((x) => x.op === "mbind");
  if (!mbind) throw new Error("the seed has an mbind");
  before.getState().goto(mbind.firstFrame + 3);
  before.getState().call(read);
  return { before, mbind, scenario: before.getState().scenario };
}

describe("calls made survive a reload of the tab", () => {
  it("a reload of the same scenario lists the calls made and Undo takes the last back", () => {
    const storage = tab();
    const { before, mbind, scenario } = afterOneCall(storage);
    const calls = before.getState().calls;

    const after = page(storage, structuredClone(scenario));
    const s = after.getState();
    expect(s.calls).toEqual(calls);
    expect(s.undo).toHaveLength(1);
    // Undo goes back to the scenario before the call and the frame it was made at.
    s.undoCall();
    const undone = after.getState();
    expect(undone.scenario).toEqual(seed);
    expect(undone.cur).toBe(mbind.firstFrame + 3);
    expect(undone.calls).toHaveLength(0);
    // And a reload after that has nothing to give back.
    expect(page(storage, seed).getState().calls).toHaveLength(0);
  });

  it("a new call after the reload gets an id of its own, so Undo takes back the right one", () => {
    const storage = tab();
    const { scenario } = afterOneCall(storage);
    const after = page(storage, scenario);
    const first = after.getState().calls[0];
    after.getState().goto(1);
    const id = after.getState().call({ ...read, tid: 100 });
    expect(id).not.toBe(first?.id);
    after.getState().undoCall();
    expect(after.getState().calls).toEqual([first]);
  });

  it("another scenario, or storage holding something else, gives nothing back", () => {
    const storage = tab();
    afterOneCall(storage);
    expect(page(storage, BUILTINS[1]?.json).getState().calls).toHaveLength(0);
    // The other scenario's page made no call: the kept calls are gone with its load.
    expect(storage.map.size).toBe(0);

    const odd = tab();
    odd.map.set("numa-lab.calls", "{not json");
    expect(page(odd, seed).getState().calls).toHaveLength(0);
    odd.map.set("numa-lab.calls", JSON.stringify({ scenario: 3, calls: "x" }));
    expect(page(odd, seed).getState().phase).toBe("ready");
    // The right scenario, but calls of another shape: dropped, not handed to the form.
    odd.map.set(
      "numa-lab.calls",
      JSON.stringify({ scenario: JSON.stringify(seed), calls: [{ id: 1 }], undo: [] }),
    );
    expect(page(odd, seed).getState().calls).toHaveLength(0);
  });

  it("a reload before the worker answers a call or an Undo gets the record from before it", () => {
    const storage = tab();
    const worker = heldWorker();
    const store = createRunStore(worker.spawn);
    keepCallsAcrossReloads(store, storage);
    store.getState().load(seed);
    worker.answer();
    const mbind = store.getState().timeline?.steps.find((x) => x.op === "mbind");
    store.getState().goto((mbind?.firstFrame ?? 1) + 3);
    const kept = () => JSON.parse(storage.map.get("numa-lab.calls") ?? "null");
    // Call A asked for, not answered: nothing on record yet (the seed had no calls).
    store.getState().call(read);
    expect(kept()).toBeNull();
    worker.answer();
    const withA = kept();
    expect(withA.calls).toHaveLength(1);
    expect(withA.scenario).toBe(JSON.stringify(store.getState().scenario));
    // Call B, then Undo asked for: until the worker answers, the record stays the one with A.
    store.getState().call({ ...read, tid: 100 });
    expect(kept()).toEqual(withA);
    worker.answer();
    const withB = kept();
    expect(withB.calls).toHaveLength(2);
    store.getState().undoCall();
    expect(kept()).toEqual(withB);
    worker.answer();
    expect(kept()).toEqual(withA);
  });

  it("only the page's first run takes them: a later load of that scenario starts with none", () => {
    const storage = tab();
    const { scenario } = afterOneCall(storage);
    const store = createRunStore(fakeWorker);
    keepCallsAcrossReloads(store, storage);
    store.getState().load(seed);
    store.getState().load(scenario);
    expect(store.getState().calls).toHaveLength(0);
  });
});
