/**
 * What an accessibility review found in real Chromium, each failing on the build before: play
 * silenced the live regions it would flood; a header that is not sticky gives no scroll padding
 * (at 200% zoom focused controls could not be scrolled into view); the dark theme's counter
 * deltas are readable; the Source listing is a Tab stop; the editor says its check in a status;
 * the compare view takes the focus at its heading, inside a main landmark; the one-character keys
 * can be turned off (WCAG 2.1.4).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { servedLab } from "./fixtures/lab.ts";
import { ScenarioEditor } from "./pages/share.ts";
import { openStepping, Stepper } from "./pages/stepper.ts";

const lab = servedLab();
const open = () => openStepping(lab.browser, lab.site.url);

/** In the page: the contrast of an element's text against the first opaque background behind it. */
const CONTRAST = `((el) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  let bg = null;
  for (let e = el; e && !bg; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || c[3] === 1) bg = c;
  }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg || [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})`;

describe("accessibility", () => {
  it("play silences the frame, phase and narration live regions, and pause gives them back", async () => {
    const { page, problems } = await open();
    const live = () =>
      page.evaluate(() =>
        ['[aria-label="Frame position"]', '[aria-label="Phase"]', ".trace .narration"].map((sel) =>
          document.querySelector(sel)?.getAttribute("aria-live"),
        ),
      );
    assert.deepEqual(await live(), ["polite", "polite", "polite"]);
    await page.getByRole("button", { name: "Play" }).click();
    assert.deepEqual(await live(), ["off", "off", "off"]);
    await page.getByRole("button", { name: "Pause" }).click();
    assert.deepEqual(await live(), ["polite", "polite", "polite"]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("at 200% zoom (the narrow layout) a focused control is scrolled into view", async () => {
    const page = await lab.browser.newPage({
      viewport: { width: 640, height: 360 },
      deviceScaleFactor: 2,
    });
    await page.goto(lab.site.url);
    await new Stepper(page).ready();
    for (let i = 0; i < 40; i++) await page.keyboard.press("Tab");
    const seen = await page.evaluate(() => {
      const r = document.activeElement?.getBoundingClientRect();
      return {
        padding: document.documentElement.style.scrollPaddingTop,
        inView: !!r && r.bottom > 0 && r.top < innerHeight,
      };
    });
    assert.equal(seen.padding, "", "no header-height padding when the header scrolls away");
    assert.equal(seen.inView, true);
    // The phase label wraps rather than cutting its words off.
    await page.keyboard.press("End");
    const phase = page.locator(".phase-nav .phase");
    await page.waitForFunction(
      () => document.querySelector(".phase-nav .phase")?.textContent !== "",
    );
    const [scroll, client] = await phase.evaluate((e) => [e.scrollWidth, e.clientWidth]);
    assert.ok((scroll ?? 0) <= (client ?? 0), `phase cut: ${scroll} > ${client}`);
    await page.close();
  });

  it("keeps the dark theme's counter deltas readable (4.5:1)", async () => {
    const { page, stepper } = await open();
    await page.keyboard.press("t");
    // A first touch changes counters (pgfault, nr_anon_pages): their rows show "+1".
    for (let i = 0; i < 3; i++) await stepper.next();
    const delta = page.locator(".counters .delta", { hasText: /[+−-]\d/ }).first();
    await delta.scrollIntoViewIfNeeded();
    await delta.waitFor({ timeout: 10_000 });
    const ratio = await delta.evaluate((el, f) => new Function(`return ${f}`)()(el), CONTRAST);
    assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)}:1`);
    await page.close();
  });

  it("lets the keyboard reach and scroll the Source listing", async () => {
    const { page, stepper } = await open();
    await stepper.toEnd();
    const listing = page.getByRole("region", { name: /^Listing of src\/kernel\// });
    await listing.waitFor({ timeout: 15_000 });
    assert.equal(await listing.getAttribute("tabindex"), "0");
    await page.close();
  });

  it("says the editor's check in a status: the error count, then that it is gone", async () => {
    const { page } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const status = editor.root.getByRole("status");
    const text = await editor.text();
    await editor.setText(text.replace('"MPOL_MF_LAZY"', '"MPOL_MF_LAZZY"'));
    await page.waitForFunction(() =>
      /^1 error, Run is off: steps\[2\]/.test(
        document.querySelector(".editor [role=status]")?.textContent ?? "",
      ),
    );
    await editor.setText(text);
    assert.equal(await status.textContent(), "No errors: Run is on.");
    await page.close();
  });

  it("the compare view takes the focus at its heading, inside a main landmark, with no id twice", async () => {
    const { page } = await open();
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await page.getByRole("heading", { name: "Compare two runs" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === "Compare two runs");
    assert.equal(await page.getByRole("main").count(), 1);
    // The same panels twice, each side's ids its own (aria-labelledby named B's after A's).
    await page.getByRole("table", { name: "Compared counters" }).waitFor({ timeout: 30_000 });
    const twice = await page.evaluate(() => {
      const seen = new Map<string, number>();
      for (const el of document.querySelectorAll("[id]"))
        seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
      return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    });
    assert.deepEqual(twice, []);
    // Each chart's line said in words: where the two runs end.
    const charts = page.getByRole("table", { name: "Compared counters" });
    assert.match(
      (await charts.locator("tbody td.chart-cell").first().textContent()) ?? "",
      /^By the end: A \d+, B \d+$/,
    );
    await page.keyboard.press("Escape");
    await page.close();
  });

  it("turns the one-character keys off from the ? dialog, leaving the arrows", async () => {
    const { page, stepper, problems } = await open();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? "");
    const box = page.getByRole("checkbox", { name: /^One-character keys/ });
    const keys = async () => {
      await page.getByRole("button", { name: "Keys" }).click();
      await box.waitFor();
    };
    await keys();
    await box.uncheck();
    await page.keyboard.press("Escape");
    const before = await theme();
    await page.keyboard.press("t");
    await page.keyboard.press("k");
    assert.equal(await theme(), before, "t changes no theme");
    await page.keyboard.press("ArrowRight");
    assert.equal((await stepper.position()).i, 1, "→ still steps");
    // Kept for the next page of this browser; turned on again so the other tests have it.
    await page.reload();
    await stepper.ready();
    await keys();
    assert.equal(await box.isChecked(), false);
    await box.check();
    await page.keyboard.press("Escape");
    await page.keyboard.press("t");
    assert.notEqual(await theme(), before);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("selects a page frame typed by number (the keyboard's way past canvas grids)", async () => {
    const { page, stepper, problems } = await open();
    await stepper.toEnd();
    const box = page.getByRole("textbox", { name: "Select page frame" });
    await box.fill("999999");
    await box.press("Enter");
    await page.getByRole("alert").filter({ hasText: "no page frame 999999" }).waitFor();
    await box.fill("5");
    await box.press("Enter");
    await page.getByRole("definition").first().waitFor();
    assert.equal(await page.locator('dl[aria-label="struct page of pfn 5"]').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
