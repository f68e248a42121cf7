/**
 * A run the user has left is freed: nothing on the page keeps its timeline once another run has
 * replaced it. A panel's long-lived closure once kept the one it first drew (34 MiB after the
 * large machine), so the million-frame run's page measured 118 MiB where 84 were its own.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { drawn } from "./pages/panels.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab("/");

interface Hook {
  __lab: { store: { getState(): { timeline: object | null; running: boolean } } };
  __left: WeakRef<object>[];
}

/**
 * Remember the run on screen weakly (a reference the page's own code cannot keep alive), choose a
 * new run with `choose`, and wait until it has replaced that one and loaded.
 */
async function leaveFor(page: Page, choose: (page: Page) => Promise<void>): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Hook;
    const tl = w.__lab.store.getState().timeline;
    if (!tl) throw new Error("no run on screen");
    w.__left ??= [];
    w.__left.push(new WeakRef(tl));
  });
  await choose(page);
  await page.waitForFunction(
    () => {
      const w = window as unknown as Hook;
      const s = w.__lab.store.getState();
      return s.timeline !== null && !s.running && s.timeline !== w.__left.at(-1)?.deref();
    },
    null,
    { timeout: 60_000 },
  );
}

describe("memory", () => {
  it("frees the timelines of the runs left behind", async () => {
    const { page, problems } = await openApp(lab.browser, `${lab.site.url}?bench`);
    await new Stepper(page).ready();
    // Lessons of each group, so the picker replaces the run on screen several times over.
    const lessons = ["lecture-4-node", "eager-move", "interleave", "swap-full"];
    const picker = page.getByRole("combobox", { name: /^Scenario/ });
    for (const id of lessons) await leaveFor(page, () => picker.selectOption(id).then(() => {}));
    // The last lesson under the other kernel, and back under its own.
    for (const kernel of [/Linux 6\.1/, /RFC 2012/]) {
      await leaveFor(page, () => page.getByRole("radio", { name: kernel }).check());
    }
    // Panels out of view hold the state they last drew (the run before) until their idle draw.
    await drawn(page);
    const cdp = await page.context().newCDPSession(page);
    // Twice, with a pause: a collection can leave finalisation to the next one.
    await cdp.send("HeapProfiler.collectGarbage");
    await page.waitForTimeout(200);
    await cdp.send("HeapProfiler.collectGarbage");
    const alive = await page.evaluate(() =>
      (window as unknown as Hook).__left.map((r) => r.deref() !== undefined),
    );
    // Each run left behind: the opening lesson, each lesson chosen, then swap-full under 6.1.
    const left = ["the opening lesson", ...lessons, "swap-full on Linux 6.1"];
    assert.deepEqual(
      alive,
      left.map(() => false),
      `runs left behind and still alive: ${left.filter((_, i) => alive[i]).join(", ")}`,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
});
