/**
 * Keys and focus where the stepper's keys meet other controls, in real Chromium: a field of the
 * System call form keeps Page Down, a checkbox or a radio gives it to the stepper (no page
 * scroll), a stepping button that turns itself off hands the focus on, and what `.` said of one
 * event kind goes when `k` chooses another. Also the LRU panel naming each empty pagevec.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { servedLab } from "./fixtures/lab.ts";
import { until } from "./fixtures/until.ts";
import { openAtStart } from "./pages/navigation.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab("/");

/**
 * Whether the browser's own action for the last key (a page scroll, for Page Down on a checkbox)
 * was prevented: read by a listener on the window added after the app's own.
 */
async function watchDefaults(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => {
    window.addEventListener("keydown", (e) => {
      (window as unknown as { lastPrevented: boolean }).lastPrevented = e.defaultPrevented;
    });
  });
  return () => page.evaluate(() => (window as unknown as { lastPrevented: boolean }).lastPrevented);
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el?.getAttribute("aria-label") ?? el?.textContent?.trim() ?? el?.tagName ?? "";
  });

describe("keys and focus", () => {
  it("Page Down in a System call field keeps the frame and the focus; on a checkbox it steps", async () => {
    const { page, stepper, problems } = await openAtStart(lab, { width: 1280, height: 720 });
    await page.keyboard.type("129");
    await page.keyboard.press("Enter");
    await until(
      () => stepper.position(),
      (p) => p.i === 129,
      "at frame 129",
    );
    const prevented = await watchDefaults(page);
    const form = new SyscallForm(page);
    await form.choose("touch");
    const pages = form.field("Pages");
    await pages.fill("26");
    await pages.press("PageDown");
    assert.equal(await prevented(), false, "Page Down keeps its meaning in a text field");
    assert.equal((await stepper.position()).i, 129, "the frame the call goes after");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "call-pages");
    // A checkbox uses Space only: Page Down steps, and the page stays where it is.
    await form.choose("mbind");
    await form.field("MPOL_MF_STRICT").focus();
    await page.keyboard.press("PageDown");
    await until(
      () => stepper.position(),
      (p) => p.i === 130,
      "Page Down on a checkbox steps",
    );
    assert.ok(await prevented(), "Page Down on a checkbox does not scroll the page");
    // A radio keeps its arrows (they choose the call) but not Home.
    await form.root.getByRole("radio", { name: "touch", exact: true }).focus();
    await page.keyboard.press("Home");
    await until(
      () => stepper.position(),
      (p) => p.i === 0,
      "Home on a radio goes to frame 0",
    );
    assert.ok(await prevented(), "Home on a radio does not scroll the page");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a stepping button that turns itself off hands the keyboard's focus to the one going back", async () => {
    const { page, stepper, nav } = await openAtStart(lab);
    await nav.button("Last frame").focus();
    await page.keyboard.press("Enter");
    await until(
      () => stepper.position(),
      (p) => p.i === p.n,
      "at the last frame",
    );
    await until(
      () => focused(page),
      (f) => /Previous frame$/.test(f),
      "focus on Previous frame",
    );
    await nav.button("First frame").focus();
    await page.keyboard.press("Enter");
    await until(
      () => focused(page),
      (f) => /^Next frame/.test(f),
      "focus on Next frame",
    );
    // Next event, pressed at the last fault but one, hands it to Previous event.
    await page.keyboard.press("End");
    await page.keyboard.press(",");
    await page.keyboard.press(",");
    await nav.button("Next event").focus();
    await page.keyboard.press("Enter");
    await until(
      () => focused(page),
      (f) => f === "Previous event",
      "focus on Previous event",
    );
    await page.close();
  });

  it("what . said of one event kind goes when k chooses another", async () => {
    const { page, nav } = await openAtStart(lab);
    await nav.eventKind("error return");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(".");
    await until(
      () => nav.phase.textContent(),
      (t) => t === "No error return after this frame",
      "said",
    );
    await page.keyboard.press("k");
    // Read at once: the message also goes by itself 2.5 s after it came.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(0))));
    assert.ok(!(await nav.phase.textContent())?.startsWith("No "), "the phase again");
    await page.close();
  });

  it("the LRU panel names every CPU's empty pagevecs beside the one in use", async () => {
    const { page, stepper } = await openAtStart(lab);
    // The opening lesson's first writes wait in cpu 0's active_anon pagevec.
    for (let i = 0; i < 5; i++) await stepper.next();
    const vecs = page.getByRole("region", { name: "LRU lists" }).locator(".pagevecs li");
    await until(
      () => vecs.first().textContent(),
      (t) =>
        /active_anon/.test(t ?? "") &&
        /inactive_anon, inactive_file, active_file: empty/.test(t ?? ""),
      "cpu 0's pagevecs",
    );
    assert.match((await vecs.nth(1).textContent()) ?? "", /cpu 1all four pagevecs empty/);
    await page.close();
  });
});
