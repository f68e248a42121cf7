/**
 * Navigation in real Chromium: the Timeline slider, play / pause and speed, phases and events,
 * Shift+←, trace search, the keys dialog, keys that never scroll the page, and a call made at an
 * earlier frame (inserted there, taken back by Undo, even after a reload).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { axListItemNames } from "./fixtures/axTree.ts";
import { servedLab } from "./fixtures/lab.ts";
import { until } from "./fixtures/until.ts";
import { type Navigation, openAtStart } from "./pages/navigation.ts";
import type { Stepper } from "./pages/stepper.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab("/lab/");

const fresh = (size?: { width: number; height: number }) => openAtStart(lab, size);

const frame = async (s: Stepper) => (await s.position()).i;

/** Space starts playing (Pause shows), and Space again stops it (Play shows). */
async function spacePlaysAndPauses(page: Page, nav: Navigation): Promise<void> {
  await page.keyboard.press(" ");
  await until(
    () => nav.button("Pause").isVisible(),
    (v) => v,
    "Space plays",
  );
  await page.keyboard.press(" ");
  assert.ok(await nav.button("Play").isVisible(), "Space pauses");
}

describe("timeline navigation", () => {
  it("dragging the Timeline slider moves the frame; arrow keys on it step one frame", async () => {
    const { page, stepper, nav, problems } = await fresh();
    const { n } = await stepper.position();
    const box = await nav.slider.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + 8, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const at = await until(
      () => frame(stepper),
      (f) => Math.abs(f - n * 0.6) < n * 0.1,
      "frame after the drag",
    );
    await nav.slider.focus();
    await page.keyboard.press("ArrowRight");
    await until(
      () => frame(stepper),
      (f) => f === at + 1,
      "one step on the slider",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("never paints the trace list blank while playing", async () => {
    const { page, stepper } = await fresh({ width: 1280, height: 900 });
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    await page.locator("body").click({ position: { x: 5, y: 890 } });
    // Just after each frame is painted (a task queued in its animation frame), the rows must
    // cover the list: the rows of a step were once painted at the list's previous scroll.
    await page.evaluate(`(() => {
      window.__bare = [];
      const look = () => {
        const el = document.querySelector(".trace-list");
        if (el) {
          const top = el.scrollTop;
          const bottom = top + el.clientHeight;
          let covered = 0;
          for (const li of el.querySelectorAll("li"))
            covered += Math.max(0, Math.min(li.offsetTop + li.offsetHeight, bottom) - Math.max(li.offsetTop, top));
          if (covered < (bottom - top) / 2) window.__bare.push(top);
        }
        if (!window.__stop) requestAnimationFrame(() => setTimeout(look, 0));
      };
      look();
    })()`);
    await page.keyboard.press(" ");
    await until(
      () => frame(stepper),
      (f) => f >= 120,
      "frames advance while playing",
    );
    await page.keyboard.press(" ");
    assert.deepEqual(await page.evaluate("window.__stop = true, window.__bare"), []);
    await page.close();
  });

  it("Space plays and pauses; − and + change the speed shown", async () => {
    const { page, stepper, nav } = await fresh();
    assert.equal(await nav.speed.textContent(), "15 fps");
    await page.keyboard.press("+");
    await page.keyboard.press("+");
    assert.equal(await nav.speed.textContent(), "60 fps");
    await nav.button("Slower").click();
    assert.equal(await nav.speed.textContent(), "30 fps");
    await page.locator("body").click({ position: { x: 5, y: 700 } });
    await page.keyboard.press(" ");
    await until(
      () => frame(stepper),
      (f) => f >= 10,
      "frames advance while playing",
    );
    await page.keyboard.press(" ");
    const stopped = await frame(stepper);
    await new Promise((r) => setTimeout(r, 400));
    assert.ok((await frame(stepper)) <= stopped + 1, "paused: the frame stays");
    assert.ok(await nav.button("Play").isVisible());
    await page.close();
  });

  it("after a click on a button Space still plays and pauses; a button reached with Tab keeps it", async () => {
    const { page, stepper, nav } = await fresh();
    await page.getByRole("button", { name: "Next frame" }).click();
    assert.equal(await frame(stepper), 1);
    await spacePlaysAndPauses(page, nav);
    // Tab away and back: the button now has the keyboard's focus, and Space presses it.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const at = await frame(stepper);
    await page.keyboard.press(" ");
    await until(
      () => frame(stepper),
      (f) => f === at + 1,
      "Space presses a button reached with Tab",
    );
    assert.ok(await nav.button("Play").isVisible(), "and does not play");
    await page.close();
  });

  it("after a click on Undo, which hands focus to the call button, Space plays and calls nothing", async () => {
    const { page, stepper, nav } = await fresh();
    await page.keyboard.press("End");
    const form = new SyscallForm(page);
    await form.ready();
    const { n } = await stepper.position();
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1, "read"), "0");
    await page.getByRole("button", { name: "Undo the last call" }).click();
    await until(
      () => page.evaluate(() => document.activeElement?.textContent ?? ""),
      (t) => t.startsWith("Call "),
      "focus on the call button",
    );
    // Undo runs the scenario again: the status shows the call's frames until the new run's start
    // arrives, then counts the frames made so far. Done, it has the frames it had before the call.
    await until(
      () => stepper.position(),
      (p) => p.n === n,
      "the run without the call",
    );
    await stepper.settled();
    await spacePlaysAndPauses(page, nav);
    assert.equal((await stepper.position()).n, n, "no call was made");
    assert.equal(await page.getByRole("button", { name: "Undo the last call" }).count(), 0);
    await page.close();
  });

  it(". with no later event of the kind says so where the phase is, and a move takes it back", async () => {
    const { page, stepper, nav } = await fresh();
    await page.keyboard.press("End");
    await until(
      () => stepper.position(),
      (p) => p.i === p.n,
      "at the end",
    );
    await page.keyboard.press(".");
    await until(
      () => nav.phase.textContent(),
      (t) => t === "No fault after this frame",
      "said at the last frame",
    );
    await page.keyboard.press("ArrowLeft");
    await until(
      () => nav.phase.textContent(),
      (t) => t !== null && !t.startsWith("No "),
      "the phase again after a move",
    );
    // Back at the frame it was said at, the phase stays: the move ended the message.
    await page.keyboard.press("ArrowRight");
    await until(
      () => stepper.position(),
      (p) => p.i === p.n,
      "back at the end",
    );
    assert.ok(!(await nav.phase.textContent())?.startsWith("No "));
    await page.close();
  });

  it("] and [ jump through the lazy mbind's phases, named beside the counter", async () => {
    const { page, stepper, nav } = await fresh();
    const seen: string[] = [];
    for (let k = 0; k < 12; k++) {
      await page.keyboard.press("]");
      const text = await until(
        () => nav.phase.textContent(),
        (t) => t !== null && t !== seen.at(-1),
        "phase after ]",
      );
      seen.push(text ?? "");
    }
    const mbind = seen.filter((t) => t.startsWith("mbind"));
    assert.deepEqual(mbind, [
      "mbind · enter mbind",
      "mbind · drain",
      "mbind · select",
      "mbind · set the policy",
      "mbind · unmap",
      "mbind · put back",
    ]);
    const at = await frame(stepper);
    await page.keyboard.press("[");
    await until(
      () => frame(stepper),
      (f) => f < at,
      "[ goes back",
    );
    await page.close();
  });

  it("a click on the event strip goes to the nearest event of that row, and chooses its kind", async () => {
    const { page, stepper, nav } = await fresh();
    await stepper.settled();
    const strip = page.locator(".event-strip svg");
    const box = await strip.boundingBox();
    assert.ok(box);
    // The migration row (second, 7 px rows), two thirds along: the workers' faults migrate there.
    await strip.click({ position: { x: box.width * 0.75, y: 7 + 3 } });
    await until(
      () => nav.currentFn(),
      (fn) => fn === "migrate_misplaced_page",
      "a migration",
    );
    assert.equal(
      await page.getByRole("combobox", { name: "Event kind" }).inputValue(),
      "migration",
    );
    assert.ok((await frame(stepper)) > 0);
    await page.close();
  });

  it("a kind chosen with the mouse hands the keys back to stepping", async () => {
    const { page, stepper, nav } = await fresh();
    // A click on the menu focuses it; the option is then picked without a key.
    await page.getByRole("combobox", { name: "Event kind" }).focus();
    await nav.eventKind("migration");
    await page.keyboard.press(".");
    await until(
      () => nav.currentFn(),
      (fn) => fn === "migrate_misplaced_page",
      "a migration",
    );
    const at = await frame(stepper);
    await page.keyboard.press("ArrowRight");
    await until(
      () => frame(stepper),
      (f) => f === at + 1,
      "the next frame",
    );
    assert.equal(
      await page.getByRole("combobox", { name: "Event kind" }).inputValue(),
      "migration",
    );
    await page.close();
  });

  it("next / previous event of a chosen kind, and Shift+← to the start of the system call", async () => {
    const { page, stepper, nav } = await fresh();
    await nav.eventKind("migration");
    // At frame 0 there is no migration before: that button is off, and says why.
    assert.equal(await nav.button("Previous event").isDisabled(), true);
    assert.match(
      (await nav.button("Previous event").getAttribute("title")) ?? "",
      /^No migration before this frame$/,
    );
    await nav.button("Next event").click();
    await until(
      () => nav.currentFn(),
      (fn) => fn === "migrate_misplaced_page",
      "a migration",
    );
    const first = await frame(stepper);
    await page.keyboard.press(".");
    await until(
      () => frame(stepper),
      (f) => f > first,
      ". finds the next",
    );
    await page.keyboard.press(",");
    await until(
      () => frame(stepper),
      (f) => f === first,
      ", comes back",
    );
    // Inside a touch: Shift+← lands on its first frame, again on the previous call's first.
    await page.keyboard.press("Shift+ArrowLeft");
    const start = await until(
      () => frame(stepper),
      (f) => f < first,
      "start of this call",
    );
    await until(
      () => nav.currentFn(),
      (fn) => fn === "do_swap_page",
      "a fault's first frame",
    );
    await page.keyboard.press("Shift+ArrowLeft");
    await until(
      () => frame(stepper),
      (f) => f < start,
      "start of the previous call",
    );
    await until(
      () => nav.currentFn(),
      (fn) => /sys_mbind|do_swap_page/.test(fn),
      "a call start",
    );
    await page.close();
  });

  it("the trace search jumps between matches; typing keeps its meaning there", async () => {
    const { page, stepper, nav } = await fresh();
    await nav.search.fill("mbind_range");
    await nav.search.press("Enter");
    await until(
      () => nav.currentFn(),
      (fn) => fn === "mbind_range",
      "the match",
    );
    const at = await frame(stepper);
    // Where the frame is among all the matches, once they are counted.
    await page.getByText(new RegExp(`^frame ${at} · 1 of \\d+$`)).waitFor({ timeout: 5_000 });
    // "]" and Space typed in the search box are text, not navigation.
    await nav.search.fill("");
    await nav.search.pressSequentially("]");
    assert.equal(await nav.search.inputValue(), "]");
    await nav.search.fill("");
    await nav.search.pressSequentially("pfn 3 ");
    assert.equal(await nav.search.inputValue(), "pfn 3 ");
    assert.equal(await frame(stepper), at);
    await nav.search.press("Enter");
    await until(
      () => frame(stepper),
      (f) => f !== at,
      "another match",
    );
    // Esc empties the box and gives the arrow keys back to stepping.
    await nav.search.press("Escape");
    assert.equal(await nav.search.inputValue(), "");
    const before = await frame(stepper);
    await page.keyboard.press("ArrowRight");
    await until(
      () => frame(stepper),
      (f) => f === before + 1,
      "a step after Esc",
    );
    // Past the last match, the search says it starts again from the top.
    await nav.search.fill("mbind_range");
    await nav.search.press("Enter");
    await page.getByText(/^frame \d+ · 1 of \d+ \(from the start\)$/).waitFor({ timeout: 5_000 });
    await page.close();
  });

  it("on a 1024 px projector the phase is read whole, and the frame buttons keep their names", async () => {
    const { page, problems, stepper, nav } = await fresh({ width: 1024, height: 768 });
    await nav.gotoFrame(100);
    await until(
      () => frame(stepper),
      (f) => f === 100,
      "frame 100",
    );
    const fits = await nav.phase.evaluate((el) => el.scrollWidth <= el.clientWidth);
    assert.ok(fits, `the phase "${await nav.phase.textContent()}" is cut`);
    await page.getByRole("button", { name: /^Next frame/ }).click();
    await until(
      () => frame(stepper),
      (f) => f === 101,
      "frame 101 by Next frame",
    );
    await page.getByRole("button", { name: /^Previous frame/ }).click();
    await until(
      () => frame(stepper),
      (f) => f === 100,
      "frame 100 by Previous frame",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("? lists every key; no key the app uses scrolls the page", async () => {
    const { page, stepper } = await fresh({ width: 1280, height: 720 });
    await page.locator("body").click({ position: { x: 5, y: 700 } });
    for (const key of [" ", " ", "PageDown", "PageDown", "PageUp", "End", "Home", "]", "["]) {
      await page.keyboard.press(key);
    }
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    assert.ok((await frame(stepper)) > 0);
    // Typing a number goes there.
    await page.keyboard.type("77");
    await page.keyboard.press("Enter");
    await until(
      () => frame(stepper),
      (f) => f === 77,
      "typed frame number",
    );
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    // Scrolled down to a panel, as a lecturer showing the swap cache is: typing a frame number
    // (its field is in the sticky header) or `g` leaves the page where it is. Nothing here
    // changes the frame, so the page's height stays too.
    await page
      .getByRole("region", { name: "Swap cache", exact: true })
      .evaluate((el) => el.scrollIntoView({ block: "center" }));
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 0, "the page scrolls");
    for (const key of ["1", "4", "Escape", "g", "2", "Escape"]) {
      await page.keyboard.press(key);
      assert.equal(await page.evaluate(() => window.scrollY), y, `after ${key}`);
    }
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keys" });
    await dialog.waitFor();
    for (const k of ["Space", "Shift+←", "→ or Page Down", "]", "[", "+", "p", "f", "t", "?"]) {
      assert.ok(await dialog.getByText(k, { exact: true }).first().isVisible(), k);
    }
    // The whole list fits a 720-line projector: its last row shows without scrolling.
    assert.ok(await dialog.evaluate((d) => d.scrollHeight <= d.clientHeight), "the list scrolls");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.close();
  });

  it("the trace list's rows stay in frame order through far jumps and single steps", async () => {
    const { page, problems, stepper, nav } = await fresh();
    const { n } = await stepper.position();
    // The rows in the order a screen reader is given them (Chromium's accessibility tree: the
    // list orders its rows with aria-owns, the page keeps them by slot): consecutive frames, the
    // current one among them.
    const rowsInOrder = async (at: number) => {
      await until(
        () => frame(stepper),
        (f) => f === at,
        `frame ${at}`,
      );
      const names = await axListItemNames(page, ".trace-list ol");
      const nums = names.map((name) => Number(name.split(" ")[0]));
      assert.deepEqual(
        [...nums].sort((a, b) => a - b),
        (await page.locator(".trace-list li .fno").allTextContents())
          .map(Number)
          .sort((a, b) => a - b),
        "every row drawn is in the accessibility tree once",
      );
      assert.ok(nums.includes(at), `frame ${at} is not among the rows ${nums.join(",")}`);
      // Under the rows, the current one is highlighted where it is drawn, and the band behind
      // the past rows ends at its top (both drawn in the frame after the one that moved).
      await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(null))));
      const boxes = await page.evaluate(() => {
        const row = document.querySelector(".trace-list li[aria-current='step']");
        const r = row?.getBoundingClientRect();
        const here = document.querySelector(".trace-here")?.getBoundingClientRect();
        const past = document.querySelector(".trace-past")?.getBoundingClientRect();
        return { row: r?.top, rowBottom: r?.bottom, here: here?.top, pastEnd: past?.bottom };
      });
      assert.equal(boxes.here, boxes.row, "the highlight sits on the current row");
      assert.equal(boxes.pastEnd, boxes.row, "the past band ends at the current row");
      nums.forEach((f, i) => {
        if (i > 0) assert.equal(f, (nums[i - 1] as number) + 1, `rows ${nums.join(",")}`);
      });
    };
    for (const to of [5, n - 3, Math.floor(n / 2), 40]) {
      await nav.gotoFrame(to);
      await rowsInOrder(to);
    }
    // The frame box lets the keys go back to the stepper.
    await page.getByLabel("Go to frame").press("Escape");
    for (let i = 1; i <= 12; i++) await page.keyboard.press("ArrowRight");
    await rowsInOrder(52);
    for (let i = 1; i <= 30; i++) await page.keyboard.press("ArrowLeft");
    await rowsInOrder(22);
    // A row holding keyboard focus never turns into another frame's row across far jumps.
    const focusedFrame = () =>
      page.evaluate(
        () =>
          document.activeElement?.closest(".trace-list li")?.querySelector(".fno")?.textContent ??
          null,
      );
    await page.evaluate(() => {
      const rows = [...document.querySelectorAll<HTMLElement>(".trace-list li")];
      rows
        .find((li) => li.querySelector(".fno")?.textContent === "22")
        ?.querySelector("button")
        ?.focus();
    });
    assert.equal(await focusedFrame(), "22");
    // Once row 22 is gone, the focus is on the row of the frame the move went to.
    await page.keyboard.press("End");
    await rowsInOrder(n);
    assert.equal(await focusedFrame(), String(n), "the focus after End");
    // Paging up with the focus on a row: it stays on its frame while that frame is drawn, then
    // goes to the current frame's row, never to another frame's.
    let was = String(n);
    for (let i = 1; i <= 12; i++) {
      await page.keyboard.press("ArrowLeft");
      await until(
        () => frame(stepper),
        (f) => f === n - i,
        `frame ${n - i}`,
      );
      const on = await focusedFrame();
      assert.ok(on === was || on === String(n - i), `focus on ${on} (was ${was}) at ${n - i}`);
      was = on ?? was;
    }
    // Home: frame 0 has no row, and the list stays where it was; the focus stays on its row if
    // that row is still drawn, else the list holds it.
    await page.keyboard.press("Home");
    await until(
      () => frame(stepper),
      (f) => f === 0,
      "frame 0 after Home",
    );
    const end = await focusedFrame();
    const onList = await page.evaluate(
      () => document.activeElement?.classList.contains("trace-list") === true,
    );
    assert.ok(end === was || (end === null && onList), `focus on ${end} after Home (was ${was})`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Go to frame: past the end goes to the last frame and empties the field; Esc clears it", async () => {
    const { page, problems, stepper, nav } = await fresh();
    const { n } = await stepper.position();
    await nav.gotoFrame(n + 800);
    await until(
      () => frame(stepper),
      (f) => f === n,
      "frame after a number past the end",
    );
    const box = page.getByLabel("Go to frame");
    assert.equal(await box.inputValue(), "");
    await nav.gotoFrame(7);
    await until(
      () => frame(stepper),
      (f) => f === 7,
      "frame 7",
    );
    await box.fill("12");
    await box.press("Escape");
    assert.equal(await box.inputValue(), "");
    assert.equal(await page.evaluate(() => document.activeElement?.id ?? ""), "");
    // The keys are the stepper's again.
    await page.keyboard.press("ArrowRight");
    await until(
      () => frame(stepper),
      (f) => f === 8,
      "frame after →",
    );
    // A lone "-" is not a number: it is said so and cleared, so the next digits stand alone.
    await box.focus();
    await page.keyboard.type("-");
    await page.keyboard.press("Enter");
    await page.getByText("not a frame number").waitFor();
    await box.focus();
    await page.keyboard.type("15");
    await page.keyboard.press("Enter");
    await until(
      () => frame(stepper),
      (f) => f === 15,
      "frame 15 after a bad entry",
    );
    assert.equal(await page.getByText("not a frame number").count(), 0);
    // A number past the end goes to the last frame, and says so.
    await box.focus();
    await page.keyboard.type("99999");
    await page.keyboard.press("Enter");
    await page.getByText(`99999: the run ends at frame ${n}, so frame ${n}`).waitFor();
    // A stray digit takes the keys to the box; a clicker's PageUp still steps, and gives the
    // keys back to the page, so → steps again too.
    await page.keyboard.press("5");
    assert.equal(await page.evaluate(() => document.activeElement?.id ?? ""), "goto-frame");
    await page.keyboard.press("PageUp");
    await until(
      () => frame(stepper),
      (f) => f === n - 1,
      "frame after PageUp in the box",
    );
    assert.equal(await page.evaluate(() => document.activeElement?.id ?? ""), "");
    await page.keyboard.press("ArrowLeft");
    await until(
      () => frame(stepper),
      (f) => f === n - 2,
      "frame after ← once the box let go",
    );
    // The note said where 99999 went; stepping away ends it.
    assert.equal(await page.getByText("99999: the run ends at frame").count(), 0);
    // The stray digit left with the keys: the next number typed stands alone.
    assert.equal(await box.inputValue(), "");
    await box.focus();
    await page.keyboard.type("12");
    await page.keyboard.press("Enter");
    await until(
      () => frame(stepper),
      (f) => f === 12,
      "frame 12, not 512",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("at 1280x720 the LRU lists scrolled to stay put while the run steps and the swap table grows", async () => {
    const { page, nav } = await fresh({ width: 1280, height: 720 });
    await nav.gotoFrame(50);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // Scrolled with the wheel over the node column, as a lecturer would.
    const col = await page.locator(".col-main").boundingBox();
    assert.ok(col);
    await page.mouse.move(col.x + col.width / 2, 600);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 330);
    const heading = page.getByRole("heading", { name: /^Per-CPU pagevecs/ });
    await until(
      () => heading.boundingBox(),
      (b) => b !== null && b.y > 200 && b.y < 650,
      "in view",
    );
    const before = (await heading.boundingBox())?.y ?? 0;
    // Through the lazy mbind's unmapping: a swap-cache row is added at every page.
    for (let i = 0; i < 60; i++) await page.keyboard.press("ArrowRight");
    const after = (await heading.boundingBox())?.y ?? 0;
    // The legend, first in the column's source but drawn last, was the browser's anchor: the
    // heading went from y 220 to -329 under the sticky header.
    assert.ok(Math.abs(after - before) <= 2, `the heading moved from ${before} to ${after}`);
    await page.close();
  });
});
