/** Which frames belong to a call the user made: the notes panel and the speaker notes name it so. */
import { describe, expect, it } from "vitest";
import { selectMadeHere } from "./LessonNotes.tsx";
import type { AppState } from "./store.ts";

/** A run at frame `cur` whose frames belong to step 2 from frame 10 on, with these calls. */
const at = (cur: number, calls: object[]) =>
  ({
    cur,
    timeline: { meta: (f: number) => ({ step: f >= 10 ? 2 : 1 }) },
    calls,
  }) as unknown as AppState;
const call = (over: object = {}) => ({ at: 2, dropped: false, errors: [], ...over });

describe("selectMadeHere", () => {
  it("is true on the frames of a call made in the form", () => {
    expect(selectMadeHere(at(12, [call()]))).toBe(true);
  });
  it("is false on a lesson's own call, at frame 0, and for a call dropped or refused", () => {
    expect(selectMadeHere(at(5, [call()]))).toBe(false);
    expect(selectMadeHere(at(0, [call({ at: -1 })]))).toBe(false);
    expect(selectMadeHere(at(12, [call({ dropped: true })]))).toBe(false);
    expect(selectMadeHere(at(12, [call({ errors: ["steps[2].pages: not a number"] })]))).toBe(
      false,
    );
  });
});
