import { describe, expect, it } from "vitest";
import {
  askMessage,
  byeMessage,
  helloMessage,
  keyMessage,
  parseNotesMessage,
  stateMessage,
} from "./speakerNotes.ts";

describe("speaker notes messages", () => {
  it("hello, bye, ask, keys and states survive the channel; anything else is dropped", () => {
    const state = { title: "t", frame: 3, frames: 9, call: "touch", note: "", narration: "n" };
    for (const m of [
      helloMessage(),
      byeMessage(),
      askMessage(),
      keyMessage("]", false),
      stateMessage(state),
    ])
      expect(parseNotesMessage(structuredClone(m))).toEqual(m);
    expect(parseNotesMessage({ ...byeMessage(), v: 999 })).toBeNull();
    expect(parseNotesMessage({ ...helloMessage(), type: "goodbye" })).toBeNull();
    expect(parseNotesMessage(keyMessage("Delete", false))).toBeNull();
  });
});
