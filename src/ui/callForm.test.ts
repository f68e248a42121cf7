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
  const errorsFor = (addr: string, pages = "1") => {
    const r = buildStep({ ...base, tid: "100", addr, pages });
    return "errors" in r ? r.errors : {};
  };

  it("says what is wrong with a number too large, negative, or not hexadecimal", () => {
    expect(errorsFor("0xffffffffffffffffffffffff").addr).toMatch(
      /^The address must lie below 0x800000000000/,
    );
    expect(errorsFor("0xffffffffffff").addr).toMatch(/below 0x800000000000/);
    expect(errorsFor("-1").addr).toBe("An address is never negative.");
    expect(errorsFor("-0x1000").addr).toBe("An address is never negative.");
    for (const bad of ["zzz", "-zzz", "4096", "0x", "0x12g"])
      expect(errorsFor(bad).addr).toMatch(/^The address must be hexadecimal/);
  });

  it("takes an upper-case 0X and leading zeros, written as the scenario format keeps them", () => {
    for (const [typed, kept] of [
      ["0x00007f0000000000", "0x7f0000000000"],
      ["0X7F0000000000", "0x7f0000000000"],
      ["0x0", "0x0"],
    ]) {
      const r = buildStep({ ...base, tid: "100", addr: typed as string });
      expect("step" in r && r.step.addr).toBe(kept);
    }
  });

  it("says at Pages when the range would end past the last user address", () => {
    expect(errorsFor("0x7ffffffff000", "1")).toEqual({});
    expect(errorsFor("0x7ffffffff000", "2").pages).toMatch(/ends past the last user address/);
  });
});

describe("the form's own checks", () => {
  it("bounds a fork's child pid and tid by PID_MAX_LIMIT, in the form's words", () => {
    const fork: CallValues = {
      ...base,
      op: "fork",
      tid: "100",
      childPid: "4194305",
      childCpu: "0",
    };
    const out = buildStep(fork);
    expect("errors" in out && out.errors.childPid).toBe(
      "A pid is a whole number from 1 to 4194304 (PID_MAX_LIMIT).",
    );
    expect("step" in buildStep({ ...fork, childPid: "4194304", childTid: "4194304" })).toBe(true);
  });
});

describe("the form's address", () => {
  it("takes a bare 0 (NULL) as 0x0, and still refuses other undecorated numbers", () => {
    const mbind: CallValues = { ...base, op: "mbind", tid: "100", pages: "1" };
    const zero = buildStep({ ...mbind, addr: "0" });
    expect("step" in zero && zero.step.addr).toBe("0x0");
    const plain = buildStep({ ...mbind, addr: "4096" });
    expect("errors" in plain && plain.errors.addr).toMatch(/must be hexadecimal/);
  });
});
