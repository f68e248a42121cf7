/**
 * Share links, the lesson library and the scenario editor in real Chromium: a link reproduces
 * the frame and the panels in a fresh browser; the address follows the user (reload, back and
 * forward); every kind of bad link gets an alert, never a blank page; the editor shows the CLI's
 * errors at the field; import then export gives the same file; every lesson runs to its end.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { zlibSync } from "fflate";
import type { Page } from "playwright-core";
import { compressText, toBase64Url } from "../src/scenario/compress.ts";
import { LESSONS } from "../src/scenario/library.ts";
import { prettyJson } from "../src/scenario/prettyJson.ts";
import { servedLab } from "./fixtures/lab.ts";
import { PageTablePanel, TracePanel } from "./pages/panels.ts";
import { LinkAlert, ScenarioEditor, SharePanel } from "./pages/share.ts";
import { openStepping, Stepper } from "./pages/stepper.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab("/courses/numa/lab/");

const open = (fragment = "") => openStepping(lab.browser, `${lab.site.url}${fragment}`);

const subtitle = async (page: Page) => (await page.locator(".subtitle").textContent()) ?? "";

async function subtitleIs(page: Page, want: string | RegExp): Promise<void> {
  const src = typeof want === "string" ? null : want.source;
  await page.waitForFunction(
    ([text, re]) => {
      const got = document.querySelector(".subtitle")?.textContent ?? "";
      return re ? new RegExp(re).test(got) : got === text;
    },
    [typeof want === "string" ? want : "", src] as const,
    { timeout: 30_000 },
  );
}

/** Wait until the address's fragment has caught up with the page (writes are debounced). */
async function addressSays(page: Page, pattern: RegExp): Promise<void> {
  await page.waitForFunction((src) => new RegExp(src).test(location.hash), pattern.source, {
    timeout: 10_000,
  });
}

async function goTo(page: Page, stepper: Stepper, frame: number): Promise<void> {
  await page.keyboard.press("Home");
  for (let i = 0; i < frame; i++) await page.keyboard.press("ArrowRight");
  assert.equal((await stepper.position()).i, frame);
}

