/**
 * Whether the app's one-character keys (letters, digits, punctuation: t, p, f, k, g, 0-9, [ ] . ,
 * + - ? /) are on. A speech-input user, or a screen reader in focus mode, sends such characters
 * without meaning a command, so they can be turned off in the `?` dialog (WCAG 2.1.4, Character
 * Key Shortcuts); the arrows, Page Up / Down, Home, End, Space and Esc stay. Kept per browser.
 */
const STORAGE_KEY = "numa-lab.character-keys";

function stored(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) !== "off";
  } catch {
    return true; // storage refused (a sandboxed frame): the keys stay on
  }
}

let on = stored();

// Another window of the lab (the speaker notes, a second tab) changed it: follow.
globalThis.addEventListener?.("storage", (e: StorageEvent) => {
  if (e.key === STORAGE_KEY) on = e.newValue !== "off";
});

export function characterKeysOn(): boolean {
  return on;
}

export function setCharacterKeys(value: boolean): void {
  on = value;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, value ? "on" : "off");
  } catch {
    // Not kept past this page; it still holds for now.
  }
}

/** A key press the setting turns off: one printable character other than Space, no modifier. */
export function characterKeyOff(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}): boolean {
  return !on && e.key.length === 1 && e.key !== " " && !e.ctrlKey && !e.metaKey && !e.altKey;
}
