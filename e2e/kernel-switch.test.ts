/**
 * The Kernel switch (issue 9): the same scenario under the RFC's 3.3 and under Linux 6.1, and
 * 6.1's PROT_NONE NUMA-hinting PTEs drawn in the page table.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { Simulation } from "../src/kernel/run.ts";
import { BUILTINS } from "../src/scenario/builtins.ts";
import { parseScenario } from "../src/scenario/parse.ts";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { Navigation } from "./pages/navigation.ts";
import { PageTablePanel } from "./pages/panels.ts";
import { Stepper } from "./pages/stepper.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab();

const kernelRadio = (page: Page, name: RegExp) => page.getByRole("radio", { name });
/** Wait until the Kernel switch shows `kernel` chosen. */
const kernelChecked = (page: Page, kernel: string) =>
  page.waitForFunction(
    (k) => document.querySelector<HTMLInputElement>(`input[value="${k}"]`)?.checked === true,
    kernel,
  );
/** The vmstat lines marked † as not in 3.3's /proc/vmstat. */
const markedLines = async (page: Page) =>
  (await page.getByRole("table", { name: "vmstat" }).getByRole("rowheader").allTextContents())
    .filter((t) => t.endsWith("†"))
    .map((t) => t.replace(/\s*†$/, ""));
const cells = (page: Page, name: RegExp) => new PageTablePanel(page, 100).cells(name);

async function settleAtEnd(stepper: Stepper): Promise<void> {
  await stepper.settled();
  await stepper.toEnd();
}

