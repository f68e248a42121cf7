/**
 * The compare view in real Chromium: opened with `Compare` from the scenario on screen, both runs
 * shown and lined up by system call and phase, with their counters; the other variations; keys.
 * SHOTS=dir saves screenshots at 1920x1080 and 1280x720 (to look at; not committed).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { CompareView } from "./pages/compare.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab();
const shots = process.env.SHOTS;

async function openCompare(size = { width: 1920, height: 1080 }) {
  const opened = await openApp(lab.browser, lab.site.url, size);
  await new Stepper(opened.page).ready();
  const compare = new CompareView(opened.page);
  await compare.open();
  return { ...opened, compare };
}

describe("compare view", () => {
  it("shows both runs lined up by call and phase, with their counters, and steps them together", async () => {
    const { page, problems, compare } = await openCompare();
    // The seed lesson is lazy; run B drops MPOL_MF_LAZY (the default variation).
    await page.getByRole("region", { name: "A MPOL_MF_MOVE|MPOL_MF_LAZY" }).waitFor();
    await page.getByRole("region", { name: "B MPOL_MF_MOVE" }).waitFor();
    // The header names the lesson both runs come from.
    await page
      .locator(".compare-lesson", { hasText: /^Workers pull their pages local$/ })
      .waitFor();
    for (const name of ["A", "B"] as const)
      await compare.run(name).getByRole("region", { name: "NUMA node 0", exact: true }).waitFor();

    // Shift+→ three times: the start of the third call (the mbind) in both runs, different frames.
    await page.keyboard.press("Home");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowRight");
    await page.getByText(/^step 2 \(mbind\)/).waitFor();
    const [fa, fb] = [await compare.frame("A"), await compare.frame("B")];
    assert.ok(fa > 0 && fa === fb, `the runs differ only after the mbind starts: ${fa}, ${fb}`);
    await page.keyboard.press("Shift+ArrowRight");
    await page.getByText(/^step 3 \(touch\)/).waitFor();
    const [ga, gb] = [await compare.frame("A"), await compare.frame("B")];
    assert.notEqual(ga, gb, "after the lazy and the eager mbind the frame numbers differ");
    // Next position moves both runs (or holds one that has no such phase).
    await page.getByRole("button", { name: "Next position" }).click();
    assert.ok((await compare.frame("A")) + (await compare.frame("B")) > ga + gb);

    // At the end: lazy pulled the workers' pages local; eager copied at mbind and left them remote.
    await page.keyboard.press("End");
    await compare.atEnd();
    const [remoteA, remoteB] = await compare.counter("remote accesses");
    assert.equal(remoteA, 0);
    assert.ok(remoteB > 0, `eager run's remote accesses: ${remoteB}`);
    const [migA, migB] = await compare.counter("pages migrated");
    assert.ok(migA > 0 && migB > 0);
    const [swapA, swapB] = await compare.counter("swap slots used");
    assert.ok(swapA > 0 && swapB === 0, `swap slots: lazy ${swapA}, eager ${swapB}`);
    if (shots) {
      await page.keyboard.press("Home");
      for (let i = 0; i < 4; i++) await page.keyboard.press("Shift+ArrowRight");
      for (let i = 0; i < 5; i++) await page.keyboard.press("]");
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${shots}/compare-1920.png` });
    }
    assert.deepEqual(problems, []);
  });

  it("keeps both runs' node grids still while stepping on: a shorter sentence does not pull them up", async () => {
    const { page, problems, compare } = await openCompare({ width: 1280, height: 720 });
    await compare.charts().waitFor({ timeout: 30_000 });
    await page.keyboard.press("p");
    await page.keyboard.press("Home");
    const tops: number[] = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press("ArrowRight");
      tops.push(
        await page.evaluate(
          () => document.querySelector(".compare-run .nodes")?.getBoundingClientRect().top ?? 0,
        ),
      );
    }
    const up = tops.flatMap((t, i) => (i > 0 && t < (tops[i - 1] as number) - 0.5 ? [i] : []));
    assert.deepEqual(up, [], `the grids moved up at steps ${up.join(", ")}`);
    assert.deepEqual(problems, []);
  });

  it("varies the kernel or the policy; Close returns to the run", async () => {
    const { page, problems, compare } = await openCompare({ width: 1280, height: 720 });
    // In presentation every text on screen is at least 14px, the charts' included.
    await page.keyboard.press("p");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.presentation), "on");
    const small = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>("body *")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue;
        const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent?.trim());
        if (own && Number.parseFloat(getComputedStyle(el).fontSize) < 14)
          out.push(`${el.tagName}.${el.className}: ${getComputedStyle(el).fontSize}`);
      }
      return out;
    });
    assert.deepEqual(small, []);
    if (shots) {
      await page.keyboard.press("End");
      for (let i = 0; i < 6; i++) await page.keyboard.press("[");
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${shots}/compare-1280.png` });
    }
    // Both pictures on the projector: each run's narration and the top of its node grids in view
    // (the charts follow them), and the variation picker, an editing control, hidden.
    const tops = await page.evaluate(() =>
      [".compare-narration", ".compare-run .nodes"].flatMap((sel) =>
        [...document.querySelectorAll(sel)].map((el) => {
          const r = el.getBoundingClientRect();
          return { sel, top: r.top, bottom: r.bottom };
        }),
      ),
    );
    assert.equal(tops.length, 4);
    for (const t of tops) assert.ok(t.top + 120 < 720, `${t.sel} starts at ${t.top}`);
    for (const t of tops.filter((x) => x.sel === ".compare-narration"))
      assert.ok(t.bottom <= 720, `narration ends at ${t.bottom}`);
    assert.equal(await page.getByRole("group", { name: "Run B varies" }).isVisible(), false);
    // Off the projector the picker is back: chosen with the mouse, then the arrow keys step the
    // runs, not the choice.
    await page.keyboard.press("p");
    await page.getByText("the other kernel", { exact: true }).click();
    await page.getByRole("heading", { name: /B Linux 6\.1/ }).waitFor({ timeout: 30_000 });
    await compare.charts().waitFor({ timeout: 30_000 });
    const before = await compare.frame("A");
    await page.keyboard.press("End");
    await page.waitForFunction(
      (was) => {
        const t = document.querySelector('[aria-label="Run A frame"]')?.textContent ?? "";
        return Number(/Frame (\d+)/.exec(t)?.[1]) > was;
      },
      before,
      { timeout: 10_000 },
    );
    assert.ok(await page.getByRole("radio", { name: "the other kernel" }).isChecked());
    await page.getByRole("radio", { name: "another policy mode" }).check();
    await page
      .getByRole("combobox", { name: "Run B's policy mode" })
      .selectOption("MPOL_INTERLEAVE");
    await page.getByRole("heading", { name: /B MPOL_INTERLEAVE/ }).waitFor({ timeout: 30_000 });
    await compare.charts().waitFor({ timeout: 30_000 });
    await page.keyboard.press("p");
    await page.getByRole("button", { name: "Close compare" }).click();
    await page.getByRole("button", { name: "Compare", exact: true }).waitFor();
    // The lecture stays in presentation mode after the comparison.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.presentation), "on");
    assert.deepEqual(problems, []);
  });
  it("leaves the header as it found it: the Compare button keeps its size once the view has loaded", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 1280,
      height: 720,
    });
    await new Stepper(page).ready();
    const button = page.getByRole("button", { name: "Compare", exact: true });
    const measure = () =>
      page.evaluate(() => ({
        header: document.querySelector("header.top")?.getBoundingClientRect().height,
        button: document.querySelector(".compare-btn")?.getBoundingClientRect().toJSON(),
      }));
    const before = await measure();
    await new CompareView(page).open();
    await page.getByRole("button", { name: "Close compare" }).click();
    await button.waitFor();
    assert.deepEqual(await measure(), before);
    assert.deepEqual(problems, []);
  });

  it("writes each run's numbers, names and badges at 4.5:1 or more, in both themes", async () => {
    const { page, problems } = await openCompare({ width: 1280, height: 720 });
    await page.getByRole("region", { name: "B MPOL_MF_MOVE" }).waitFor();
    for (const theme of ["light", "dark"]) {
      if (theme === "dark") await page.keyboard.press("t");
      await page.waitForFunction(
        (t) => (document.documentElement.dataset.theme ?? "light") === t,
        theme,
      );
      // A string, not a function: the test runner's transform names the helpers (__name), which
      // the page does not have.
      const low = (await page.evaluate(`(() => {
        const rgb = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number);
        const lum = ([r = 0, g = 0, b = 0]) => [r, g, b]
          .map((v) => v / 255)
          .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
          .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
        const out = [];
        for (const el of document.querySelectorAll(".compare .run-a, .compare .run-b, .compare .run-badge")) {
          if (!el.textContent.trim() || el.getClientRects().length === 0) continue;
          // The first ancestor (or itself) with a background colour is what the text sits on.
          let bg = el;
          while (bg && rgb(getComputedStyle(bg).backgroundColor)[3] === 0) bg = bg.parentElement;
          const back = rgb(getComputedStyle(bg ?? document.body).backgroundColor);
          const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(back)];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < 4.5) out.push(el.className + " " + el.textContent.trim().slice(0, 20) + ": " + ratio.toFixed(2));
        }
        return out;
      })()`)) as string[];
      assert.deepEqual(low, [], theme);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Back leaves the comparison for the page Back names", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 1280,
      height: 720,
    });
    const stepper = new Stepper(page);
    await stepper.ready();
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("strict-eio");
    await page.waitForFunction(() => location.hash.includes("b=strict-eio"));
    await new CompareView(page).open();
    await page.goBack();
    await page.getByRole("button", { name: "Compare", exact: true }).waitFor();
    await page.waitForFunction(() => location.hash.includes("b=seed-workers-pull-local"));
    assert.equal(
      await page.getByRole("combobox", { name: /^Scenario/ }).inputValue(),
      "seed-workers-pull-local",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("fits a phone: the runs one under the other, the charts wide enough to read", async () => {
    const { page, problems } = await openCompare({ width: 390, height: 844 });
    const box = (name: "A" | "B") =>
      page.getByRole("region", { name: new RegExp(`^${name} `) }).boundingBox();
    const [a, b] = [await box("A"), await box("B")];
    assert.ok(a && b);
    // Side by side, each was 180 px wide and B's narration printed over A's.
    assert.ok(
      a.y + a.height <= b.y,
      `run B (top ${b.y}) starts under run A (bottom ${a.y + a.height})`,
    );
    assert.ok(a.width > 300 && b.width > 300, `runs ${a.width} and ${b.width} px wide`);
    const fit = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: innerWidth,
      charts: [...document.querySelectorAll(".chart-cell svg")].map(
        (s) => s.getBoundingClientRect().width,
      ),
      stepper: Math.max(
        ...[...document.querySelectorAll(".compare-stepper button")].map(
          (e) => e.getBoundingClientRect().right,
        ),
      ),
    }));
    assert.ok(fit.page <= fit.screen, `the page is ${fit.page} px wide in ${fit.screen}`);
    assert.ok(fit.stepper <= fit.screen, `a stepper button ends at ${fit.stepper} px`);
    assert.ok(
      fit.charts.length > 0 && fit.charts.every((w) => w >= 120),
      `charts ${fit.charts.join(", ")} px wide`,
    );
    assert.deepEqual(problems, []);
  });
});
