/**
 * Calls made from the frame on screen (issue: "Calls from the frame on screen"): a call goes after
 * the system call that frame belongs to, later steps run again or are dropped, the form says
 * where it went, Undo takes it back, and a reload keeps the calls and their Undo.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { servedLab } from "./fixtures/lab.ts";
import { until } from "./fixtures/until.ts";
import { openAtStart } from "./pages/navigation.ts";
import type { Stepper } from "./pages/stepper.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab("/lab/");
const fresh = (size?: { width: number; height: number }) => openAtStart(lab, size);
const frame = async (s: Stepper) => (await s.position()).i;

/**
 * A read made from the form at the frame on screen, which the lesson's step 3 becomes: what the
 * form then says of where it went, once the rerun it starts is done (its frame count is reported
 * only a few times a second while it runs).
 */
async function readInserted(page: Page, stepper: Stepper): Promise<string> {
  const form = new SyscallForm(page);
  await form.ready();
  assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1, "read"), "0");
  const where = page.getByRole("status").filter({ hasText: "Inserted as step 3" });
  await where.waitFor({ timeout: 15_000 });
  await stepper.settled();
  return (await where.textContent()) ?? "";
}

describe("calls made from the frame on screen", () => {
  it("a call made at an earlier frame is inserted after that frame's call; Undo removes it", async () => {
    const { page, stepper, nav } = await fresh();
    const { n } = await stepper.position();
    // Into the lazy mbind (its "set the policy" phase).
    await nav.gotoFrame(1);
    for (let k = 0; k < 5; k++) await page.keyboard.press("]");
    await until(
      () => nav.phase.textContent(),
      (t) => t === "mbind · set the policy",
      "phase",
    );
    const made = await frame(stepper);
    assert.match(await readInserted(page, stepper), /the steps after it ran again/);
    // The read runs right after the mbind: the counter shows its first frame, and the run grew.
    const after = await stepper.position();
    assert.ok(after.n > n, "later steps ran again after the call");
    assert.ok(after.i > made && after.i < after.n - 10, "shown where it was inserted");
    await page.getByRole("button", { name: "Undo the last call" }).click();
    await until(
      () => stepper.position(),
      (p) => p.n === n && p.i === made,
      "undone",
    );
    await page.close();
  });

  it("Drop the steps after it is for one call: unticked after it, and the call is listed by its step", async () => {
    const { page, stepper, nav, problems } = await fresh();
    const { n } = await stepper.position();
    await nav.gotoFrame(40);
    const form = new SyscallForm(page);
    await form.ready();
    const drop = form.root.getByRole("checkbox", { name: /^Drop the steps after it/ });
    await drop.check();
    assert.match(await readInserted(page, stepper), /the steps after it were dropped/);
    assert.ok((await stepper.position()).n < n, "the later steps are gone");
    // Listed by the step it became, counted from 0 as "Inserted as step 3" counts.
    const made = page.getByRole("list", { name: "Calls made" }).getByRole("listitem");
    assert.match((await made.first().textContent()) ?? "", /^step 3 · tid 101: touch/);
    // Left ticked, the box would drop steps again at the next call, unasked.
    await page.getByRole("button", { name: "Undo the last call" }).click();
    await until(
      () => stepper.position(),
      (p) => p.n === n,
      "undone",
    );
    await stepper.settled();
    await nav.gotoFrame(40);
    assert.equal(await drop.isChecked(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("at 1280x720 a call made from the form leaves the form where it was, its answer in view", async () => {
    const { page, nav } = await fresh({ width: 1280, height: 720 });
    await nav.gotoFrame(60);
    const form = new SyscallForm(page);
    await form.ready();
    await form.choose("touch");
    const button = form.root.getByRole("button", { name: "Call touch" });
    // Where the tester had it: the form's button in the middle of the window, room for its answer.
    await button.evaluate((b) => window.scrollBy(0, b.getBoundingClientRect().top - 450));
    const before = await button.boundingBox();
    await form.issue();
    const where = page.getByRole("status").filter({ hasText: "Inserted as step 3" });
    await where.waitFor({ timeout: 15_000 });
    // The swap table in the other column grows between frame 60 and the call's frame: scroll
    // anchoring there moved this column by 549 px, its answer under the sticky header.
    const after = await button.boundingBox();
    assert.ok(before && after, "the button is on the page");
    assert.ok(Math.abs(after.y - before.y) <= 2, `the button moved from ${before.y} to ${after.y}`);
    const header = await page.locator("header.top").boundingBox();
    const status = await where.boundingBox();
    assert.ok(header && status, "header and status are on the page");
    assert.ok(
      status.y >= header.y + header.height && status.y + status.height <= 720,
      `the answer is in view below the header: ${JSON.stringify(status)}`,
    );
    await page.close();
  });

  it("after a reload the calls made are listed again and Undo still takes the last back", async () => {
    const { page, stepper, nav, problems } = await fresh();
    const { n } = await stepper.position();
    await nav.gotoFrame(20);
    // The calls part of the address ("c="), once the address has caught up with frame 20: a call
    // inserted into a lesson keeps the link short, the lesson by name (b=) and the call (c=).
    const param = (k: string) => new URLSearchParams(new URL(page.url()).hash.slice(1)).get(k);
    const shared = () => param("c");
    await until(
      async () => new URL(page.url()).hash,
      (h) => h.includes("f=20"),
      "the address at frame 20",
    );
    const before = shared();
    const form = new SyscallForm(page);
    await form.ready();
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1), "0");
    const calls = page.getByRole("list", { name: "Calls made" });
    await calls.waitFor();
    // Once the address holds the call (it is written a moment after the run stops moving).
    await until(
      async () => shared(),
      (part) => part !== before,
      "the address after the call",
    );
    assert.ok(param("b"), "the link names the lesson");
    assert.equal(param("s"), null);
    const listed = await calls.textContent();
    await page.reload();
    await stepper.ready();
    await calls.waitFor({ timeout: 15_000 });
    assert.equal(await calls.textContent(), listed);
    await page.getByRole("button", { name: "Undo the last call" }).click();
    await until(
      () => stepper.position(),
      (p) => p.n === n && p.i === 20,
      "undone after the reload",
    );
    assert.equal(await calls.count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("after a reload, Back is still the last call's Undo", async () => {
    const { page, stepper, nav, problems } = await fresh();
    const calls = page.getByRole("list", { name: "Calls made" });
    const form = new SyscallForm(page);
    await form.ready();
    // The calls part of the address: each call pushes a history entry with a new one.
    const shared = async () => new URLSearchParams(new URL(page.url()).hash.slice(1)).get("c");
    for (const [frame, tid] of [
      [20, "tid 101 (pid 100, cpu 1)"],
      [40, "tid 102 (pid 100, cpu 2)"],
    ] as const) {
      await nav.gotoFrame(frame);
      const before = await shared();
      assert.equal(await form.touch(tid, "0x7f0000000000", 1), "0");
      await until(shared, (part) => part !== before, "the address after the call");
      await until(
        () => calls.getByRole("listitem").count(),
        (c) => c === (frame === 20 ? 1 : 2),
        "the call listed",
      );
    }
    await page.reload();
    await stepper.ready();
    await until(
      () => calls.getByRole("listitem").count(),
      (c) => c === 2,
      "listed after reload",
    );
    await page.goBack();
    await until(
      () => calls.getByRole("listitem").count(),
      (c) => c === 1,
      "Back undid one call",
    );
    assert.ok(await page.getByRole("button", { name: "Undo the last call" }).isVisible());
    assert.deepEqual(problems, []);
    await page.close();
  });
});
