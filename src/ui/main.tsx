import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { largeMachineScenario } from "../scenario/builtins.ts";
import { App } from "./App.tsx";
import { createRun, RunContext } from "./app.ts";
import { keepCallsAcrossReloads, tabStorage } from "./callsKept.ts";
import { SpeakerNotesWindow } from "./lecture/SpeakerNotes.tsx";
import { startUrlSync } from "./urlSync.ts";
import "./app.css";

// `?notes`: this window is the lecturer's speaker notes, kept in step by the lecture window.
const speakerNotes = new URLSearchParams(location.search).has("notes");

// The run on screen. Start its worker before React renders, so the scenario (the address's, or the
// seed's) runs while the page paints.
const store = createRun();
if (!speakerNotes) {
  keepCallsAcrossReloads(store, tabStorage());
  startUrlSync(store);
}

// `?bench`: expose the store and flushSync so e2e/bench scripts can time one step synchronously,
// and the million-frame run (the large machine with 11 rounds: no lesson, a scale test).
if (new URLSearchParams(location.search).has("bench")) {
  const loadMillion = () => store.getState().load(largeMachineScenario({ rounds: 11 }));
  Object.assign(window, { __lab: { store, flushSync, loadMillion } });
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
