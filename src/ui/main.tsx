import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { store } from "./app.ts";
import { startUrlSync } from "./urlSync.ts";
import "./app.css";

// Start the worker before React renders, so the scenario (the address's, or the seed's) runs while
// the page paints.
startUrlSync(store);

// `?bench`: expose the store and flushSync so e2e/bench scripts can time one step synchronously.
if (new URLSearchParams(location.search).has("bench")) {
  Object.assign(window, { __lab: { store, flushSync } });
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
