import { describe, expect, it } from "vitest";
import {
  askMessage,
  byeMessage,
  goneMessage,
  helloMessage,
  keyMessage,
  parseNotesMessage,
  stateMessage,
} from "./speakerNotes.ts";

describe("speaker notes messages", () => {
  it("hello, bye, ask, keys and states survive the channel; anything else is dropped", () => {
    const state = {
      ...{ title: "t", frame: 3, frames: 9, call: "touch", note: "", narration: "n" },
      ...{ fn: "do_swap_page · mm/memory.c", phase: "touch · map", theme: "light" as const },
    };
    for (const m of [
      helloMessage(),
      byeMessage(),
      askMessage(),
      goneMessage(),
      keyMessage("]", false),
      stateMessage(state),
    ])
      expect(parseNotesMessage(structuredClone(m))).toEqual(m);
    expect(parseNotesMessage({ ...byeMessage(), v: 999 })).toBeNull();
    expect(parseNotesMessage({ ...helloMessage(), type: "goodbye" })).toBeNull();
    expect(parseNotesMessage(keyMessage("Delete", false))).toBeNull();
  });

  it("shows a state from a sender without the later fields, light, with no function or phase", () => {
    const old = { title: "t", frame: 3, frames: 9, call: "touch", note: "", narration: "n" };
    const m = parseNotesMessage({ v: 1, type: "state", state: old });
    expect(m).toEqual(stateMessage({ ...old, fn: "", phase: "", theme: "light" }));
  });
});
