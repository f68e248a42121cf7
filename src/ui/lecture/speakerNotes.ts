/**
 * Speaker notes in a second window, kept in step with the projector over a BroadcastChannel.
 * The message format is checked on arrival: another tab of another version of the app may share
 * the channel, and a malformed message must not blank the notes.
 */

export const NOTES_CHANNEL = "numa-lab.speaker-notes";
const VERSION = 1;

/** What the notes window shows: where the lecture is, the call and its note, the frame's sentence. */
export interface NotesState {
  readonly title: string;
  readonly frame: number;
  readonly frames: number;
  /** The system call being shown, as text (handout's callText), or "" before the first. */
  readonly call: string;
  /** The scenario's lecture note for that call, or "". */
  readonly note: string;
  /** The current frame's narration. */
  readonly narration: string;
  /** The frame's kernel function and file ("try_to_unmap · mm/rmap.c"), or "". */
  readonly fn: string;
  /** The frame's phase as the stepper names it ("mbind · unmap"), or "". */
  readonly phase: string;
  /** The lecture window's theme, which the notes window takes. */
  readonly theme: "light" | "dark";
}

/**
 * Every message names the lecture window it is from or for (`lecture`, its id): with two tabs of
 * the app open (a student link opened to check it), a notes window follows, and steps, only the
 * one that opened it. "" is any lecture window: a notes window opened by hand with a bare
 * `?notes`, or a sender of an earlier version 1.
 */
export type NotesMessage = { readonly v: typeof VERSION; readonly lecture: string } & (
  | { readonly type: "state"; readonly state: NotesState }
  /** Sent by a notes window when it opens, so the projector answers with the current state. */
  | { readonly type: "hello" }
  /** Sent by a notes window as it closes: with none left open, the projector stops sending. */
  | { readonly type: "bye" }
  /** Sent by the projector's page as it goes (closed, or reloading): the notes say so. */
  | { readonly type: "gone" }
  /**
   * Sent by the projector's page as it starts (a reload of it, too): notes windows already open
   * answer hello, so they are not left showing a frame the lecture has left.
   */
  | { readonly type: "ask" }
  /**
   * A stepping key pressed in the notes window (where a clicker's keys go when it has focus on
   * the lecturer's screen), for the projector's page to act on as if pressed there.
   */
  | { readonly type: "key"; readonly key: string; readonly shift: boolean }
);

/** Whether a message naming lecture `a` concerns an end that belongs to lecture `b`. */
export const sameLecture = (a: string, b: string): boolean => a === "" || b === "" || a === b;

/** The keys the notes window passes on: stepping, playing, phases, the ends. */
export const NOTES_KEYS: ReadonlySet<string> = new Set([
  "ArrowRight",
  "ArrowLeft",
  "PageDown",
  "PageUp",
  " ",
  "Home",
  "End",
  "[",
  "]",
]);

export const stateMessage = (state: NotesState, lecture = ""): NotesMessage => ({
  v: VERSION,
  lecture,
  type: "state",
  state,
});
export const helloMessage = (lecture = ""): NotesMessage => ({
  v: VERSION,
  lecture,
  type: "hello",
});
export const byeMessage = (lecture = ""): NotesMessage => ({ v: VERSION, lecture, type: "bye" });
export const askMessage = (lecture = ""): NotesMessage => ({ v: VERSION, lecture, type: "ask" });
export const goneMessage = (lecture = ""): NotesMessage => ({ v: VERSION, lecture, type: "gone" });
export const keyMessage = (key: string, shift: boolean, lecture = ""): NotesMessage => ({
  v: VERSION,
  lecture,
  type: "key",
  key,
  shift,
});

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** The message, or null for anything this version does not understand. */
export function parseNotesMessage(raw: unknown): NotesMessage | null {
  if (!isRecord(raw) || raw.v !== VERSION) return null;
  const lecture = typeof raw.lecture === "string" ? raw.lecture : "";
  if (raw.type === "hello") return helloMessage(lecture);
  if (raw.type === "bye") return byeMessage(lecture);
  if (raw.type === "ask") return askMessage(lecture);
  if (raw.type === "gone") return goneMessage(lecture);
  if (raw.type === "key")
    return typeof raw.key === "string" && NOTES_KEYS.has(raw.key)
      ? keyMessage(raw.key, raw.shift === true, lecture)
      : null;
  if (raw.type !== "state" || !isRecord(raw.state)) return null;
  const s = raw.state;
  const str = (k: string) => (typeof s[k] === "string" ? (s[k] as string) : null);
  const int = (k: string) =>
    typeof s[k] === "number" && Number.isInteger(s[k]) && (s[k] as number) >= 0
      ? (s[k] as number)
      : null;
  const title = str("title");
  const call = str("call");
  const note = str("note");
  const narration = str("narration");
  const frame = int("frame");
  const frames = int("frames");
  if (title === null || call === null || note === null || narration === null) return null;
  if (frame === null || frames === null || frame > frames) return null;
  // Added later in version 1: a sender without them still gets its notes shown.
  const fn = str("fn") ?? "";
  const phase = str("phase") ?? "";
  const theme = s.theme === "dark" ? "dark" : "light";
  return stateMessage({ title, frame, frames, call, note, narration, fn, phase, theme }, lecture);
}

/** A channel end: post messages, receive the checked ones. Close it when done. */
export interface NotesLink {
  post(m: NotesMessage): void;
  close(): void;
}

export function openNotesLink(
  onMessage: (m: NotesMessage) => void,
  make: (name: string) => BroadcastChannel = (n) => new BroadcastChannel(n),
): NotesLink {
  const channel = make(NOTES_CHANNEL);
  channel.onmessage = (e: MessageEvent) => {
    const m = parseNotesMessage(e.data);
    if (m) onMessage(m);
  };
  return { post: (m) => channel.postMessage(m), close: () => channel.close() };
}
