import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { largeMachineScenario } from "../scenario/builtins.ts";
import { App } from "./App.tsx";
import { createRun, RunContext } from "./app.ts";
import { keepCallsAcrossReloads, tabStorage } from "./callsKept.ts";
import { SpeakerNotesWindow } from "./lecture/SpeakerNotes.tsx";
import { landOnLinkedFrame } from "./phoneLanding.ts";
import { startUrlSync } from "./urlSync.ts";
import { flushHidden } from "./whenSeen.ts";
import "./app.css";

// `?notes`: this window is the lecturer's speaker notes, kept in step by the lecture window.
const speakerNotes = new URLSearchParams(location.search).has("notes");

// The run on screen. Start its worker before React renders, so the scenario (the address's, or the
// seed's) runs while the page paints.
const store = createRun();
if (!speakerNotes) {
  keepCallsAcrossReloads(store, tabStorage());
  startUrlSync(store, tabStorage());
  landOnLinkedFrame(store);
}

// `?bench`: expose the store and flushSync so e2e/bench scripts can time one step synchronously,
// the million-frame run (the large machine with 11 rounds: no lesson, a scale test), and a seek
// that resolves once the store shows its frame (at once when the frame's batch is kept here, else
// when the worker's answer lands), and `flushHidden`, which draws now what hidden panels put off.
if (new URLSearchParams(location.search).has("bench")) {
  const loadMillion = () => store.getState().load(largeMachineScenario({ rounds: 11 }));
  const landOn = (to: number) =>
    new Promise<void>((shown) => {
      if (store.getState().cur === to) return shown();
      const off = store.subscribe((now) => {
        if (now.cur !== to) return;
        off();
        shown();
      });
      store.getState().goto(to);
    });
  Object.assign(window, { __lab: { store, flushSync, loadMillion, landOn, flushHidden } });
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      {speakerNotes ? (
        <SpeakerNotesWindow />
      ) : (
        <RunContext.Provider value={store}>
          <App />
        </RunContext.Provider>
      )}
    </StrictMode>,
  );
}
