import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { keyAction } from "./presentation.ts";
import { QUIET_ZONE, qrDrawing } from "./qr.ts";
import { notesWindowUrl, SpeakerNotesView } from "./SpeakerNotes.tsx";
import {
  helloMessage,
  keyMessage,
  type NotesMessage,
  type NotesState,
  openNotesLink,
  parseNotesMessage,
  sameLecture,
  stateMessage,
} from "./speakerNotes.ts";

const key = (k: string, over: Partial<Parameters<typeof keyAction>[0]> = {}) =>
  keyAction({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: null, ...over });

describe("presentation keys", () => {
  it("P, F and T switch the mode, fullscreen and theme", () => {
    expect(key("p")).toBe("presentation");
    expect(key("P")).toBe("presentation");
    expect(key("f")).toBe("fullscreen");
    expect(key("t")).toBe("theme");
    expect(key("ArrowRight")).toBeNull();
  });
  it("leave typing and browser shortcuts alone", () => {
    expect(key("p", { target: { tagName: "INPUT" } as unknown as EventTarget })).toBeNull();
    expect(
      key("p", { target: { tagName: "DIV", isContentEditable: true } as unknown as EventTarget }),
    ).toBeNull();
    expect(key("p", { ctrlKey: true })).toBeNull();
    expect(key("f", { metaKey: true })).toBeNull();
    expect(key("p", { target: { tagName: "BUTTON" } as unknown as EventTarget })).toBe(
      "presentation",
    );
  });
});

describe("the QR code", () => {
  it("draws a square code with its three finder patterns and a quiet zone", () => {
    const url = "https://example.org/numa-lab/#s=abc123&f=42";
    const d = qrDrawing(url);
    const modules = d.size - 2 * QUIET_ZONE;
    expect(modules).toBeGreaterThanOrEqual(21);
    expect((modules - 17) % 4).toBe(0);
    // The finder patterns' corners are dark: top-left, top-right, bottom-left.
    const q = QUIET_ZONE;
    for (const [x, y] of [
      [q, q],
      [q + modules - 1, q],
      [q, q + modules - 1],
    ])
      expect(d.path).toContain(`M${x} ${y}h1v1h-1z`);
    // Nothing in the quiet zone.
    expect(d.path).not.toMatch(/M[0-3] /);
    // A longer text needs a bigger code.
    expect(qrDrawing(url.repeat(8)).size).toBeGreaterThan(d.size);
  });
  it("says when a link is too long for any QR code", () => {
    expect(() => qrDrawing("x".repeat(5000))).toThrow(
      /^This link \(5,000 characters\) is too long for a QR code: share a lesson, or a shorter scenario\.$/,
    );
  });
});

const state: NotesState = {
  title: "Lazy migration",
  frame: 3,
  frames: 10,
  call: "tid 1: mbind(0x1000, 4 pages, MPOL_BIND, {1}, MPOL_MF_MOVE|MPOL_MF_LAZY)",
  note: "Nothing moves yet: the PTEs are unmapped.",
  narration: "try_to_unmap_one leaves a swap entry",
  fn: "try_to_unmap · mm/rmap.c",
  phase: "mbind · unmap",
  theme: "dark",
};

describe("speaker notes messages", () => {
  it("round-trip through structured clone", () => {
    expect(parseNotesMessage(structuredClone(stateMessage(state)))).toEqual(stateMessage(state));
    expect(parseNotesMessage(structuredClone(helloMessage()))).toEqual(helloMessage());
    expect(parseNotesMessage(structuredClone(keyMessage("PageDown", false)))).toEqual(
      keyMessage("PageDown", false),
    );
  });
  it("drop what this version does not understand", () => {
    const bad = [
      null,
      "state",
      { v: 2, type: "hello" },
      { v: 1, type: "jump" },
      { v: 1, type: "state" },
      { v: 1, type: "state", state: { ...state, frame: -1 } },
      { v: 1, type: "state", state: { ...state, frame: 11 } },
      { v: 1, type: "state", state: { ...state, note: 7 } },
      { v: 1, type: "state", state: { ...state, frames: 1.5 } },
      // Only stepping keys pass from the notes window: not "e" (the editor) or any other.
      { v: 1, type: "key", key: "e", shift: false },
      { v: 1, type: "key", key: 7 },
    ];
    for (const b of bad) expect(parseNotesMessage(b), JSON.stringify(b)).toBeNull();
  });
  it("cross a real BroadcastChannel between two ends, malformed messages dropped", async () => {
    const got: NotesMessage[] = [];
    const done = new Promise<void>((resolve) => {
      const rx = openNotesLink((m) => {
        got.push(m);
        if (m.type === "state") {
          rx.close();
          resolve();
        }
      });
    });
    const raw = new BroadcastChannel("numa-lab.speaker-notes");
    raw.postMessage({ v: 1, type: "state", state: { title: 1 } });
    raw.close();
    const tx = openNotesLink(() => {});
    tx.post(helloMessage());
    tx.post(stateMessage(state));
    await done;
    tx.close();
    expect(got).toEqual([helloMessage(), stateMessage(state)]);
  });
  it("name the lecture window they are from or for; a bare one is any lecture's", () => {
    const m = parseNotesMessage(structuredClone(keyMessage("]", false, "tab-1")));
    expect(m).toEqual(keyMessage("]", false, "tab-1"));
    expect(parseNotesMessage({ v: 1, type: "hello" })).toEqual(helloMessage(""));
    expect(sameLecture("tab-1", "tab-1")).toBe(true);
    expect(sameLecture("tab-1", "tab-2")).toBe(false);
    expect(sameLecture("", "tab-2")).toBe(true);
    expect(sameLecture("tab-1", "")).toBe(true);
  });
  it("the notes window shows the call, its note and the frame", () => {
    const html = renderToStaticMarkup(<SpeakerNotesView state={state} />);
    expect(html).toContain("Frame 3 / 10");
    expect(html).toContain("Nothing moves yet");
    expect(html).toContain("MPOL_MF_MOVE|MPOL_MF_LAZY");
    expect(renderToStaticMarkup(<SpeakerNotesView state={null} />)).toContain("Waiting");
    expect(notesWindowUrl("https://h/app/?x=1#s=abc", "t1")).toBe("https://h/app/?notes=t1");
  });
});
