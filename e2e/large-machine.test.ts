/**
 * The large machine (8 nodes x 16,384 frames) takes the Canvas path: each node's frames are pixels
 * of one canvas rather than buttons. Checks that it loads, draws, follows the frames, and keeps the
 * console clean.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { CompareView } from "./pages/compare.ts";
import { Navigation } from "./pages/navigation.ts";
import { NodePanel } from "./pages/panels.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab("/lab/");

/**
 * The RGBA bytes of node `n`'s canvas, one pixel a cell. Read from a copy, so the app's own canvas
 * is not flagged for readbacks it never does itself.
 */
async function canvasPixels(page: Page, node: number): Promise<number[]> {
  const canvas = page.getByRole("img", { name: `Page frames of node ${node}, 16384 cells` });
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const copy = document.createElement("canvas");
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx?.drawImage(c, 0, 0);
    return [...(ctx?.getImageData(0, 0, c.width, c.height).data ?? [])];
  });
}

/** The RGB of node `n`'s last cell: free in every frame of this scenario. */
async function lastCellRgb(page: Page, node: number): Promise<number[]> {
  return (await canvasPixels(page, node)).slice(-4, -1);
}

/** Cells of node `n`'s canvas that are not the free-frame colour of its last cell. */
async function paintedCells(page: Page, node: number): Promise<number> {
  const data = await canvasPixels(page, node);
  const last = data.length - 4;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] !== data[last] || data[i + 1] !== data[last + 1] || data[i + 2] !== data[last + 2])
      n++;
  }
  return n;
}

/** The app with the large machine loaded (every node drawn), at `size`. */
async function openLargeMachine(size?: { width: number; height: number }) {
  const opened = await openApp(lab.browser, lab.site.url, size);
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  await opened.page.getByRole("combobox", { name: /^Scenario/ }).selectOption("large-machine");
  await opened.page
    .getByRole("img", { name: "Page frames of node 7, 16384 cells" })
    .waitFor({ timeout: 30_000 });
  await stepper.ready();
  return { ...opened, stepper };
}

