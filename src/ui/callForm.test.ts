import { describe, expect, it } from "vitest";
import eager from "../scenario/builtin/eager-move.json";
import forkLesson from "../scenario/builtin/fork-move-vs-move-all.json";
import yourTurn from "../scenario/builtin/your-turn-issue-mbind.json";
import { buildStep, CALL_INITIAL, type CallValues, callDefaultsFor } from "./callForm.ts";

const base: CallValues = { ...CALL_INITIAL, op: "touch", addr: "0x1000", pages: "1" };

describe("the form's starting values follow the scenario", () => {
  it("repeats the scenario's last mbind", () => {
    // The eager lesson's last mbind: worker tid 102 binds its share, local and eager.
    expect(callDefaultsFor(eager, base)).toMatchObject({
      op: "mbind",
      addr: "0x7f0000010000",
      pages: "8",
      mode: "MPOL_PREFERRED",
      nodes: [],
      flags: ["MPOL_MF_MOVE"],
    });
  });

  it("without an mbind, offers a lazy mbind over the first mapping", () => {
    expect(callDefaultsFor(yourTurn, base)).toMatchObject({
      op: "mbind",
      pages: "24",
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
    });
  });

  it("turns numeric flags back into names", () => {
    const s = { steps: [{ op: "mbind", addr: 4096, len: 8192, mode: 2, nodes: [0], flags: 10 }] };
    expect(callDefaultsFor(s, base)).toMatchObject({
      addr: "0x1000",
      pages: "2",
      mode: "MPOL_BIND",
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZY"],
    });
  });

  it("keeps the last mbind's maxnode, and a blank maxnode leaves the step without one", () => {
    const s = { steps: [{ op: "mbind", addr: 4096, pages: 2, mode: 2, nodes: [1], maxnode: 2 }] };
    const values = callDefaultsFor(s, base);
    expect(values.maxnode).toBe("2");
    expect(buildStep({ ...values, tid: "100" })).toMatchObject({ step: { maxnode: 2 } });
    const blank = buildStep({ ...values, tid: "100", maxnode: " " });
    if (!("step" in blank)) throw new Error("a blank maxnode is no error");
    expect("maxnode" in blank.step).toBe(false);
    expect(buildStep({ ...values, tid: "100", maxnode: "two" })).toMatchObject({
      errors: { maxnode: expect.stringContaining("whole number") },
    });
  });

  it("offers a fork's child a pid and tid no process or thread has, the lesson's own fork's too", () => {
    expect(callDefaultsFor(yourTurn, base)).toMatchObject({ childPid: "200", childTid: "200" });
    // The fork lesson forks pid 200 (tid 200) itself: the form's fork was refused as a duplicate.
    expect(callDefaultsFor(forkLesson, base)).toMatchObject({ childPid: "201", childTid: "201" });
  });
});

describe("the address field", () => {
  const addrError = (addr: string) => {
    const r = buildStep({ ...base, addr });
    return "errors" in r ? r.errors.addr : undefined;
  };

  it("names itself and says what is wrong with a number too large or negative", () => {
    expect(addrError("0xffffffffffffffffffffffff")).toMatch(/^Address: at most 12 hex digits/);
    expect(addrError("-1")).toMatch(/^Address: .*never negative/);
    expect(addrError("-0x1000")).toMatch(/^Address: .*never negative/);
    expect(addrError("zzz")).toMatch(/^Address: type a hexadecimal address/);
    expect(addrError("4096")).toMatch(/^Address: type a hexadecimal address/);
  });

  it("takes leading zeros, and keeps the address as the scenario format writes it", () => {
    expect(addrError("0x00007f0000000000")).toBeUndefined();
    const r = buildStep({ ...base, tid: "100", addr: "0x00007f0000000000" });
    expect("step" in r && r.step.addr).toBe("0x7f0000000000");
    expect(addrError("0x0")).toBeUndefined();
  });
});