describe("the kernel switch", () => {
  it("reruns the seed under Linux 6.1 (the lazy mbind is -EINVAL) and back", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 1280,
      height: 720,
    });
    const stepper = new Stepper(page);
    await stepper.ready();
    assert.equal(await kernelRadio(page, /RFC 2012/).isChecked(), true);
    const headerHeight = () => page.locator("header.top").evaluate((el) => el.clientHeight);
    const rfcHeader = await headerHeight();
    await settleAtEnd(stepper);
    assert.ok((await cells(page, /swap entry/)) > 0, "the RFC's lazy mbind leaves swap entries");
    assert.deepEqual(await markedLines(page), [
      "nr_swapcache",
      "pgmigrate_success",
      "pgmigrate_fail",
    ]);

    await page.getByText("Linux 6.1 (mainline)", { exact: true }).click();
    await kernelChecked(page, "mainline");
    await stepper.ready();
    // 6.1's "Let 1 s pass" takes no header row of its own at 1280 px: the page below stays put.
    await page.getByRole("button", { name: "Let 1 s pass" }).waitFor();
    assert.equal(await headerHeight(), rfcHeader);
    await settleAtEnd(stepper);
    // The lesson's notes say what the RFC's kernel does: the panel says so above them.
    const notes = page.getByRole("region", { name: "Lecture notes" });
    await notes
      .getByText(/^These notes were written for RFC 2012 .* the run on screen is Linux 6\.1/)
      .waitFor();
    assert.equal(await cells(page, /swap entry/), 0, "6.1 rejects MPOL_MF_LAZY: nothing unmapped");
    assert.deepEqual(await markedLines(page), [], "6.1's /proc/vmstat has every line shown");
    assert.equal(await cells(page, /PROT_NONE/), 0);
    // Time passes: the first NUMA scan makes the PTEs of pages off the LRU batches PROT_NONE.
    await page.getByRole("button", { name: "Let 1 s pass" }).click();
    await page.getByText("tick: 1000 ms pass").waitFor();
    await settleAtEnd(stepper);
    assert.ok((await cells(page, /PROT_NONE/)) > 0, "a tick under 6.1 scans");
    assert.match(
      (await page.getByRole("region", { name: "Kernel trace" }).textContent()) ?? "",
      /6\.1/,
    );

    await page.getByText("RFC 2012 (3.3 + MPOL_MF_LAZY)", { exact: true }).click();
    await stepper.ready();
    await settleAtEnd(stepper);
    assert.ok((await cells(page, /swap entry/)) > 0);
    assert.equal(await notes.getByText(/^These notes were written for/).count(), 0);
    assert.equal(await page.getByRole("button", { name: "Let 1 s pass" }).count(), 0);
    assert.deepEqual(problems, []);
  });

  it("stays at the call on screen, and keeps the calls made and their Undo", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=150`,
    );
    const stepper = new Stepper(page);
    await stepper.ready();
    const form = new SyscallForm(page);
    await form.ready();
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 2), "0");
    await new Navigation(page).gotoFrame(40);
    const where = page.locator(".narration .where");
    await where.filter({ hasText: "step 2" }).waitFor();
    await page.getByText("Linux 6.1 (mainline)", { exact: true }).click();
    // The mbind (step 2) on 6.1: its entry frame, which turns MPOL_MF_LAZY away.
    await where.filter({ hasText: /^kernel_mbind .*step 2$/ }).waitFor({ timeout: 15_000 });
    assert.ok((await stepper.position()).i > 1);
    const made = page.getByRole("list", { name: "Calls made" });
    assert.match((await made.textContent()) ?? "", /touch → 0/);
    await page.getByRole("button", { name: "Undo the last call" }).waitFor();
    await page.getByText("RFC 2012 (3.3 + MPOL_MF_LAZY)", { exact: true }).click();
    await where.filter({ hasText: /^sys_mbind .*step 2$/ }).waitFor({ timeout: 15_000 });
    assert.deepEqual(problems, []);
  });

  it("a lesson under the other kernel is still the lesson: its link is b= and k=, a few dozen characters", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=60`,
    );
    const stepper = new Stepper(page);
    await stepper.ready();
    const picker = page.getByRole("combobox", { name: /^Scenario/ });
    const lesson = await picker.inputValue();
    await page.getByText("Linux 6.1 (mainline)", { exact: true }).click();
    await page.waitForFunction(() => location.hash.includes("k=mainline"), null, {
      timeout: 15_000,
    });
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /[#&]b=seed-workers-pull-local(&|$)/);
    assert.ok(!hash.includes("s="), hash);
    assert.ok(hash.length < 100, `${hash.length} characters`);
    assert.equal(await picker.inputValue(), lesson);
    // The link opens the lesson under 6.1.
    const other = await openApp(lab.browser, `${lab.site.url}${hash}`);
    await new Stepper(other.page).ready();
    await kernelChecked(other.page, "mainline");
    assert.equal(
      await other.page.getByRole("combobox", { name: /^Scenario/ }).inputValue(),
      lesson,
    );
    assert.deepEqual([...problems, ...other.problems], []);
    await other.page.close();
    await page.close();
  });

  it("switched with an arrow key, keeps the focus: the other arrow switches back", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url);
    const stepper = new Stepper(page);
    await stepper.ready();
    await stepper.settled();
    await kernelRadio(page, /RFC 2012/).focus();
    const focused = () =>
      page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? "");
    await page.keyboard.press("ArrowRight");
    await kernelChecked(page, "mainline");
    await stepper.ready();
    await stepper.settled();
    // The radios were disabled while the run was replaced, which dropped the focus to the page.
    assert.equal(await focused(), "mainline");
    await page.keyboard.press("ArrowLeft");
    await kernelChecked(page, "rfc-2012");
    await stepper.settled();
    assert.equal(await focused(), "rfc-2012");
    // A click hands the arrow keys back to the stepper.
    await page.getByText("Linux 6.1 (mainline)", { exact: true }).click();
    await kernelChecked(page, "mainline");
    await stepper.settled();
    const before = (await stepper.position()).i;
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(
      (f) => document.body.textContent?.includes(`Frame ${f} /`),
      before + 1,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("an arrow key before the new run has started leaves the focus on the kernel chosen", async () => {
    const { page, problems } = await openApp(lab.browser, `${lab.site.url}#v=1&b=large-machine`);
    const stepper = new Stepper(page);
    await stepper.ready();
    await stepper.settled();
    await kernelRadio(page, /RFC 2012/).focus();
    // Both keys at once: the second comes before the worker has started the 6.1 run, while the
    // switch refuses (the run on screen is being replaced).
    await Promise.all([page.keyboard.press("ArrowRight"), page.keyboard.press("ArrowLeft")]);
    await stepper.ready();
    await stepper.settled();
    await kernelChecked(page, "mainline");
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return { value: el?.value, checked: el?.checked };
    });
    assert.deepEqual(focus, { value: "mainline", checked: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("draws the PTEs NUMA balancing made PROT_NONE, with a label", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url);
    const stepper = new Stepper(page);
    await stepper.ready();
    await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("mainline-numa-balancing");
    await kernelChecked(page, "mainline");
    await settleAtEnd(stepper);
    // As many as the model leaves PROT_NONE at the end (the last tick marks them again).
    const parsed = parseScenario(
      BUILTINS.find((b) => b.id === "mainline-numa-balancing")?.json ?? null,
    );
    if (!parsed.ok) throw new Error(parsed.errors.join());
    const sim = new Simulation(parsed.scenario).runAll();
    const ptes = [...(sim.kernel.mms.get(100 as never)?.ptes.values() ?? [])];
    const protnone = ptes.filter((p) => p.kind === "present" && p.protnone).length;
    assert.ok(protnone > 0);
    assert.equal(await cells(page, /PROT_NONE for NUMA balancing/), protnone);
    assert.equal(
      await page.getByText("PROT_NONE for NUMA balancing (N = pfn; 6.1 only)").count(),
      1,
    );
    assert.deepEqual(problems, []);
  });
});
