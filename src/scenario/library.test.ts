import { describe, expect, it } from "vitest";
import { lessonById, matchLesson, notesWrittenFor } from "./library.ts";

const lesson = (id: string) => {
  const l = lessonById(id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l.json() as Record<string, unknown> & { steps: unknown[] };
};
const call = { op: "touch", tid: 101, addr: "0x7f0000000000", len: 4096, write: true };

describe("a lesson switched to the other kernel", () => {
  it("names the kernel its notes were written for, calls added or not", () => {
    const rfc = lesson("seed-workers-pull-local");
    expect(notesWrittenFor(rfc)).toBeNull();
    expect(notesWrittenFor({ ...rfc, kernel: "mainline" })).toBe("rfc-2012");
    const withCall = { ...rfc, steps: [...rfc.steps, call], kernel: "mainline" };
    expect(notesWrittenFor(withCall)).toBe("rfc-2012");
    // Switched back, the field left out again: its own kernel's notes.
    const { kernel: _, ...back } = withCall;
    expect(notesWrittenFor(back)).toBeNull();
  });

  it("works the other way, from a mainline lesson to the RFC's kernel", () => {
    const { kernel, ...rest } = lesson("mainline-numa-balancing");
    expect(kernel).toBe("mainline");
    expect(notesWrittenFor(rest)).toBe("mainline");
    expect(notesWrittenFor(lesson("mainline-numa-balancing"))).toBeNull();
  });

  it("says nothing of a scenario that is no lesson", () => {
    const rfc = lesson("seed-workers-pull-local");
    expect(notesWrittenFor({ ...rfc, title: "My own", kernel: "mainline" })).toBeNull();
    expect(notesWrittenFor({ ...rfc, steps: rfc.steps.slice(1), kernel: "mainline" })).toBeNull();
    expect(notesWrittenFor(null)).toBeNull();
  });

  it("leaves matchLesson as it was: a lesson with calls after its steps, under its kernel", () => {
    const rfc = lesson("seed-workers-pull-local");
    expect(matchLesson({ ...rfc, steps: [...rfc.steps, call] })).toEqual({
      id: "seed-workers-pull-local",
      calls: [call],
    });
    expect(matchLesson({ ...rfc, kernel: "mainline" })).toBeNull();
  });
});
