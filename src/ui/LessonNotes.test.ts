/** Which steps are calls the user made: the notes panel and the speaker notes name them so. */
import { describe, expect, it } from "vitest";
import { LESSONS } from "../scenario/library.ts";
import { ADDED_BY_LINK, callNote, MADE_HERE, TICKED_HERE } from "./LessonNotes.tsx";
import type { Call } from "./run/state.ts";

/** A lesson whose step 1 has a note and whose step 2 (a call made in the form) has none. */
const lesson = {
  steps: [{ op: "mmap" }, { op: "touch", note: "The workers write." }, { op: "mbind" }],
};
const call = (over: object = {}) =>
  ({ at: 2, dropped: false, errors: [], ...over }) as unknown as Call;

describe("callNote", () => {
  it("names the frames of a call made in the form as the user's", () => {
    expect(callNote(lesson, 2, [call()])).toBe(MADE_HERE);
    expect(callNote(lesson, 2, [call({ op: "tick" })])).toBe(TICKED_HERE);
  });
  it("is the lesson's own note on its calls, none at frame 0, and none for a call dropped or refused", () => {
    expect(callNote(lesson, 1, [call()])).toBe("The workers write.");
    expect(callNote(lesson, -1, [call({ at: -1 })])).toBeNull();
    expect(callNote(lesson, 2, [call({ dropped: true })])).toBeNull();
    expect(callNote(lesson, 2, [call({ errors: ["steps[2].pages: not a number"] })])).toBeNull();
  });
});

describe("a call a link added to a lesson", () => {
  it("is named as added by the link's sender, on either kernel; the lesson's own calls keep their notes", () => {
    const seed = LESSONS[0]?.json() as { steps: object[] };
    const added = { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 };
    const linked = { ...seed, steps: [seed.steps[0], added, ...seed.steps.slice(1)] };
    expect(callNote(linked, 1, [])).toBe(ADDED_BY_LINK);
    expect(callNote({ ...linked, kernel: "mainline" }, 1, [])).toBe(ADDED_BY_LINK);
    expect(callNote(linked, 0, [])).toBe(callNote(seed, 0, []));
    // A scenario that is no lesson says nothing of its steps.
    expect(callNote({ steps: [added] }, 0, [])).toBeNull();
  });
});
