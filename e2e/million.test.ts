/**
 * The million-frame run in real Chromium: it loads, seeks to its end and back, and shows the same
 * panel contents at a frame however that frame was reached. Slow by nature (the model produces a
 * million frames first), so it has a file of its own.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { Navigation } from "./pages/navigation.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab("/");

/** What the panels say: node facts, LRU and swap summaries, counters, the narration. */
async function panels(page: Page): Promise<string[]> {
  // Panels out of view draw the frame in the browser's next idle moment (src/ui/whenSeen.ts).
  await new Stepper(page).drawn();
  const regions = ["Counters", "Swap cache", "LRU lists", "Kernel trace"];
  const out: string[] = [];
  for (let n = 0; n < 8; n++) {
    out.push((await page.getByRole("region", { name: `NUMA node ${n}` }).textContent()) ?? "");
  }
  for (const r of regions) {
    const text = (await page.getByRole("region", { name: r }).textContent()) ?? "";
    // The trace list scrolls with the frame: compare its narration, not which rows are drawn.
    out.push(r === "Kernel trace" ? text.slice(0, 400) : text);
  }
  return out;
}

describe("a million frames", () => {
  it("loads, seeks to the end and back, and shows the same panels at the same frame", async () => {
    const { page, problems } = await openApp(lab.browser, `${lab.site.url}?bench`);
    const stepper = new Stepper(page);
    const nav = new Navigation(page);
    await stepper.ready();
    // Where "Next frame" is, at every animation frame of the load: the counter beside it makes
    // room for the run's end from the first steps on, not a digit at a time.
    await page.evaluate(`(() => {
      const next = [...document.querySelectorAll(".stepper button")].find((b) => b.textContent.startsWith("Next frame"));
      window.nextAt = new Set();
      const sample = () => { window.nextAt.add(Math.round(next.getBoundingClientRect().left)); if (!window.nextAtDone) requestAnimationFrame(sample); };
      sample();
    })()`);
    // Chosen as a lecturer does, in the Scenario picker.
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("million-frames");
    // A frame visited while the run loads: its row stays in the trace list as the list grows
    // (past 8 M px its scale changes with every batch).
    await page.waitForFunction(
      () => Number(/Frame \d+ \/ (\d+)/.exec(document.body.textContent ?? "")?.[1]) > 60_000,
      null,
      { timeout: 300_000, polling: 100 },
    );
    await nav.gotoFrame(50_000);
    await page.waitForFunction(
      () => {
        const m = /Frame (\d+) \/ (\d+)/.exec(document.body.textContent ?? "");
        return m !== null && Number(m[2]) > 1_000_000 && !document.querySelector(".running");
      },
      null,
      { timeout: 900_000, polling: 1000 },
    );
    const visited = page.locator(".trace-list li[aria-current='step'] .fno");
    await visited.waitFor();
    assert.equal(await visited.textContent(), "50000");
    assert.ok(await visited.isVisible());
    const placesOfNext = await page.evaluate<number>(
      `(window.nextAtDone = true, window.nextAt.size)`,
    );
    // Before the load, and from the first steps' report on.
    assert.ok(placesOfNext <= 2, `"Next frame" moved to ${placesOfNext} places during the load`);
    const { n } = await stepper.position();
    const mid = Math.floor(n / 2) + 123;
    await nav.gotoFrame(mid);
    await page.waitForFunction((f) => document.body.textContent?.includes(`Frame ${f} /`), mid);
    const before = await panels(page);
    await page.keyboard.press("End");
    await page.waitForFunction((t) => document.body.textContent?.includes(`Frame ${t} / ${t}`), n);
    const atEnd = await panels(page);
    assert.notDeepEqual(atEnd, before);
    await page.keyboard.press("Home");
    await page.waitForFunction(() => document.body.textContent?.includes("Frame 0 /"));
    await nav.gotoFrame(mid);
    await page.waitForFunction((f) => document.body.textContent?.includes(`Frame ${f} /`), mid);
    assert.deepEqual(await panels(page), before);
    // The trace list reaches the last frame's row (no layout limit). The seek may wait for the
    // worker (the end's batch need not be kept here): the row is read once the frame is shown.
    await page.keyboard.press("End");
    await page.waitForFunction((t) => document.body.textContent?.includes(`Frame ${t} / ${t}`), n);
    const last = page.locator(".trace-list li[aria-current='step'] .fno");
    await last.waitFor();
    assert.equal(await last.textContent(), String(n));
    assert.deepEqual(problems, []);
    await page.close();
  });
});
