/**
 * Lecture mode in real Chromium: presentation at 1280x720, the Source panel following the
 * frames, a migration's arrow, the speaker-notes window, the QR code and every export's bytes.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { LESSONS } from "../src/scenario/library.ts";
import { type OpenedPage, openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { CompareView } from "./pages/compare.ts";
import { NodePanel, PageTablePanel } from "./pages/panels.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab();

async function fresh(size?: { width: number; height: number }) {
  const opened: OpenedPage = await openApp(lab.browser, lab.site.url, size);
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  return { ...opened, stepper };
}

const source = (page: Page) => page.getByRole("region", { name: "Source" });

/** "model: src/kernel/file.ts:line" of the Source panel, once it has loaded the model. */
async function sourceLine(page: Page): Promise<string> {
  const head = source(page).getByText(/^model: src\/kernel\/\S+:\d+$/);
  await head.waitFor({ timeout: 10_000 });
  return (await head.textContent()) ?? "";
}

/** The line the listing shown marks as current, as the panel's head names it ("model: file:n"). */
function markedLine(page: Page): Promise<string> {
  return page.evaluate(() => {
    const code = document.querySelector(".source-code:not(.source-idle)");
    const li = code?.querySelector<HTMLLIElement>("li[aria-current='step']");
    const file = code?.querySelector("ol")?.getAttribute("aria-label");
    return `model: ${file}:${li?.value}`;
  });
}

