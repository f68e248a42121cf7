/**
 * The Share button: a text field named `Share URL` holding the address of what is on screen
 * (scenario, frame, selection; see src/scenario/share.ts) and a button that copies it.
 */
import { useId, useRef, useState } from "react";
import {
  selectCur,
  selectPhase,
  selectScenario,
  selectSelectedPfn,
  selectSelectedPte,
  useApp,
} from "./app.ts";
import { currentFragment } from "./urlSync.ts";
import "./share.css";

function useShareUrl(): string {
  // Re-render on whatever the link holds.
  useApp(selectCur);
  useApp(selectScenario);
  useApp(selectSelectedPfn);
  useApp(selectSelectedPte);
  useApp(selectPhase);
  const fragment = currentFragment();
  const base = `${location.origin}${location.pathname}${location.search}`;
  return fragment === null ? base : `${base}#${fragment}`;
}

function ShareBox() {
  const url = useShareUrl();
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
        aria-label="Share URL"
        value={url}
        onFocus={(e) => e.currentTarget.select()}
        size={Math.min(60, url.length)}
      />
      <button type="button" onClick={copy}>
        Copy
      </button>
      <output className="small">
        {copied} {url.length.toLocaleString("en")} characters
      </output>
    </div>
  );
}

export function SharePanel() {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the box from any part of it
    <div
      className="share"
      onKeyDown={(e) => {
        if (e.key === "Escape") setOpen(false);
      }}
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        title="A link to this scenario, frame and selection"
      >
        Share
      </button>
      {open && (
        <div id={id} className="share-pop">
          <ShareBox />
        </div>
      )}
    </div>
  );
}