describe("share links and the lesson library", () => {
  it("a shared URL opens in a fresh browser on the same frame, page table and trace", async () => {
    const { page, problems, stepper } = await open();
    await goTo(page, stepper, 47);
    await page
      .getByRole("region", { name: "NUMA node 0" })
      .getByText("5", { exact: true })
      .first()
      .click();
    const url = await new SharePanel(page).url();
    assert.match(url, /#v=1&b=seed-workers-pull-local&f=47&pfn=5$/);
    const table = await new PageTablePanel(page, 100).text();
    const narration = await new TracePanel(page).narration();
    const inspector = page.getByRole("complementary", { name: /inspector/ });
    const selected = await inspector.textContent();

    const fresh = await lab.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await fresh.newPage();
    const otherProblems: string[] = [];
    other.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") otherProblems.push(m.text());
    });
    other.on("pageerror", (e) => otherProblems.push(e.message));
    await other.goto(url);
    const otherStepper = new Stepper(other);
    await otherStepper.ready();
    assert.deepEqual(await otherStepper.position(), await stepper.position());
    assert.equal(await new PageTablePanel(other, 100).text(), table);
    assert.equal(await new TracePanel(other).narration(), narration);
    assert.equal(
      await other.getByRole("complementary", { name: /inspector/ }).textContent(),
      selected,
    );
    assert.deepEqual([...problems, ...otherProblems], []);
    await fresh.close();
    await page.close();
  });

  it("a custom scenario travels whole in the link", async () => {
    const lesson = LESSONS.find((l) => l.id === "swap-full")?.json() as object;
    const custom = compressText(JSON.stringify({ ...lesson, title: "A scenario of my own" }));
    const { page, problems, stepper } = await open(`#v=1&s=${custom}&f=9`);
    assert.equal(await subtitle(page), "A scenario of my own");
    assert.equal((await stepper.position()).i, 9);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a link to a 'your turn' lesson that names no frame opens at its end, as the picker does", async () => {
    const { page, problems, stepper } = await open("#v=1&b=your-turn-issue-mbind");
    await page.waitForFunction(() => {
      const m = /Frame (\d+) \/ (\d+)/.exec(document.body.textContent ?? "");
      return m !== null && m[1] === m[2];
    });
    const { i, n } = await stepper.position();
    assert.ok(n > 0 && i === n, `frame ${i} of ${n}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("reload keeps the frame", async () => {
    const { page, problems, stepper } = await open();
    await goTo(page, stepper, 12);
    await addressSays(page, /f=12\b/);
    await page.reload();
    await stepper.ready();
    assert.equal((await stepper.position()).i, 12);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("reload keeps the frame while playing", async () => {
    const { page, problems, stepper } = await open();
    await goTo(page, stepper, 10);
    await addressSays(page, /f=10\b/);
    await page.keyboard.press("Space");
    // Playing, the frame never stays put; the address follows it anyway, once a second.
    await addressSays(page, /f=(1[1-9]|[2-9]\d|\d{3,})\b/);
    await page.reload();
    await stepper.ready();
    // Where the address was as the reload began (play stops with it), past the frame it began at.
    const at = Number(/[#&]f=(\d+)/.exec(page.url())?.[1]);
    assert.ok(at > 10, `reopened at ${at}`);
    assert.equal((await stepper.position()).i, at);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("back and forward move between two scenarios", async () => {
    const { page, problems, stepper } = await open();
    const picker = page.getByRole("combobox", { name: /^Scenario/ });
    await addressSays(page, /b=seed-workers-pull-local/);
    await picker.selectOption("strict-eio");
    await subtitleIs(page, /STRICT/);
    await stepper.ready();
    await addressSays(page, /b=strict-eio/);
    await page.goBack();
    await subtitleIs(page, "Workers pull their pages local");
    assert.equal(await picker.inputValue(), "seed-workers-pull-local");
    await page.goForward();
    await subtitleIs(page, /STRICT/);
    assert.equal(await picker.inputValue(), "strict-eio");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Back after a call is its Undo, Forward brings it back, with the calls list and Undo", async () => {
    const { page, problems, stepper } = await open("#v=1&b=your-turn-issue-mbind");
    const form = new SyscallForm(page);
    await form.ready();
    const calls = page.getByRole("list", { name: "Calls made" }).getByRole("listitem");
    const undo = page.getByRole("button", { name: "Undo the last call" });
    for (const tid of ["tid 101 (pid 100, cpu 1)", "tid 102 (pid 100, cpu 2)"]) {
      await stepper.toEnd();
      await form.touch(tid, "0x7f0000000000", 1, "read");
      await calls.nth(tid.includes("101") ? 0 : 1).waitFor();
      // The address takes the call (a new history entry) once the frame has settled.
      await addressSays(page, /&c=/);
      await page.waitForTimeout(400);
    }
    assert.equal(await calls.count(), 2);
    await page.goBack();
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Calls made"] li').length === 1,
    );
    assert.equal(await undo.isVisible(), true, "the first call can still be undone");
    await page.goForward();
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Calls made"] li').length === 2,
    );
    await undo.click();
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label="Calls made"] li').length === 1,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  const seedLink = compressText(JSON.stringify(LESSONS[0]?.json()));
  const flipped = `${seedLink.slice(0, 60)}${seedLink[60] === "A" ? "B" : "A"}${seedLink.slice(61)}`;
  const bomb = toBase64Url(zlibSync(new Uint8Array(8 << 20).fill(32), { level: 9 }));
  const seed = LESSONS[0]?.json() as { machine: object };
  const noNodes = compressText(
    JSON.stringify({ ...seed, machine: { ...seed.machine, nodes: [] } }),
  );
  const BAD: [string, string, RegExp][] = [
    ["malformed", "#v=1&s=%%%not-base64", /malformed: .*not base64url/],
    ["truncated", `#v=1&s=${seedLink.slice(0, seedLink.length - 40)}`, /truncated: .*cut short/],
    ["tampered", `#v=1&s=${flipped}`, /damaged or tampered with|not valid/],
    ["future-version", "#v=9&b=seed-workers-pull-local", /newer version of the lab/],
    ["oversized", `#v=1&s=${"A".repeat(40_000)}`, /too large: 40,00\d characters/],
    ["decompression-bomb", `#v=1&s=${bomb}`, /too large: .*inflates to more than/],
    ["unknown-lesson", "#v=1&b=no-such-lesson", /no-such-lesson/],
    // The validator's message, made a sentence before the next one.
    [
      "invalid-scenario",
      `#v=1&s=${noNodes}`,
      /machine\.nodes: a machine needs at least one node\. The first lesson is shown instead\./,
    ],
  ];
  for (const [kind, fragment, says] of BAD) {
    it(`a ${kind} link gets an alert with a way to the library, and a clean console`, async () => {
      const { page, problems, stepper } = await open(fragment);
      const alert = new LinkAlert(page);
      assert.match(await alert.text(), says);
      // Not a blank page: the first lesson is loaded and steps.
      assert.equal(await subtitle(page), "Workers pull their pages local");
      await stepper.next();
      assert.equal((await stepper.position()).i, 1);
      await alert.root.getByRole("button", { name: /library/ }).click();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "scenario-picker");
      assert.deepEqual(problems, []);
      await page.close();
    });
  }

  it("a link whose frame is bad opens its lesson at the start, says what was left out, and keeps the address until you move", async () => {
    const { page, problems, stepper } = await open("#v=1&b=strict-eio&f=-5");
    const alert = page.getByRole("alert").filter({ hasText: "Part of this link was left out" });
    await alert.waitFor({ timeout: 15_000 });
    assert.match(
      (await alert.textContent()) ?? "",
      /^Part of this link was left out: the frame "f=-5" is not a frame number/,
    );
    const lesson = LESSONS.find((l) => l.id === "strict-eio");
    await subtitleIs(page, String((lesson?.json() as { title: string } | undefined)?.title));
    assert.equal((await stepper.position()).i, 0);
    // The address still holds the link the alert quotes, for the user to read.
    await page.waitForTimeout(600);
    assert.match(await page.evaluate(() => location.hash), /f=-5/);
    await stepper.next();
    await addressSays(page, /b=strict-eio&f=1\b/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("every lesson loads and runs to its end with a clean console", async () => {
    const { page, problems, stepper } = await open();
    const picker = page.getByRole("combobox", { name: /^Scenario/ });
    for (const lesson of LESSONS) {
      await picker.selectOption(lesson.id);
      const title = String((lesson.json() as { title: string }).title);
      await subtitleIs(page, title);
      await stepper.settled();
      await stepper.toEnd();
      const { i, n } = await stepper.position();
      assert.ok(n > 0 && i === n, `${lesson.id}: frame ${i} / ${n}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe("the scenario editor", () => {
  it("shows the CLI's error at the offending field as you type, and Run applies the fix", async () => {
    const { page, problems, stepper } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const text = await editor.text();
    assert.match(text, /"title": "Workers pull their pages local"/);
    await editor.setText(text.replace('"MPOL_MF_LAZY"', '"MPOL_MF_LAZZY"'));
    await editor.errors().first().waitFor({ timeout: 10_000 });
    assert.equal(
      await editor.errors().first().textContent(),
      'steps[2].flags[1]: unknown flag "MPOL_MF_LAZZY"',
    );
    await editor.underlined().first().waitFor({ timeout: 10_000 });
    assert.equal(await editor.underlined().first().textContent(), '"MPOL_MF_LAZZY"');
    // With the code scrolled away from it, a click on the message brings the field back.
    const inView = () =>
      page.evaluate(() => {
        const box = document.querySelector(".cm-scroller")?.getBoundingClientRect();
        const bad = document.querySelector(".cm-lintRange-error")?.getBoundingClientRect();
        return !!box && !!bad && bad.top >= box.top && bad.bottom <= box.bottom;
      });
    await page.evaluate(() => {
      const scroller = document.querySelector(".cm-scroller");
      if (scroller) scroller.scrollTop = scroller.scrollHeight;
    });
    await page.waitForFunction(() => {
      const box = document.querySelector(".cm-scroller")?.getBoundingClientRect();
      const bad = document.querySelector(".cm-lintRange-error")?.getBoundingClientRect();
      return !!box && (!bad || bad.bottom < box.top);
    });
    await editor.errors().first().getByRole("button").click();
    // CodeMirror scrolls once it has measured, a frame or two later.
    for (let i = 0; i < 50 && !(await inView()); i++) await page.waitForTimeout(100);
    assert.equal(await inView(), true, "the clicked message's field is in view");
    assert.equal(await editor.root.getByRole("button", { name: "Run" }).isDisabled(), true);
    // The message can be read whole: the code above it does not squeeze its list shut.
    const list = editor.root.getByRole("list", { name: "Scenario errors" });
    const [listBox, itemBox] = [
      await list.boundingBox(),
      await editor.errors().first().boundingBox(),
    ];
    assert.ok(
      listBox && itemBox && listBox.height >= itemBox.height - 0.5,
      JSON.stringify({ listBox, itemBox }),
    );

    // A syntax error V8 gives no place for ("Unexpected token ','") says its line all the same.
    await editor.setText(text.replace('"steps": [', '"steps": [,'));
    await editor
      .errors()
      .filter({ hasText: /^\(scenario\): not valid JSON: [\s\S]*\(line \d+ column \d+\)$/ })
      .first()
      .waitFor({ timeout: 10_000 });
    // And is underlined where the parser stopped (the comma), as a field's error is.
    await page
      .locator(".cm-lintRange-error", { hasText: /^,$/ })
      .first()
      .waitFor({ timeout: 10_000 });

    // A field nothing reads (a typo) is listed as a warning; the scenario still runs.
    await editor.setText(text.replace('"op": "touch"', '"op": "touch", "acess": "read"'));
    await editor.errors().first().waitFor({ timeout: 10_000 });
    assert.match((await editor.errors().first().textContent()) ?? "", /^Warning: .*acess/);
    assert.equal(await editor.root.getByRole("button", { name: "Run" }).isDisabled(), false);

    await editor.setText(text.replace("Workers pull their pages local", "Edited in the lab"));
    await editor.run();
    await subtitleIs(page, "Edited in the lab");
    await stepper.ready();
    await addressSays(page, /[#&]s=/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Esc in the editor hands the keys back to stepping and keeps the text", async () => {
    const { page, problems, stepper } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const text = await editor.text();
    await editor.root.locator(".cm-content").click();
    // In the text, → moves the cursor, not the frame.
    const { i } = await stepper.position();
    await page.keyboard.press("ArrowRight");
    assert.equal((await stepper.position()).i, i);
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (was) => new RegExp(`Frame ${was + 1} /`).test(document.body.textContent ?? ""),
      i,
    );
    assert.equal(await editor.root.isVisible(), true);
    assert.equal(await editor.text(), text);
    // With a word selected, one Esc is enough too.
    await editor.root.locator(".cm-content").getByText('"version"').dblclick();
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (was) => new RegExp(`Frame ${was + 2} /`).test(document.body.textContent ?? ""),
      i,
    );
    assert.equal(await editor.text(), text);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Share, Edit scenario and the QR code take the keyboard where they open, and give it back as they close", async () => {
    const { page, problems } = await open();
    const focused = () =>
      page.evaluate(
        () =>
          document.activeElement?.getAttribute("aria-label") ??
          document.activeElement?.textContent?.trim() ??
          "",
      );
    const press = async (name: string, key: string) => {
      await page.getByRole("button", { name, exact: true }).focus();
      await page.keyboard.press(key);
    };
    // Share: the link is focused and selected, ready for Ctrl+C; Esc goes back to the button.
    await press("Share", "Enter");
    await page.getByRole("textbox", { name: "Share URL" }).waitFor();
    assert.equal(await focused(), "Share URL");
    assert.ok(
      await page.evaluate(() => {
        const f = document.activeElement as HTMLInputElement;
        return f.selectionStart === 0 && f.selectionEnd === f.value.length;
      }),
      "the whole link is selected",
    );
    await page.keyboard.press("Escape");
    assert.equal(await focused(), "Share");
    // The editor: its text takes the keys.
    await press("Edit scenario", "Enter");
    await page.waitForFunction(() => document.activeElement?.classList.contains("cm-content"));
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Close the editor" }).click();
    // The QR code: Enter opens it with the keyboard on Close; Enter there closes it and goes back.
    await press("QR code", "Enter");
    await page.getByRole("dialog", { name: "QR code of this page" }).waitFor();
    assert.equal(await focused(), "Close");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "QR code of this page" }).waitFor({ state: "detached" });
    assert.equal(await focused(), "QR code");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("an edit not run yet survives closing the editor and opening it again", async () => {
    const { page, problems } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const text = await editor.text();
    const edited = text.replace("Workers pull their pages local", "Not run yet");
    await editor.setText(edited);
    await page.getByRole("button", { name: "Close the editor" }).click();
    await editor.root.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Edit scenario" }).click();
    await editor.root.waitFor();
    assert.equal(await editor.text(), edited);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a scenario file dropped on the editor is imported and run", async () => {
    const { page, problems } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const lesson = LESSONS.find((l) => l.id === "bind-nearest")?.json() as object;
    const file = prettyJson({ ...lesson, title: "Dropped in" });
    const data = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "dropped.json", { type: "application/json" }));
      return dt;
    }, file);
    await editor.root.dispatchEvent("drop", { dataTransfer: data });
    await subtitleIs(page, "Dropped in");
    assert.equal(await editor.text(), file);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a scenario pasted with a byte-order mark runs, as the checker that passed it reads it", async () => {
    const { page, problems } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const lesson = LESSONS.find((l) => l.id === "bind-nearest")?.json() as object;
    await editor.setText(`\uFEFF${prettyJson({ ...lesson, title: "Saved with a BOM" })}`);
    await editor.run();
    await subtitleIs(page, "Saved with a BOM");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("import then export gives the same file, and calls from the form appear in it", async () => {
    const { page, problems, stepper } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const lesson = LESSONS.find((l) => l.id === "interleave")?.json() as object;
    const file = prettyJson({ ...lesson, title: "Imported" });
    await editor.root.locator("input[type=file]").setInputFiles({
      name: "imported.json",
      mimeType: "application/json",
      buffer: Buffer.from(file),
    });
    await subtitleIs(page, "Imported");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      editor.root.getByRole("button", { name: "Export" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "imported.json");
    assert.equal(await readFile((await download.path()) as string, "utf8"), file);

    // A call made with the System call form (the editor open) shows in the editor at once.
    const touches = (t: string) => t.match(/"op": "touch"/g)?.length ?? 0;
    const before = touches(await editor.text());
    // Calls go where the user is: from the last frame, the call is appended to the run.
    await stepper.settled();
    await page.getByRole("button", { name: "Last frame" }).click();
    await page.waitForFunction(() => {
      const m = /Frame (\d+) \/ (\d+)/.exec(document.body.textContent ?? "");
      return m !== null && m[1] === m[2];
    });
    const form = new SyscallForm(page);
    await form.ready();
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1), "0");
    let after = before;
    for (let k = 0; k < 50 && after === before; k++) {
      await page.waitForTimeout(100);
      after = touches(await editor.text());
    }
    assert.equal(after, before + 1);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