describe("lecture mode", () => {
  it("the desk layout at 1280x720 also keeps the grids, the page table, the frame and the narration in view", async () => {
    const { page, problems, stepper } = await fresh({ width: 1280, height: 720 });
    await stepper.forwardUntil(/migrate_misplaced_page/);
    const bottoms = {
      "NUMA node 0": await new NodePanel(page, 0).root.boundingBox(),
      "NUMA node 2": await new NodePanel(page, 2).root.boundingBox(),
      "Page table pid 100": await new PageTablePanel(page, 100).root.boundingBox(),
      "Frame i / n": await stepper.status().boundingBox(),
      narration: await page.locator(".narration").boundingBox(),
    };
    for (const [name, box] of Object.entries(bottoms)) {
      assert.ok(box, `${name} is not on the page`);
      assert.ok(
        box.y >= 0 && box.y + box.height <= 720,
        `${name} spans y ${box.y}..${box.y + box.height}`,
      );
    }
    // The state letters stay 12 px, readable from the back row.
    const letters = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".cell[data-tag]")].map((c) =>
        Number.parseFloat(getComputedStyle(c, "::after").fontSize),
      ),
    );
    assert.ok(
      letters.length > 0 && Math.min(...letters) >= 12,
      `letters ${Math.min(...letters)} px`,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("presentation at 1280x720 keeps the grids, the page table and the frame in view, labels >= 14px", async () => {
    const { page, problems, stepper } = await fresh({ width: 1280, height: 720 });
    await stepper.forwardUntil(/migrate_misplaced_page/);
    await page.getByRole("button", { name: "Presentation" }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.presentation), "on");
    const inView = async (
      name: string,
      box: { x: number; y: number; width: number; height: number } | null,
    ) => {
      assert.ok(box, `${name} is not on the page`);
      assert.ok(
        box.y >= 0 && box.y + box.height <= 720,
        `${name} spans y ${box.y}..${box.y + box.height}`,
      );
      assert.ok(
        box.x >= 0 && box.x + box.width <= 1280,
        `${name} spans x ${box.x}..${box.x + box.width}`,
      );
    };
    for (const n of [0, 1, 2])
      await inView(`NUMA node ${n}`, await new NodePanel(page, n).root.boundingBox());
    await inView("Page table pid 100", await new PageTablePanel(page, 100).root.boundingBox());
    await inView("Frame i / n", await stepper.status().boundingBox());
    // The lesson is named on screen (the picker that names it on the desk is hidden).
    const lesson = page.locator("header .subtitle", { hasText: "Workers pull their pages local" });
    await inView("the lesson's title", await lesson.boundingBox());
    // So is the kernel, whose switch is hidden: the two kernels' pictures differ.
    await inView("the kernel", await page.locator("header .run-kernel").boundingBox());
    assert.equal(await page.locator("header .run-kernel").textContent(), "RFC 2012");
    // The editing chrome is gone.
    assert.equal(await page.getByRole("button", { name: "Edit scenario" }).isVisible(), false);
    // Every text on screen, and the state letters drawn by CSS, at least 14px.
    const small = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of document.querySelectorAll<HTMLElement>("body *")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) continue;
        const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent?.trim());
        if (own && Number.parseFloat(getComputedStyle(el).fontSize) < 14)
          out.push(`${el.tagName}.${el.className}: ${getComputedStyle(el).fontSize}`);
        if (el.dataset.tag && Number.parseFloat(getComputedStyle(el, "::after").fontSize) < 14)
          out.push(`state letter ${el.dataset.tag}`);
      }
      return out;
    });
    assert.deepEqual(small, []);
    // A reload of the projector's tab stays in presentation mode.
    await page.reload();
    await stepper.ready();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.presentation), "on");
    // P leaves it again.
    await page.keyboard.press("p");
    assert.equal(
      await page.evaluate(() => document.documentElement.dataset.presentation),
      undefined,
    );
    assert.deepEqual(problems, []);
  });

  it("the Source highlight moves with Next frame and links the kernel function", async () => {
    const { page, problems, stepper } = await fresh();
    await stepper.next();
    await stepper.drawn();
    const first = await sourceLine(page);
    const seen = new Set([first]);
    // The listing's marked line is the one the head names, forwards and back.
    const same = async () => assert.equal(await markedLine(page), await sourceLine(page));
    await same();
    // The listing, just under the fold here, draws the step in the next idle moment (App.tsx).
    for (let k = 0; k < 30 && seen.size < 3; k++) {
      await stepper.next();
      await stepper.drawn();
      seen.add(await sourceLine(page));
      await same();
    }
    assert.ok(seen.size >= 3, `the highlight stayed on ${[...seen].join(", ")}`);
    for (let k = 0; k < 6; k++) {
      await stepper.previous();
      await stepper.drawn();
      await same();
    }
    const current = source(page).locator("li[aria-current='step']");
    assert.equal(await current.count(), 1);
    assert.ok(await current.isVisible());
    const link = source(page).getByRole("link");
    assert.match(
      (await link.getAttribute("href")) ?? "",
      /^https:\/\/(lore\.kernel\.org|elixir\.bootlin\.com)\//,
    );
    assert.deepEqual(problems, []);
  });

  it("presentation starts at the top of the picture, and leaving it goes back to where the desk was", async () => {
    // The four-node lecture too, whose page table presentation moves to the other column.
    for (const lesson of ["seed-workers-pull-local", "lecture-4-node"]) {
      const { page, problems } = await openApp(
        lab.browser,
        `${lab.site.url}#v=1&b=${lesson}&f=40`,
        { width: 1280, height: 720 },
      );
      await new Stepper(page).ready();
      for (const top of [400, 1500]) {
        await page.evaluate((y) => window.scrollTo({ top: y }), top);
        await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, top);
        await page.keyboard.press("p");
        await page.waitForFunction(() => document.documentElement.dataset.presentation === "on");
        assert.equal(await page.evaluate(() => window.scrollY), 0);
        await page.keyboard.press("p");
        await page.waitForFunction(
          (y) =>
            document.documentElement.dataset.presentation === undefined &&
            Math.abs(window.scrollY - y) < 2,
          top,
          { timeout: 2000 },
        );
      }
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  it("Home with the focus on the Source panel's link leaves the focus in the panel", async () => {
    const { page, problems, stepper } = await fresh();
    await stepper.next();
    await stepper.drawn();
    const link = source(page).getByRole("link");
    await link.focus();
    await page.keyboard.press("Home");
    await page.getByText(/^Frame 0 \/ \d+$/).waitFor();
    assert.equal(await link.count(), 0);
    // Not the page's body, where the keyboard's place (and a screen reader's) would be lost.
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest("section")?.ariaLabel ?? null),
      "Source",
    );
    await page.keyboard.press("ArrowRight");
    await page.getByText(/^Frame 1 \/ \d+$/).waitFor();
    assert.deepEqual(problems, []);
  });

  it("a migration frame draws its arrow from the old frame to the new one", async () => {
    const { page, problems, stepper } = await fresh();
    await stepper.forwardUntil(/migrate_misplaced_page/);
    const narration =
      (await page
        .getByText(/^Copied pfn \d+ \(node \d\) to pfn \d+/)
        .first()
        .textContent()) ?? "";
    const [, from, to] = /Copied pfn (\d+) \(node \d\) to pfn (\d+)/.exec(narration) ?? [];
    const arrows = page.getByRole("img", { name: /^Migrated:/ });
    await arrows.waitFor();
    assert.match(
      (await arrows.getAttribute("aria-label")) ?? "",
      new RegExp(`pfn ${from} to pfn ${to}`),
    );
    assert.equal(await arrows.locator("g").count(), 1);
    // Presentation enlarges the cells: the arrow is drawn again, to where they now are.
    const path = arrows.locator("path.migration-arrow");
    const before = await path.getAttribute("d");
    await page.keyboard.press("p");
    await page.waitForFunction(
      (was) =>
        document.querySelector(".migration-arrows path.migration-arrow")?.getAttribute("d") !== was,
      before,
    );
    await page.keyboard.press("p");
    await page.waitForFunction(
      (was) =>
        document.querySelector(".migration-arrows path.migration-arrow")?.getAttribute("d") === was,
      before,
    );
    await stepper.next();
    await page.getByRole("img", { name: "No migration in this frame" }).waitFor();
    assert.deepEqual(problems, []);
  });

  it("a page entering the swap cache draws an arrow to its slot, and the PTE that changed", async () => {
    const { page, problems, stepper } = await fresh();
    const swapArrows = page.getByRole("img", { name: /^(Swap cache and PTEs|No swap-cache)/ });
    // The seed's lazy mbind: add_to_swap gives pfn 0 slot 1, then its PTE becomes a swap entry.
    await stepper.forwardUntil(/add_to_swap/);
    await page.getByRole("img", { name: /pfn 0 enters the swap cache at slot 1/ }).waitFor();
    assert.equal(await swapArrows.locator("g[data-kind='enter']").count(), 1);
    await stepper.next();
    await page
      .getByRole("img", { name: /the PTE of 0x7f0000000000 \(pid 100\) now points at swap slot 1/ })
      .waitFor();
    assert.equal(await swapArrows.locator("g[data-kind='pte']").count(), 1);
    assert.deepEqual(problems, []);
  });

  it("presentation keeps each lesson's grids, page table and narration on a 1280x720 screen at every frame", async () => {
    // The four-node lecture included: its page table is drawn beside its four grids (App.tsx).
    const lessons = LESSONS.filter((l) => !l.large);
    const page = await lab.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const out: string[] = [];
    for (const l of lessons) {
      for (const b of await presentedBelowScreen(page, l.id)) out.push(`${l.id}: ${b}`);
    }
    assert.deepEqual(out, []);
    await page.close();
  });

  it("with the page table beside four grids, the PTE arrow, the exported figure and the focus follow it", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=lecture-4-node&f=172`,
      { width: 1280, height: 720 },
    );
    const stepper = new Stepper(page);
    await stepper.ready();
    await page.keyboard.press("p");
    await page.locator(".col-side .panel.ptable").waitFor();
    // Frame 173: the PTE of 0x7f0000008000 now maps pfn 64. The arrow reaches from the page
    // table, in the side column, to the frame in node 1's grid.
    await page.keyboard.press("ArrowRight");
    await page.getByText(/^Frame 173 \/ \d+$/).waitFor();
    const arrows = page.getByRole("img", { name: /^Swap cache and PTEs:/ });
    await arrows.waitFor();
    assert.match(
      (await arrows.getAttribute("aria-label")) ?? "",
      /the PTE of 0x7f0000008000 \(pid 100\) now points at pfn 64/,
    );
    assert.equal(await arrows.locator("g[data-kind='pte']").count(), 1);
    // Frame 120: a PTE becomes a swap entry. Its slot is in the swap cache under the grids: no
    // arrow runs down across the narration to it.
    await page.evaluate(() => window.scrollTo({ top: 0 }));
    await page.keyboard.press("g");
    await page.keyboard.type("120");
    await page.keyboard.press("Enter");
    await page.getByText(/^Frame 120 \/ \d+$/).waitFor();
    await page
      .getByRole("img", { name: /^Swap cache and PTEs: this frame's changes are not drawn/ })
      .waitFor();
    assert.equal(await arrows.locator("g[data-kind='pte']").count(), 0);
    await page.keyboard.press("Escape");
    await page.keyboard.type("173");
    await page.keyboard.press("Enter");
    await page.getByText(/^Frame 173 \/ \d+$/).waitFor();
    // The figure is the picture with its page table, without the rest of the side column.
    await page.getByText("Export", { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Export SVG" }).click(),
    ]);
    const svg = await readFile((await download.path()) ?? "", "utf8");
    assert.match(svg, /Page table pid 100/);
    assert.match(svg, /NUMA node 3/);
    assert.doesNotMatch(svg, /class="panel (trace|notes|source)/);
    await page.keyboard.press("Escape");
    // A PTE cell keeps the keyboard's focus as the table moves between the columns.
    const cell = page.locator("[data-pte='100:34091302920']");
    await cell.focus();
    for (const where of [".col-main", ".col-side"]) {
      await page.keyboard.press("p");
      await page.locator(`${where} .panel.ptable`).waitFor();
      assert.equal(
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.pte),
        "100:34091302920",
      );
    }
    // A cell clicked is not given the focus back: Space then plays, as after any click.
    await page.keyboard.press("p");
    await page.locator(".col-main .panel.ptable").waitFor();
    await cell.click();
    await page.keyboard.press("p");
    await page.locator(".col-side .panel.ptable").waitFor();
    const before = (await stepper.position()).i;
    await page.keyboard.press(" ");
    await page.waitForFunction(
      (was) => Number(/Frame (\d+) \//.exec(document.body.textContent ?? "")?.[1]) > was,
      before,
    );
    await page.keyboard.press(" ");
    assert.deepEqual(problems, []);
  });

  it("presentation keeps the four-node lecture's page table on a 1920x1080 screen too", async () => {
    // Four grids of 64 larger cells fill this screen's height as well: the table is beside them,
    // and here the call's lecture note has room between it and the narration.
    const page = await lab.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    assert.deepEqual(await presentedBelowScreen(page, "lecture-4-node"), []);
    const tops = await page.evaluate(() =>
      [".panel.ptable", ".panel.notes", ".narration"].map(
        (sel) => document.querySelector(sel)?.getBoundingClientRect().top ?? -1,
      ),
    );
    assert.deepEqual(
      [...tops].sort((a, b) => a - b),
      tops,
      `page table, note, narration: ${tops.join(", ")}`,
    );
    assert.ok(!tops.includes(-1), tops.join(", "));
    await page.close();
  });

  it("presentation keeps the large machine's eight node grids, page table and narration on the projector", async () => {
    for (const [width, height] of [
      [1280, 720],
      [1920, 1080],
    ] as const) {
      const page = await lab.browser.newPage({ viewport: { width, height } });
      // Mid-run, in the lazy mbind's unmap loop: every page of the area is in the page table.
      await page.goto(`${lab.site.url}#v=1&b=large-machine&f=30000`);
      await page.getByText(/^Frame 30000 \/ \d+$/).waitFor({ timeout: 30_000 });
      await page.keyboard.press("p");
      const below = await page.evaluate(() =>
        [".nodes .panel", ".panel.ptable", ".narration"].flatMap((sel) =>
          [...document.querySelectorAll(sel)]
            .map((el, i) => [`${sel} ${i}`, el.getBoundingClientRect().bottom] as const)
            .filter(([, bottom]) => bottom > innerHeight + 0.5),
        ),
      );
      assert.equal(await page.locator(".nodes .panel").count(), 8);
      assert.equal(await page.locator(".panel.ptable").count(), 1);
      assert.deepEqual(below, [], `${width}x${height}: regions below the screen`);
      await page.close();
    }
  });

  it("presentation draws the page frames larger than the desk layout does at 1920x1080", async () => {
    const { page, problems } = await fresh();
    const cell = () =>
      page.evaluate(() => {
        const r = document.querySelector(".nodes .cell")?.getBoundingClientRect();
        return { w: r?.width ?? 0, h: r?.height ?? 0 };
      });
    const desk = await cell();
    await page.keyboard.press("p");
    const shown = await cell();
    assert.ok(
      shown.w > desk.w && shown.h > desk.h,
      `${JSON.stringify(desk)} -> ${JSON.stringify(shown)}`,
    );
    // The lesson's title is whole where the row has room for it (it was cut at 800 px).
    const cut = (sel: string) =>
      page.locator(sel).evaluate((el) => el.scrollWidth > el.clientWidth || el.clientWidth === 0);
    assert.equal(await cut("header .subtitle"), false);
    assert.deepEqual(problems, []);
    await page.close();
    // Under 6.1, the kernel's name says so; on a 1280 px projector, beside 6.1's "Let 1 s pass",
    // the seed lesson's title is still whole.
    const six = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&k=mainline`,
      { width: 1280, height: 720 },
    );
    await new Stepper(six.page).ready();
    await six.page.keyboard.press("p");
    assert.equal(await six.page.locator("header .run-kernel").textContent(), "Linux 6.1");
    assert.equal(await six.page.locator("header .run-kernel").isVisible(), true);
    const cutHere = await six.page
      .locator("header .subtitle")
      .evaluate((el) => el.scrollWidth > el.clientWidth || el.clientWidth === 0);
    assert.equal(cutHere, false);
    assert.deepEqual(six.problems, []);
    await six.page.close();
  });

  it("presentation on a 1024x768 projector shows the longest lesson title whole", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=mainline-numa-balancing`,
      { width: 1024, height: 768 },
    );
    await new Stepper(page).ready();
    await page.keyboard.press("p");
    const title = page.locator("header .subtitle");
    assert.match((await title.textContent()) ?? "", /^Linux 6\.1: .* pulls the pages local$/);
    // Cut short on the buttons' row, it kept "Linux 6.1: the lazy…" (scrollWidth 846 of 189 px).
    const cut = await title.evaluate(
      (el) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
    );
    assert.equal(cut, false);
    assert.equal(await page.getByText(/^Frame 0 \/ \d+$/).isVisible(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("presentation starts at the top of the picture, wherever the desk was scrolled", async () => {
    const { page, problems } = await fresh({ width: 1280, height: 720 });
    await page.getByRole("heading", { name: /^Swap cache/ }).scrollIntoViewIfNeeded();
    assert.ok((await page.evaluate(() => window.scrollY)) > 0);
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.documentElement.dataset.presentation === "on");
    await page.waitForFunction(() => window.scrollY === 0);
    await page.keyboard.press("p");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("presentation hides an open Share box whole, and leaving it brings the box back", async () => {
    const { page, problems } = await fresh({ width: 1280, height: 720 });
    await page.getByRole("button", { name: "Share", exact: true }).click();
    const row = page.locator(".share-row");
    await row.waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("p");
    await row.waitFor({ state: "hidden" });
    await page.keyboard.press("p");
    await row.waitFor({ state: "visible" });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("speaker notes stay with the window that opened them, and follow it into Compare", async () => {
    const { page, problems, stepper } = await fresh();
    const [notes] = await Promise.all([
      page.waitForEvent("popup"),
      page.getByRole("button", { name: "Speaker notes" }).click(),
    ]);
    await stepper.next();
    const { i, n } = await stepper.position();
    await notes.getByText(`Frame ${i} / ${n}`).waitFor({ timeout: 10_000 });
    // Another tab of the app, opened as a student's link would be: the notes are not its.
    const [student] = await Promise.all([
      page.context().waitForEvent("page"),
      // noopener: a tab of its own, not a duplicate of this one (which would share its id).
      page.evaluate((url) => {
        window.open(url, "_blank", "noopener");
      }, `${lab.site.url}#v=1&b=eager-move&f=3`),
    ]);
    const studentStepper = new Stepper(student);
    await studentStepper.ready();
    await studentStepper.next();
    const theirs = await studentStepper.position();
    await notes.keyboard.press("PageDown");
    await page.getByText(`Frame ${i + 1} / ${n}`).waitFor({ timeout: 5_000 });
    await notes.getByText(`Frame ${i + 1} / ${n}`).waitFor({ timeout: 5_000 });
    assert.deepEqual(await studentStepper.position(), theirs);
    await student.close();
    // Compare keeps them: they follow run A, and the clicker's keys step the comparison.
    await new CompareView(page).open();
    const position = page.getByRole("status", { name: "Compare position" });
    const before = (await position.textContent()) ?? "";
    await notes.keyboard.press("PageDown");
    await page.waitForFunction(
      (was) => document.querySelector('[aria-label="Compare position"]')?.textContent !== was,
      before,
      { timeout: 5_000 },
    );
    const a = await new CompareView(page).frame("A");
    await notes.getByText(`Frame ${a} / ${n}`).waitFor({ timeout: 5_000 });
    await notes.close();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("speaker notes follow the lecture window and step it; the QR code follows the frame and Esc closes it", async () => {
    const { page, problems, stepper } = await fresh();
    const [notes] = await Promise.all([
      page.waitForEvent("popup"),
      page.getByRole("button", { name: "Speaker notes" }).click(),
    ]);
    // The lecture window answers the new window's hello with where it is.
    await notes.getByText("Frame 0 / ", { exact: false }).waitFor({ timeout: 10_000 });
    // Before the first call: what the lesson teaches, as the projector's notes panel says.
    const seed = LESSONS.find((l) => l.id === "seed-workers-pull-local")?.json() as {
      description: string;
    };
    const lectureNote = notes.getByRole("region", { name: "Lecture note" });
    assert.equal((await lectureNote.textContent())?.trim(), seed.description.trim());
    await stepper.next();
    await stepper.next();
    const { i, n } = await stepper.position();
    await notes.getByText(`Frame ${i} / ${n}`).waitFor({ timeout: 5_000 });
    // A clicker's key pressed while the notes window has focus steps the lecture window.
    await notes.keyboard.press("PageDown");
    await page.getByText(`Frame ${i + 1} / ${n}`).waitFor({ timeout: 5_000 });
    await notes.getByText(`Frame ${i + 1} / ${n}`).waitFor({ timeout: 5_000 });
    await notes.keyboard.press("ArrowLeft");
    await page.getByText(`Frame ${i} / ${n}`).waitFor({ timeout: 5_000 });
    // The frame's phase and kernel function are there too, as the projector names them.
    const phase = (await page.getByRole("status", { name: "Phase" }).textContent()) ?? "";
    assert.ok(phase.includes(" · "), phase);
    await notes.locator(".speaker-phase", { hasText: phase }).waitFor({ timeout: 5_000 });
    await notes.locator(".speaker-fn code", { hasText: /^\w+ · / }).waitFor();
    // The lecture's theme is the notes' too.
    await page.keyboard.press("t");
    await notes.waitForFunction(() => document.documentElement.dataset.theme === "dark");
    await page.keyboard.press("t");
    await notes.waitForFunction(() => document.documentElement.dataset.theme === "light");
    // The lecture window reloaded (F5, a hiccup): the open notes window keeps following it, and
    // says the window went only until it is back.
    await page.reload();
    await stepper.ready();
    await stepper.next();
    const back = await stepper.position();
    await notes.getByText(`Frame ${back.i} / ${back.n}`).waitFor({ timeout: 5_000 });
    const goneNote = notes.getByRole("alert").filter({ hasText: /lecture window has closed/ });
    assert.equal(await goneNote.count(), 0);

    const at = back.i;
    await page.getByRole("button", { name: "QR code" }).click();
    const qr = page.getByRole("img", { name: /^QR code of http/ });
    await qr.waitFor();
    assert.match((await qr.getAttribute("aria-label")) ?? "", new RegExp(`[#&]f=${at}(&|$)`));
    // Students who scan it later land where the lecture is, not where it was when it opened.
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "QR code" }).click();
    await stepper.next();
    await page
      .getByRole("img", { name: new RegExp(`^QR code of http.*[#&]f=${at + 1}(&|$)`) })
      .waitFor({ timeout: 5_000 });
    // It says what it opens, for the class to check against the screen.
    await page
      .getByRole("dialog", { name: "QR code of this page" })
      .getByText(new RegExp(`^Opens “.+” at frame ${at + 1} of ${back.n}$`))
      .waitFor({ timeout: 5_000 });
    await page.keyboard.press("Escape");
    await qr.waitFor({ state: "detached" });
    assert.deepEqual(problems, []);
    // A second lecture window (a duplicate tab) comes and goes: the first is still there, and
    // the notes do not say the lecture has gone.
    const [other] = await Promise.all([
      page.waitForEvent("popup"),
      page.evaluate((url) => {
        window.open(url, "_blank");
      }, `${lab.site.url}#v=1&b=seed-workers-pull-local`),
    ]);
    await new Stepper(other).ready();
    await other.close();
    await notes.getByText(`Frame ${at + 1} / ${back.n}`).waitFor({ timeout: 5_000 });
    await goneNote.waitFor({ state: "detached", timeout: 5_000 });
    // The lecture window left for good (closing the page here would close its context, and the
    // notes with it): the notes say their frame is the last one it showed.
    await page.goto("about:blank");
    await goneNote.waitFor({ timeout: 5_000 });
    await notes.close();
  });

  it("each export produces a file of its type", async () => {
    const { page, problems, stepper } = await fresh();
    await stepper.next();
    await page.getByText("Export", { exact: true }).click();
    const saved = async (name: string) => {
      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: 60_000 }),
        page.getByRole("button", { name }).click(),
      ]);
      const path = await download.path();
      assert.ok(path, `${name}: no file`);
      return { file: download.suggestedFilename(), bytes: await readFile(path) };
    };
    const png = await saved("Export PNG");
    assert.deepEqual(
      [...png.bytes.subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    );
    assert.match(png.file, /\.png$/);
    const svg = await saved("Export SVG");
    assert.match(svg.bytes.toString("utf8", 0, 200), /^<svg[\s>]/);
    // What the status says along the way: each frame taken, then the encoding (seconds long).
    await page.evaluate(() => {
      const said: string[] = [];
      (window as unknown as { exportSaid: string[] }).exportSaid = said;
      new MutationObserver(() => {
        const now = document.querySelector(".export-status")?.textContent ?? "";
        if (said.at(-1) !== now) said.push(now);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const gif = await saved("Export GIF");
    assert.equal(gif.bytes.toString("latin1", 0, 6), "GIF89a");
    const said = await page.evaluate(
      () => (window as unknown as { exportSaid: string[] }).exportSaid,
    );
    assert.ok(
      said.some((s) => /^Recording frame \d+ of/.test(s)) &&
        said.some((s) => /^Encoding the GIF \(\d+ frames\)/.test(s)),
      said.join(" | "),
    );
    const webm = await saved("Export WebM");
    assert.deepEqual([...webm.bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]);
    // Each frame lasts 0.7 s, as in the GIF: not 0.7 s plus the time taken to capture the next.
    const [, a, b] = /frames?-(\d+)(?:-(\d+))?/.exec(webm.file) ?? [];
    const frames = Number(b ?? a) - Number(a) + 1;
    const seconds = await page.evaluate(async (base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const video = document.createElement("video");
      video.src = URL.createObjectURL(new Blob([bytes], { type: "video/webm" }));
      await new Promise((ok) => video.addEventListener("loadedmetadata", ok, { once: true }));
      // A recorded WebM names no duration: seeking past the end finds it.
      if (!Number.isFinite(video.duration)) {
        video.currentTime = 1e9;
        await new Promise((ok) => video.addEventListener("durationchange", ok, { once: true }));
      }
      return video.duration;
    }, webm.bytes.toString("base64"));
    assert.ok(Math.abs(seconds - frames * 0.7) < 0.35, `${frames} frames last ${seconds} s`);
    const md = await saved("Export handout");
    assert.match(md.bytes.toString("utf8"), /^# .+\n/);
    assert.match(md.bytes.toString("utf8"), /\n1\. \*\*\w+\*\* /);
    assert.match(md.file, /\.md$/);
    // The animation stepped through its frames and came back.
    assert.equal((await stepper.position()).i, 1);
    assert.deepEqual(problems, []);
  });
  it("the PNG figure leaves out the lists and the swap cache with no blank band and no arrow to them (1280x720)", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=82`,
      { width: 1280, height: 720 },
    );
    await new Stepper(page).ready();
    // Frame 82 draws an arrow into the swap cache, a panel the figure leaves out.
    await page.locator("svg.swap-arrows path.swap-arrow").first().waitFor();
    await page.getByText("Export", { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Export PNG" }).click(),
    ]);
    const path = await download.path();
    assert.ok(path);
    const png = (await readFile(path)).toString("base64");
    // The tallest band of rows painted only in the page's background, and the figure's size.
    const figure = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      if (!ctx) return null;
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const bg = [px[0], px[1], px[2]];
      let band = 0;
      let run = 0;
      for (let y = 0; y < img.height; y++) {
        let plain = true;
        for (let x = 0; x < img.width && plain; x++) {
          const i = (y * img.width + x) * 4;
          plain = px[i] === bg[0] && px[i + 1] === bg[1] && px[i + 2] === bg[2];
        }
        run = plain ? run + 1 : 0;
        band = Math.max(band, run);
      }
      return { band, height: img.height };
    }, png);
    assert.ok(figure);
    assert.ok(
      figure.band < 30,
      `a blank band ${figure.band}px tall in a ${figure.height}px figure`,
    );
    const drawn = await page.evaluate(() => ({
      legend: document.querySelector(".legends")?.getBoundingClientRect().height ?? 0,
      nodes: document.querySelector(".nodes")?.getBoundingClientRect().height ?? 0,
    }));
    // The grids and the legend are in it, and it is no taller than what it draws.
    assert.ok(figure.height >= drawn.nodes + drawn.legend, `figure ${figure.height}px`);
    assert.ok(figure.height < drawn.nodes + drawn.legend + 400, `figure ${figure.height}px`);
    // The same figure as SVG has the migration overlay but not the swap cache's arrows.
    const [svgDownload] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Export SVG" }).click(),
    ]);
    const svg = await readFile((await svgDownload.path()) ?? "", "utf8");
    assert.match(svg, /class="migration-arrows"/);
    assert.doesNotMatch(svg, /swap-arrows|class="panel (lru|swap)"/);
    // Its caption says which lesson, which frame and what happened in it.
    assert.match(svg, /Workers pull their pages local · frame 82 of \d+ · add_to_swap/);
    const said = (await page.locator(".narration p").nth(1).textContent()) ?? "";
    assert.ok(svg.includes(said.split(" ").slice(0, 4).join(" ")), said);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a figure exported in presentation keeps the colour legend the screen hides, and its caption the kernel function", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=132`,
      { width: 1280, height: 720 },
    );
    await new Stepper(page).ready();
    await page.keyboard.press("p");
    const legend = page.locator(".legends");
    await legend.waitFor({ state: "hidden" });
    await page.getByText("Export", { exact: true }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 60_000 }),
      page.getByRole("button", { name: "Export SVG" }).click(),
    ]);
    const svg = await readFile((await download.path()) ?? "", "utf8");
    // The copy carries each element's computed style: the legend is drawn, not display: none.
    assert.match(svg, /class="legends" style="[^"]*display: flex/);
    assert.match(svg, /unused, freed when its pagevec drains/);
    // A 1280-pixel screen's figure is too narrow for the lesson, the frame and the function on
    // one line: the caption's head takes a second rather than cutting the function off.
    assert.match(svg, /frame 132 of \d+/);
    assert.match(svg, /migrate_misplaced_page<\/text>/);
    // Once taken, the screen is as it was.
    assert.equal(await legend.isVisible(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/**
 * Open lesson `id` in presentation and step through every frame in the page (a round trip per
 * frame would take minutes): the first frame at which each of the regions the lecture needs
 * (grids, page table, narration, stepper) ends below the screen.
 */
async function presentedBelowScreen(page: Page, id: string): Promise<string[]> {
  // A real navigation each time: a hash change and a reload could race the address the app
  // writes a moment after the previous lesson's last step, and reopen that lesson.
  await page.goto("about:blank");
  await page.goto(`${lab.site.url}#v=1&b=${id}&f=0`);
  await page.waitForFunction(() => /Frame 0 \/ [1-9]/.test(document.body.textContent ?? ""));
  // Every frame made: the count is reported a few times a second while the run loads.
  await new Stepper(page).settled();
  await page.evaluate(() => {
    document.documentElement.dataset.presentation = "on";
  });
  return page.evaluate(async () => {
    const found = new Map<string, string>();
    // No named helpers inside evaluate (the test runner's transform would rename them).
    const counter = /Frame (\d+) \/ (\d+)/;
    let m = counter.exec(document.body.textContent ?? "");
    for (let f = 0; f < 5000; f++) {
      for (const sel of [".nodes", ".panel.ptable", ".narration", ".stepper"]) {
        const r = document.querySelector(sel)?.getBoundingClientRect();
        if (found.has(sel)) continue;
        if (!r) found.set(sel, `${sel} missing at frame ${f}`);
        else if (r.bottom > innerHeight + 0.5)
          found.set(sel, `${sel} ends at ${Math.round(r.bottom)} at frame ${f}`);
      }
      m = counter.exec(document.body.textContent ?? "");
      if (m?.[1] === m?.[2]) break;
      document.body.dispatchEvent(
        new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }),
      );
      await new Promise((ok) => setTimeout(ok, 0));
    }
    if (Number(m?.[2]) < 10) found.set("end", `only ${m?.[0]}`);
    return [...found.values()];
  });
}