describe("the large machine (Canvas path)", () => {
  it("draws every node on a canvas and repaints as the frames change", async () => {
    const { page, problems, stepper } = await openLargeMachine();
    await page.keyboard.press("Home");
    await page.waitForFunction(() => /Frame 0 \//.test(document.body.textContent ?? ""));
    assert.equal(await paintedCells(page, 1), 0, "node 1 starts empty");

    await stepper.toEnd();
    // The arrow overlays say what they leave out over canvases, not that nothing happened.
    await page
      .getByRole("img", { name: "Migration arrows are not drawn over the canvas grids" })
      .waitFor({ state: "attached" });
    await page
      .getByRole("img", { name: /^Swap cache and PTEs: arrows are not drawn over the canvas/ })
      .waitFor({ state: "attached" });
    const used1 = await new NodePanel(page, 1).used();
    assert.ok(used1 > 0, "workers pulled pages onto node 1");
    assert.equal(await paintedCells(page, 1), used1, "every used frame of node 1 is painted");
    assert.ok((await paintedCells(page, 0)) > 0, "node 0 still holds pages");
    // The dark theme (T): free frames are its dark tile, as in the DOM grids, and the pages in
    // use are drawn as before.
    const light = await lastCellRgb(page, 1);
    await page.keyboard.press("t");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    const dark = await lastCellRgb(page, 1);
    assert.notDeepEqual(dark, light);
    assert.ok(Math.max(...dark) < 80, `a dark free tile, not rgb(${dark})`);
    assert.equal(await paintedCells(page, 1), used1, "the same frames are painted in the dark");
    await page.keyboard.press("t");
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    assert.deepEqual(await lastCellRgb(page, 1), light);
    assert.deepEqual(problems, []);
  });

  it("after far moves, draws each node's canvas as a fresh draw of that frame does", async () => {
    // A far move redraws only the page frames the run touches (TouchedPfns.within): the rest must
    // already be right. The theme toggled there and back draws every canvas afresh.
    const { page, problems, stepper } = await openLargeMachine();
    const nav = new Navigation(page);
    const { n } = await stepper.position();
    // Each node's pixels, digested in the page (FNV-1a): 64 KiB a canvas took 45 s over the wire.
    const all = () =>
      page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLCanvasElement>(
            "canvas[aria-label^='Page frames of node']",
          ),
        ].map((c) => {
          const copy = document.createElement("canvas");
          copy.width = c.width;
          copy.height = c.height;
          const ctx = copy.getContext("2d", { willReadFrequently: true });
          ctx?.drawImage(c, 0, 0);
          let h = 0x811c9dc5;
          for (const b of ctx?.getImageData(0, 0, c.width, c.height).data ?? []) {
            h = Math.imul(h ^ b, 0x01000193) >>> 0;
          }
          return `${c.getAttribute("aria-label")}: ${h}`;
        }),
      );
    for (const f of [Math.floor(n * 0.8), Math.floor(n * 0.3), n, Math.floor(n * 0.55), 5]) {
      await nav.gotoFrame(f);
      await page.waitForFunction((t) => document.body.textContent?.includes(`Frame ${t} /`), f);
      const moved = await all();
      assert.equal(moved.length, 8);
      for (const theme of ["dark", "light"]) {
        await page.keyboard.press("t");
        await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      }
      assert.deepEqual(await all(), moved, `frame ${f}: a fresh draw differs`);
    }
    assert.deepEqual(problems, []);
  });

  it("keeps the Timeline thumb within a pixel of the frame, its words exact, and its value exact once focused", async () => {
    const { page, problems, stepper } = await openLargeMachine();
    const slider = page.getByRole("slider", { name: "Timeline" });
    const thumb = () =>
      slider.evaluate((el) => {
        const input = el as HTMLInputElement;
        return {
          value: Number(input.value),
          words: input.getAttribute("aria-valuetext") ?? "",
          width: input.clientWidth,
        };
      });
    // Steps of one frame move this thumb about 1/60 px: its value may lag by less than a pixel.
    await stepper.toEnd();
    for (let k = 0; k < 30; k++) await page.keyboard.press("ArrowLeft");
    const { i, n } = await stepper.position();
    const t = await thumb();
    assert.equal(t.words, `Frame ${i} of ${n}`);
    assert.ok(Math.abs(t.value - i) <= n / t.width, `thumb at ${t.value} for frame ${i}`);
    // Focused, the arrows step from the value: it is the frame's own.
    await slider.focus();
    assert.equal((await thumb()).value, i);
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(
      (want) => document.body.textContent?.includes(`Frame ${want} /`),
      i - 1,
    );
    assert.equal((await thumb()).value, i - 1);
    assert.deepEqual(problems, []);
  });

  it("shows a progress bar that only moves forward while the run loads", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url);
    await new Stepper(page).ready();
    // Sampled every 10 ms from before the choice to the bar's going (an inline callback: a
    // named helper inside evaluate would need the test runner's own helpers in the page).
    await page.evaluate(() => {
      const seen: { value: number; max: number; text: string }[] = [];
      (window as unknown as { progressSeen: typeof seen }).progressSeen = seen;
      setInterval(() => {
        const bar = document.querySelector<HTMLProgressElement>(
          'progress[aria-label="Model progress"]',
        );
        if (bar) seen.push({ value: bar.value, max: bar.max, text: bar.ariaValueText ?? "" });
      }, 10);
    });
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("large-machine");
    await page
      .getByRole("img", { name: "Page frames of node 7, 16384 cells" })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("progressbar", { name: "Model progress" }).waitFor({ state: "detached" });
    const seen = await page.evaluate(
      () =>
        (window as unknown as { progressSeen: { value: number; max: number; text: string }[] })
          .progressSeen,
    );
    assert.ok(seen.length > 0, "the bar was shown while the run loaded");
    for (let i = 1; i < seen.length; i++)
      assert.ok((seen[i]?.value ?? 0) >= (seen[i - 1]?.value ?? 0), "the bar went back");
    assert.ok(seen.every((x) => x.max === 1000 && x.value <= x.max));
    assert.match(seen.at(-1)?.text ?? "", /^\d+ of 11 steps run$/);
    assert.deepEqual(problems, []);
  });

  it("shows every node's numastat column inside the counters panel on a 1280x720 projector", async () => {
    const { page, problems } = await openLargeMachine({ width: 1280, height: 720 });
    const panel = page.locator(".panel.counters");
    await panel.scrollIntoViewIfNeeded();
    const box = await panel.boundingBox();
    if (!box) throw new Error("no counters panel");
    for (let n = 0; n < 8; n++) {
      const head = panel.getByRole("columnheader", { name: `node${n}`, exact: true });
      const r = await head.boundingBox();
      assert.ok(r, `node${n}'s column is shown`);
      assert.ok(r.x >= box.x && r.x + r.width <= box.x + box.width, `node${n}'s column fits`);
    }
    assert.deepEqual(problems, []);
  });

  it("keeps the counters' columns still and every value inside its cell as the frames change (1280x720)", async () => {
    const { page, problems, stepper } = await openLargeMachine({ width: 1280, height: 720 });
    await stepper.toEnd();
    const panel = page.locator(".panel.counters");
    // In view, as a reader watches it.
    await panel.scrollIntoViewIfNeeded();
    // Column edges, table heights, and the cells whose text is wider than the cell.
    const measure = () =>
      panel.evaluate((el) => ({
        edges: [...el.querySelectorAll("thead th")].map((th) => th.getBoundingClientRect().x),
        heights: [...el.querySelectorAll("table")].map((t) => t.getBoundingClientRect().height),
        spilled: [...el.querySelectorAll("td")].filter((td) => td.scrollWidth > td.clientWidth)
          .length,
      }));
    const first = await measure();
    let changedFrames = 0;
    // The run ends with faults pulling pages between nodes: numastat cells gain and lose a change.
    for (let k = 0; k < 30; k++) {
      const { i } = await stepper.position();
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction(
        (was) => !document.body.textContent?.includes(`Frame ${was} /`),
        i,
      );
      // Until the panel's observer reports it in view, it draws the frame when idle.
      await stepper.drawn();
      if ((await panel.locator("td.changed").count()) > 0) changedFrames++;
      const now = await measure();
      assert.deepEqual(now.edges, first.edges, `columns moved at frame ${i - 1}`);
      assert.deepEqual(now.heights, first.heights, `a table changed height at frame ${i - 1}`);
      assert.equal(now.spilled, 0, `a value overflows its cell at frame ${i - 1}`);
    }
    assert.ok(changedFrames > 10, `only ${changedFrames} frames changed a counter`);
    assert.deepEqual(problems, []);
  });

  it("shrinks each node's grid to its panel when two runs share a 1280x720 screen", async () => {
    const { page, problems } = await openLargeMachine({ width: 1280, height: 720 });
    const compare = new CompareView(page);
    await compare.open();
    for (const name of ["A", "B"] as const) {
      const panel = compare.run(name).getByRole("region", { name: "NUMA node 2", exact: true });
      const grid = panel.getByRole("img", { name: "Page frames of node 2, 16384 cells" });
      await grid.waitFor({ timeout: 30_000 });
      const [p, g] = [await panel.boundingBox(), await grid.boundingBox()];
      if (!p || !g) throw new Error(`run ${name}: no node 2 panel or grid`);
      assert.ok(g.x >= p.x && g.x + g.width <= p.x + p.width, `run ${name}: the grid fits`);
      assert.ok(Math.abs(g.width - g.height) < 1, `run ${name}: the grid stays square`);
    }
    assert.deepEqual(problems, []);
  });
});
