/**
 * Everything reachable by keyboard: every visible control of the app, and of the compare view,
 * takes focus by Tab in turn, and controls reached that way work with Enter, Space and arrows.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { until } from "./fixtures/until.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab();

const CONTROLS = "button, input, select, textarea, summary, a[href], [tabindex]";

/** Tag every visible, enabled control; return their descriptions by tag. */
async function visibleControls(page: Page): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    const groups = new Map<string, number>();
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      delete el.dataset.kb;
      // checkVisibility: also false inside a closed <details> (content-visibility: hidden).
      const hidden = !el.checkVisibility({ visibilityProperty: true });
      if (hidden || (el as HTMLButtonElement).disabled || el.tabIndex < 0) continue;
      // A radio group is one Tab stop (its arrows choose within it): one tag for the group.
      const group = el.matches("input[type=radio]") ? (el as HTMLInputElement).name : "";
      const tagged = group ? groups.get(group) : undefined;
      if (tagged !== undefined) {
        el.dataset.kb = String(tagged);
        continue;
      }
      if (group) groups.set(group, out.length);
      el.dataset.kb = String(out.length);
      out.push(
        `${el.tagName.toLowerCase()}${el.getAttribute("type") ? `[${el.getAttribute("type")}]` : ""} "${(el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
      );
    }
    return out;
  }, CONTROLS);
}

/** Press Tab until focus comes back round; the tags of the controls it visited. */
async function tabWalk(page: Page, limit: number): Promise<Set<number>> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen = new Set<number>();
  let repeats = 0;
  for (let k = 0; k < limit && repeats < 3; k++) {
    await page.keyboard.press("Tab");
    const tag = await page.evaluate(
      () => (document.activeElement as HTMLElement | null)?.dataset.kb,
    );
    if (tag === undefined) continue;
    // The trace list is one stop: a walk that went row by row would meet its recycled rows
    // again, and stop here short of the controls after it.
    if (seen.has(Number(tag))) repeats++;
    seen.add(Number(tag));
  }
  return seen;
}

/**
 * What looks clickable (a pointer cursor) but takes no focus and sits in no control or label: a
 * mouse-only control. `allowed`: such elements with a keyboard twin (the compare charts, which the
 * `Compare timeline` slider above them drives).
 */
async function mouseOnly(page: Page, allowed = ""): Promise<string[]> {
  return page.evaluate(
    ({ sel, allowed }) =>
      [...document.querySelectorAll<HTMLElement>("body *")]
        .filter(
          (el) =>
            getComputedStyle(el).cursor === "pointer" &&
            el.checkVisibility() &&
            !el.closest(`${sel}, label`) &&
            !(allowed && el.closest(allowed)),
        )
        .map((el) => el.outerHTML.slice(0, 80)),
    { sel: CONTROLS, allowed },
  );
}

async function focusByTab(page: Page, name: string): Promise<void> {
  for (let k = 0; k < 1000; k++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      const label = el?.labels?.[0]?.textContent;
      return (el?.getAttribute("aria-label") ?? (label || el?.textContent) ?? "").trim();
    });
    if (label === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe("keyboard", () => {
  it("the Scenario picker browses from the keyboard: typed letters stay in it, the lesson loads after a pause", async () => {
    const { page, problems } = await openApp(lab.browser, `${lab.site.url}`);
    const stepper = new Stepper(page);
    await stepper.ready();
    const picker = page.getByRole("combobox", { name: /^Scenario/ });
    await picker.focus();
    // "p" would be the presentation key, "a" nothing: both go to the picker's type-ahead.
    await page.keyboard.type("Swap", { delay: 40 });
    assert.equal(
      await page.evaluate(() => document.documentElement.dataset.presentation),
      undefined,
    );
    assert.equal(await picker.evaluate((el) => el === document.activeElement), true);
    await page.waitForFunction(() =>
      /Swap full/.test(document.querySelector(".subtitle")?.textContent ?? ""),
    );
    // Arrows browse without loading; Esc takes the browsing back and hands the keys over.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    assert.equal(await picker.inputValue(), "swap-full");
    assert.equal(await picker.evaluate((el) => el === document.activeElement), false);
    // A key pressed before the lesson's first frame has come has nowhere to go: on a loaded CI
    // machine the load was still under way here, and → was pressed at frame 0 of 0.
    await stepper.settled();
    await page.keyboard.press("ArrowRight");
    await page.getByText(/^Frame 1 \/ \d+$/).waitFor();
    assert.deepEqual(problems, []);
  });

  it("skip links, first after the header, take the keyboard past the page frames", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=132`,
    );
    await new Stepper(page).ready();
    const skips = page.getByRole("navigation", { name: "Skip the page frames" });
    assert.ok(((await skips.boundingBox())?.width ?? 0) <= 1, "hidden until focused");
    // The next stop after the header's last control is the first skip link.
    await page.getByRole("combobox", { name: "Event kind" }).focus();
    let presses = 0;
    for (; presses < 20; presses++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement?.closest(".top") === null)) break;
    }
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      "Skip to the kernel trace",
    );
    assert.ok(((await skips.boundingBox())?.width ?? 0) > 100, "shown while focused");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "trace-search");
    await page.getByRole("button", { name: "Skip to the system call form" }).focus();
    await page.keyboard.press("Enter");
    assert.ok(
      await page.evaluate(
        () => document.activeElement?.closest('form[aria-label="System call"]') !== null,
      ),
    );
    assert.deepEqual(problems, []);
  });

  it("the trace list is one Tab stop, the current frame's row: ↑ and ↓ move between rows, Enter goes to one", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=40`,
    );
    const stepper = new Stepper(page);
    await stepper.ready();
    const focusedRow = () =>
      page.evaluate(() =>
        document.activeElement?.closest(".trace-list li")
          ? (document.activeElement as HTMLElement).dataset.f
          : null,
      );
    // The search's last button comes just before the list.
    await page.getByRole("button", { name: "Next match" }).focus();
    await page.keyboard.press("Tab");
    assert.equal(await focusedRow(), "40", "Tab from the search");
    await page.keyboard.press("Tab");
    assert.equal(await focusedRow(), null, "a second Tab leaves the list");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focusedRow(), "40", "Shift+Tab comes back to the current row");
    // Down past the rows in view: the list scrolls to each, the page never does.
    const pageY = await page.evaluate(() => window.scrollY);
    // A ↓ to a row the list has yet to draw takes the focus there once its scroll has drawn it,
    // a frame or two later.
    for (let i = 1; i <= 12; i++) await page.keyboard.press("ArrowDown");
    await until(focusedRow, (f) => f === "52", "the focus, 12 rows down");
    const inView = await page.evaluate(() => {
      const list = document.querySelector(".trace-list") as HTMLElement;
      const row = (document.activeElement as HTMLElement).getBoundingClientRect();
      const box = list.getBoundingClientRect();
      return row.top >= box.top - 1 && row.bottom <= box.bottom + 1;
    });
    assert.ok(inView, "the focused row is scrolled into the list's view");
    assert.equal(await page.evaluate(() => window.scrollY), pageY, "the page did not scroll");
    await page.keyboard.press("ArrowUp");
    assert.equal(await focusedRow(), "51");
    assert.equal((await stepper.position()).i, 40, "moving the focus moves no frame");
    // Still one stop: the row the arrows reached holds it, and Shift+Tab leaves the list.
    await page.keyboard.press("Shift+Tab");
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("aria-label")),
      "Next match",
    );
    await page.keyboard.press("Tab");
    assert.equal(await focusedRow(), "51", "Tab comes back to the row last focused");
    await page.keyboard.press("Enter");
    await page.getByText(/^Frame 51 \/ \d+$/).waitFor();
    // Once the focus is elsewhere and the frame moves, the stop is the new current row.
    await page.getByRole("button", { name: "Next match" }).focus();
    await page.keyboard.press("PageDown");
    await page.getByText(/^Frame 52 \/ \d+$/).waitFor();
    await page.getByRole("button", { name: "Next match" }).focus();
    await page.keyboard.press("Tab");
    assert.equal(await focusedRow(), "52", "Tab reaches the new current row");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("↓ to a row not drawn yet takes the focus there though the list renders for something else first", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}?bench#v=1&b=seed-workers-pull-local&f=40`,
    );
    await new Stepper(page).ready();
    // The last row drawn (below the list's view, in its overscan) holds the focus; ↓ from it
    // asks for a row not drawn yet, and in the same task the run's state changes (as when its
    // batches arrive), so the panel renders before the list's scrolling draws the row.
    const to = await page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>(".trace-list button[data-f]")];
      const last = rows.reduce((a, b) => (Number(b.dataset.f) > Number(a.dataset.f) ? b : a));
      last.focus({ preventScroll: true });
      const { store, flushSync } = (
        window as unknown as {
          __lab: {
            store: { getState(): { running: boolean }; setState(s: { running: boolean }): void };
            flushSync(fn: () => void): void;
          };
        }
      ).__lab;
      last.dispatchEvent(
        new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true, cancelable: true }),
      );
      const running = store.getState().running;
      flushSync(() => store.setState({ running: !running }));
      flushSync(() => store.setState({ running }));
      return Number(last.dataset.f) + 1;
    });
    await page.waitForFunction(
      (f) => (document.activeElement as HTMLElement | null)?.dataset.f === String(f),
      to,
      { timeout: 5000 },
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Tab reaches every control of the app and of the compare view, and they work from the keyboard", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 1920,
      height: 1080,
    });
    const stepper = new Stepper(page);
    await stepper.ready();
    const controls = await visibleControls(page);
    const seen = await tabWalk(page, controls.length * 2 + 50);
    const missed = controls.filter((_, i) => !seen.has(i));
    assert.deepEqual(missed, [], "controls Tab never reached");
    assert.deepEqual(await mouseOnly(page), []);

    // Reached by Tab, a button works with Enter and the slider with the arrow keys.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await focusByTab(page, "Next frame ▶");
    await page.keyboard.press("Enter");
    assert.equal((await stepper.position()).i, 1);
    await focusByTab(page, "Timeline");
    await page.keyboard.press("ArrowRight");
    // The slider moves the frame in the next animation frame.
    await until(
      async () => (await stepper.position()).i,
      (i) => i === 2,
      "ArrowRight on the Timeline",
    );

    // The compare view, opened and driven from the keyboard.
    await focusByTab(page, "Compare");
    await page.keyboard.press("Enter");
    await page.getByRole("table", { name: "Compared counters" }).waitFor({ timeout: 30_000 });
    assert.deepEqual(await mouseOnly(page, ".compare-charts .chart-cell svg"), []);
    const inCompare = await visibleControls(page);
    const reached = await tabWalk(page, inCompare.length * 2 + 50);
    assert.deepEqual(
      inCompare.filter((_, i) => !reached.has(i)),
      [],
      "compare controls Tab never reached",
    );
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await focusByTab(page, "Compare timeline");
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await page.getByText("Position 1 /", { exact: false }).waitFor();
    // The variation is a radio group: one Tab stop, the arrows choose.
    await focusByTab(page, "MPOL_MF_LAZY on the mbind calls");
    await page.keyboard.press("ArrowRight");
    await page.getByRole("combobox", { name: "Run B's policy mode" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Compare", exact: true }).waitFor();
    assert.deepEqual(problems, []);
  });
});
