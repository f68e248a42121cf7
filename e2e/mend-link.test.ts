/**
 * A link whose scenario is JSON with a typo can be mended in the editor, and is not lost from the
 * tab; the editor says when its text is not the run on screen. Each failed on the build before.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compressText } from "../src/scenario/compress.ts";
import { LESSONS } from "../src/scenario/library.ts";
import { servedLab } from "./fixtures/lab.ts";
import { LinkAlert, ScenarioEditor } from "./pages/share.ts";
import { openStepping } from "./pages/stepper.ts";

const lab = servedLab();

const open = (fragment = "") => openStepping(lab.browser, `${lab.site.url}${fragment}`);

const subtitleIs = (page: import("playwright-core").Page, text: string) =>
  page.waitForFunction((t) => document.querySelector(".subtitle")?.textContent === t, text, {
    timeout: 30_000,
  });

const seed = LESSONS[0]?.json() as { title: string; steps: { flags?: string[] }[] };
const typo = JSON.stringify({ ...seed, title: "Mended" }).replace(
  '"MPOL_MF_LAZY"',
  '"MPOL_MF_LAZZY"',
);
const typoLink = `#v=1&s=${compressText(typo)}&f=5`;

describe("a link whose scenario failed validation", () => {
  it("opens in the editor with its error marked, and runs once mended", async () => {
    const { page, problems, stepper } = await open(typoLink);
    const alert = new LinkAlert(page);
    assert.match(await alert.text(), /unknown flag "MPOL_MF_LAZZY"/);
    await alert.root.getByRole("button", { name: "Fix it in the editor" }).click();
    const editor = new ScenarioEditor(page);
    await editor.root.locator(".cm-content").waitFor({ timeout: 15_000 });
    assert.match(await editor.text(), /"title": "Mended"/);
    await editor.underlined().first().waitFor({ timeout: 10_000 });
    assert.equal(await editor.underlined().first().textContent(), '"MPOL_MF_LAZZY"');
    assert.equal(await alert.root.count(), 0, "the alert has given way to the editor");
    await editor.setText((await editor.text()).replace("MPOL_MF_LAZZY", "MPOL_MF_LAZY"));
    await editor.run();
    await subtitleIs(page, "Mended");
    await stepper.ready();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("stays in the tab's history once the reader moves on: Back brings it back", async () => {
    const { page, problems, stepper } = await open(typoLink);
    await new LinkAlert(page).text();
    await stepper.next();
    await page.waitForFunction(() => /b=seed-workers-pull-local/.test(location.hash), null, {
      timeout: 10_000,
    });
    await page.goBack();
    assert.match(await page.evaluate(() => location.hash), /[#&]s=/);
    assert.match(await new LinkAlert(page).text(), /MPOL_MF_LAZZY/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe("the editor's text and the run on screen", () => {
  it("says when they differ, and shows the run on screen on request", async () => {
    const { page, problems } = await open();
    const editor = new ScenarioEditor(page);
    await editor.open();
    const note = editor.root.getByText(/^Not run yet: this text is not the scenario on screen/);
    assert.equal(await note.count(), 0);
    await editor.setText((await editor.text()).replace(seed.title, "Draft"));
    await note.waitFor({ timeout: 10_000 });
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("interleave");
    const interleave = LESSONS.find((l) => l.id === "interleave")?.json() as { title: string };
    await subtitleIs(page, interleave.title);
    assert.match(await editor.text(), /"title": "Draft"/, "the draft is kept");
    await note.waitFor();
    await editor.root.getByRole("button", { name: "Show the scenario on screen instead" }).click();
    assert.match(await editor.text(), new RegExp(`"title": "${interleave.title}"`));
    await note.waitFor({ state: "detached" });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
