/**
 * Both themes in real Chromium: every control that shows text (buttons, pickers, fields, the
 * radio labels of the kernel switch and the System call form) is readable, its text at least
 * 4.5:1 against what is behind it (WCAG AA), with the share row and the editor open too. A dark
 * theme that leaves a white button with white text fails here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab();

/**
 * In the page (a string, so nothing is transpiled): the controls whose text is under 4.5:1,
 * as "text: ratio". The background is the first opaque one found going up (translucent ones
 * are blended over it); disabled controls are exempt, as WCAG allows.
 */
const UNREADABLE = `(() => {
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return out;
  };
  const out = [];
  for (const el of document.querySelectorAll("button, select, input, label, summary")) {
    if (el.disabled || el.closest("[hidden], [inert]")) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    const text = (el.tagName === "INPUT" ? el.value || el.placeholder : el.textContent || "").trim();
    if (!text || el.type === "radio" || el.type === "checkbox") continue;
    const fg = rgba(style.color);
    const bg = behind(el);
    const ink = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [a, b] = [lum(ink), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) out.push(text.slice(0, 30) + ": " + ratio.toFixed(2));
  }
  return out;
})()`;

describe("themes", () => {
  it("every control's text is readable in the light and the dark theme", async () => {
    // ?bench: the store is reachable, to refuse a load (the banner and its Restart button).
    const { page, problems } = await openApp(lab.browser, `${lab.site.url}?bench`);
    const stepper = new Stepper(page);
    await stepper.ready();
    for (let i = 0; i < 4; i++) await page.keyboard.press("]");
    const share = page.getByRole("button", { name: "Share", exact: true });
    const edit = page.getByRole("button", { name: "Edit scenario" });
    for (const theme of ["light", "dark"]) {
      if (theme === "dark") await page.getByRole("button", { name: "Dark theme" }).click();
      assert.equal(
        await page.evaluate(() => document.documentElement.dataset.theme ?? "light"),
        theme,
      );
      assert.deepEqual(await page.evaluate(UNREADABLE), [], `${theme} theme`);
      // The share row and the editor open: their own buttons, and the two buttons pressed.
      await share.click();
      await edit.click();
      await page.locator(".cm-content").waitFor({ timeout: 15_000 });
      assert.deepEqual(
        await page.evaluate(UNREADABLE),
        [],
        `${theme} theme, share and editor open`,
      );
      await share.click();
      await edit.click();
      await page.evaluate(() =>
        (
          window as unknown as { __lab: { store: { getState(): { load(s: unknown): void } } } }
        ).__lab.store
          .getState()
          .load({ version: 2 }),
      );
      await page.getByRole("button", { name: "Restart" }).waitFor();
      assert.deepEqual(await page.evaluate(UNREADABLE), [], `${theme} theme, a load refused`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});
