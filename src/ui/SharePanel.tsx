/**
 * The Share button: a text field named `Share URL` holding the address of what is on screen
 * (scenario, frame, selection; see src/scenario/share.ts) and a button that copies it.
 */
import { useRef, useState } from "react";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import {
  selectCur,
  selectPhase,
  selectScenario,
  selectSelectedPfn,
  selectSelectedPte,
  useApp,
} from "./app.ts";
import { currentFragment, tooLongToShare } from "./urlSync.ts";
import "./share.css";

/** The link to what is on screen now; the QR code encodes it too. */
export function useShareUrl(): { url: string; tooLong: boolean } {
  // Re-render on whatever the link holds.
  useApp(selectCur);
  useApp(selectScenario);
  useApp(selectSelectedPfn);
  useApp(selectSelectedPte);
  useApp(selectPhase);
  const fragment = currentFragment();
  const base = `${location.origin}${location.pathname}${location.search}`;
  return {
    url: fragment === null ? base : `${base}#${fragment}`,
    tooLong: fragment !== null && tooLongToShare(fragment),
  };
}

function ShareBox() {
  const { url, tooLong } = useShareUrl();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"" | "Copied" | "Press Ctrl+C to copy">("");
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied");
    } catch {
      // No clipboard permission (or not a secure context): the text is selected for the user.
      setCopied("Press Ctrl+C to copy");
    }
  };
  return (
    <div className="share-box">
      <input
        ref={input}
        type="text"
        readOnly
        // Opened, the link is selected and ready to copy (Ctrl+C): the field was 25 Tab presses
        // from the button that opened it.
        // biome-ignore lint/a11y/noAutofocus: the box opens at the user's request, to be copied
        autoFocus
        aria-label="Share URL"
        value={url}
        onFocus={(e) => e.currentTarget.select()}
        size={Math.min(60, url.length)}
      />
      <button type="button" onClick={copy}>
        Copy
      </button>
      <output className="small">
        {tooLong
          ? "Too large for a link (it would be refused when opened): use Edit scenario, Export."
          : `${copied} ${url.length.toLocaleString("en")} characters`}
      </output>
    </div>
  );
}

const BOX_ID = "share-box";
/** Whether the Share box is open: the button is in the toolbar, the box in a row below it. */
const shareOpen = createStore<{ open: boolean }>()(() => ({ open: false }));
const setOpen = (open: boolean) => shareOpen.setState({ open });
const BUTTON_ID = "share-btn";
/** Closed from inside (Esc, ✕), the box hands the focus back to the Share button. */
function close(): void {
  const inside = document.getElementById(BOX_ID)?.contains(document.activeElement);
  setOpen(false);
  if (inside) document.getElementById(BUTTON_ID)?.focus();
}

export function ShareButton() {
  const open = useStore(shareOpen, (s) => s.open);
  return (
    <button
      type="button"
      id={BUTTON_ID}
      className="share-btn"
      aria-expanded={open}
      aria-controls={BOX_ID}
      onClick={() => setOpen(!open)}
      title="A link to this scenario, frame and selection"
    >
      Share
    </button>
  );
}

/** The open Share box, in the page's flow (it covers nothing); Escape or ✕ closes it. */
export function SharePanel() {
  const open = useStore(shareOpen, (s) => s.open);
  if (!open) return null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the box from any part of it
    <div
      id={BOX_ID}
      className="share-row"
      onKeyDown={(e) => {
        if (e.key === "Escape") close();
      }}
    >
      <ShareBox />
      <button type="button" onClick={close} aria-label="Close the Share box">
        ✕
      </button>
    </div>
  );
}
