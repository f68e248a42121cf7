/**
 * Export in real Chromium, where a lecturer's other actions meet it: keys pressed while an
 * animation records do not move its frames; the menu stays on the screen after an export; the
 * handout waits for a run that is still loading.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { servedLab } from "./fixtures/lab.ts";
import { until } from "./fixtures/until.ts";
import { openAtStart } from "./pages/navigation.ts";

const lab = servedLab("/");

const download = (page: Page, name: string) =>
  Promise.all([
    page.waitForEvent("download", { timeout: 120_000 }),
    page.getByRole("button", { name, exact: true }).click(),
  ]);

describe("export guards", () => {
  it("a key pressed while a GIF records moves nothing; the menu stays inside a 1280 px screen", async () => {
    const { page, stepper, problems } = await openAtStart(lab, { width: 1280, height: 720 });
    await page.keyboard.type("54");
    await page.keyboard.press("Enter");
    await until(
      () => stepper.position(),
      (p) => p.i === 54,
      "at frame 54",
    );
    await page.getByText("Export", { exact: true }).click();
    const recorded = download(page, "Export GIF");
    await page.getByText(/^Recording frame/).waitFor({ timeout: 30_000 });
    // End would go to the last frame: while recording, the recorder alone moves the frame.
    await page.keyboard.press("End");
    // Nor does a click: Next frame, or the other kernel, would move the run under the recorder.
    // (force: past Playwright's own wait for a control that takes the pointer.)
    await page.getByRole("button", { name: "Next frame" }).click({ force: true });
    await page.getByRole("radio", { name: /^Linux 6\.1/ }).click({ force: true });
    // Read at every animation frame for 0.4 s (a string: tsx would name an inner function).
    const seen = (await page.evaluate(`new Promise((ok) => {
      const out = [];
      const t0 = performance.now();
      const look = () => {
        out.push(document.querySelector('[aria-label="Frame position"]')?.textContent ?? "");
        if (performance.now() - t0 < 400) requestAnimationFrame(look);
        else ok(out);
      };
      look();
    })`)) as string[];
    const total = (await stepper.position()).n;
    assert.ok(!seen.some((t) => t === `Frame ${total} / ${total}`), seen.join(", "));
    const [file] = await recorded;
    await until(
      () => stepper.position(),
      (p) => p.i === 54,
      "back at frame 54",
    );
    // Still the RFC kernel's run, whose frames the GIF holds.
    assert.match(file.suggestedFilename(), /frames-/);
    assert.equal(await page.locator(".run-kernel").textContent(), "RFC 2012");
    // The status names a long file: the menu wraps it rather than growing past the screen.
    const right = await page
      .locator(".export-pop")
      .evaluate((el) => el.getBoundingClientRect().right);
    assert.ok(right <= 1280, `the menu ends at x ${right}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 1280));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("the handout waits for a run still loading", async () => {
    const { page } = await openAtStart(lab);
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("million-frames");
    await page.getByText("Export", { exact: true }).click();
    const handout = page.getByRole("button", { name: "Export handout", exact: true });
    assert.ok(await handout.isDisabled(), "disabled while the million frames come");
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLButtonElement>(".export-buttons button")].some(
          (b) => b.textContent === "Export handout" && !b.disabled,
        ),
      null,
      { timeout: 180_000, polling: 250 },
    );
    await page.close();
  });
});
