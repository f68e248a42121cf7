import { StrictMode } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import { BUILTINS } from "../scenario/builtins.ts";
import { App } from "./App.tsx";
import { store } from "./app.ts";
import "./app.css";

// Start the worker before React renders, so the seed scenario runs while the page paints.
store.getState().load(BUILTINS[0]?.json);

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
