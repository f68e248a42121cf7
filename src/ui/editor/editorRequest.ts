/**
 * A text to open in the scenario editor, asked for from outside it (the alert of a link whose
 * scenario failed validation): the app opens the editor, which takes the text as an edit not run
 * yet, its errors marked. Apart from the editor itself, which is loaded only when first opened.
 */
import { createStore } from "zustand/vanilla";

export const editorRequest = createStore<{ text: string | null; seq: number }>()(() => ({
  text: null,
  seq: 0,
}));

/** Open the editor with `text` in it. */
export function openInEditor(text: string): void {
  editorRequest.setState((s) => ({ text, seq: s.seq + 1 }));
}
