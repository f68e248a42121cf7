/**
 * The app in real Chromium: the built site served under a sub-path, driven through its accessible
 * names (the panels, the stepper and the `System call` form are a contract).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import yourTurn from "../src/scenario/builtin/your-turn-issue-mbind.json" with { type: "json" };
import { type OpenedPage, openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { NodePanel, PageTablePanel, SwapCachePanel, TracePanel } from "./pages/panels.ts";
import { Stepper } from "./pages/stepper.ts";
import { SyscallForm } from "./pages/syscall-form.ts";

const lab = servedLab("/courses/numa/lab/");

async function fresh(): Promise<OpenedPage & { stepper: Stepper }> {
  const opened = await openApp(lab.browser, lab.site.url);
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  return { ...opened, stepper };
}

async function pickScenario(page: Page, id: string): Promise<void> {
  await page.getByRole("combobox", { name: /^Scenario/ }).selectOption(id);
  await page.waitForFunction(
    (want) => document.querySelector("h1 + p, .subtitle")?.textContent?.includes(want) ?? false,
    "Your turn",
    {
      timeout: 15_000,
    },
  );
}

/** Poll `read` until it returns `want` (the UI may still be rendering), then assert it. */
async function eventually<T>(read: () => Promise<T>, want: T, message = ""): Promise<void> {
  let got = await read();
  for (let i = 0; i < 50 && got !== want; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    got = await read();
  }
  assert.equal(got, want, message);
}

/** `swapSlots` of the your-turn-issue-mbind lesson. */
const SWAP_SLOTS = yourTurn.machine.swapSlots;
const countSwapEntries = (page: Page) => new PageTablePanel(page, 100).cells(/swap entry/);

describe("the lab in headless Chromium", () => {
  it("loads from a sub-path on the seed scenario, every panel present, console clean", async () => {
    const { page, problems, stepper } = await fresh();
    const { i, n } = await stepper.position();
    assert.equal(i, 0);
    assert.ok(n > 100, `the seed scenario has ${n} frames`);
    for (const name of [
      "NUMA node 0",
      "NUMA node 1",
      "NUMA node 2",
      "Page table pid 100",
      "LRU lists",
      "Swap cache",
      "Kernel trace",
      "Counters",
    ]) {
      assert.equal(
        await page.getByRole("region", { name, exact: true }).count(),
        1,
        `panel "${name}"`,
      );
    }
    assert.equal(await page.getByRole("form", { name: "System call" }).count(), 1);
    await page.waitForTimeout(300);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("Next frame and Previous frame move through the trace, and the narration follows", async () => {
    const { page, problems, stepper } = await fresh();
    const trace = new TracePanel(page);
    await stepper.next();
    await stepper.next();
    assert.equal((await stepper.position()).i, 2);
    const second = await trace.narration();
    assert.match(second, /do_anonymous_page|First write/);
    await stepper.next();
    await stepper.previous();
    assert.equal((await stepper.position()).i, 2);
    assert.equal(await trace.narration(), second);
    await page.keyboard.press("ArrowRight");
    assert.equal((await stepper.position()).i, 3);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("the LRU lists, the node lines and the counters agree at every frame, forwards and back; the selected page's chip is marked", async () => {
    const { page, problems, stepper } = await fresh();
    // What three panels say of the isolated pages, each from its own store subscription.
    const read = () =>
      page.evaluate(() => {
        const heading = [...document.querySelectorAll(".panel.lru h3")].find((h) =>
          h.textContent?.startsWith("Isolated"),
        );
        const row = [...document.querySelectorAll(".vmstat tr")].find(
          (r) => r.querySelector("th")?.textContent === "nr_isolated_anon",
        );
        // Each node's line ("2 swap cache (5 isolated) · 3 isolated": every isolated page, in the
        // swap cache or not) against its cells, each of which names its own state.
        const nodes = [...document.querySelectorAll(".panel.node")].map((panel) => {
          const line = panel.querySelector("p.facts.held")?.textContent ?? "";
          const said = [...line.matchAll(/(\d+) isolated/g)].reduce((a, m) => a + Number(m[1]), 0);
          const cells = panel.querySelectorAll('button.cell[aria-label*=": isolated"]').length;
          return `${said}/${cells}`;
        });
        return {
          lru: Number(/: (\d+)/.exec(heading?.textContent ?? "")?.[1] ?? -1),
          vmstat: Number.parseInt(row?.querySelector("td")?.textContent ?? "-1", 10),
          nodes,
        };
      });
    let most = 0;
    const walk = async (press: string, steps: number) => {
      for (let i = 0; i < steps; i++) {
        await page.keyboard.press(press);
        const { i: at } = await stepper.position();
        await stepper.drawn();
        const got = await read();
        assert.equal(got.vmstat, got.lru, `frame ${at}: vmstat against the LRU panel`);
        for (const n of got.nodes) {
          const [said, cells] = n.split("/");
          assert.equal(said, cells, `frame ${at}: a node line against its cells`);
        }
        most = Math.max(most, got.lru);
      }
    };
    await walk("ArrowRight", 60);
    await walk("ArrowLeft", 30);
    assert.ok(most > 0, "the walk met isolated pages");
    await stepper.forwardUntil(/putback_lru_page/);
    const chip = (pfn: number) =>
      page.locator(".panel.lru button.chip", { hasText: new RegExp(`^${pfn}$`) }).first();
    await chip(3).click();
    await eventually(async () => (await chip(3).getAttribute("class")) ?? "", "chip selected");
    await chip(4).click();
    await eventually(async () => (await chip(4).getAttribute("class")) ?? "", "chip selected");
    assert.equal(await chip(3).getAttribute("class"), "chip");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a lazy mbind issued through the form turns PTEs into swap entries and fills the swap cache", async () => {
    const { page, problems, stepper } = await fresh();
    await pickScenario(page, "your-turn-issue-mbind");
    const form = new SyscallForm(page);
    await form.ready();
    const swap = new SwapCachePanel(page);
    await stepper.toEnd();
    // The lesson's notes lead to the form, out of sight below the trace, and put the keyboard there.
    await page.getByRole("button", { name: "Make a system call ↓" }).click();
    await page.waitForFunction(() => {
      const form = document.querySelector('form[aria-label="System call"]');
      const top = form?.getBoundingClientRect().top ?? -1;
      const header = document.querySelector(".top")?.getBoundingClientRect().bottom ?? 0;
      return top >= header - 1 && top < innerHeight / 2;
    });
    assert.deepEqual(
      await page.evaluate(() => {
        const a = document.activeElement as HTMLInputElement | null;
        return [a?.name, a?.checked];
      }),
      ["op", true],
      "the call chosen has the keyboard",
    );
    assert.equal(await swap.used(), 0);
    assert.equal(await countSwapEntries(page), 0);

    await form.choose("mbind");
    await form.field("Thread").selectOption({ label: "tid 100 (pid 100, cpu 0)" });
    await form.field("Address").fill("0x7f0000000000");
    await form.field("Pages").fill("24");
    await form.field("Mode").selectOption("MPOL_PREFERRED");
    await form.setChecks(["Node 0", "Node 1", "Node 2"], false);
    await form.setChecks(["MPOL_MF_MOVE", "MPOL_MF_LAZY"], true);
    await form.issue();
    assert.equal(await form.lastReturn(), "0");

    await stepper.toEnd();
    await page.waitForFunction(() => /Swap cache/.test(document.body.textContent));
    await eventually(() => swap.used(), 24);
    await eventually(() => countSwapEntries(page), 24);
    // Slot 0 is the swap header: the device's slots are the scenario's swapSlots, all usable.
    assert.deepEqual(await swap.free(), { free: SWAP_SLOTS - 24, of: SWAP_SLOTS });
    await eventually(() => new NodePanel(page, 0).used(), 24, "nothing has moved yet");
    // The notes name the call on screen as the user's, not with the lesson's description.
    const notes = page.getByRole("region", { name: "Lecture notes" });
    await eventually(
      async () =>
        /^Make a system call ↓Call \d+: mbind Your call/.test((await notes.textContent()) ?? ""),
      true,
      "the notes say the call is the user's",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("an mbind whose maxnode leaves its node unread fails, and the trace says why", async () => {
    const { page, problems, stepper } = await fresh();
    await pickScenario(page, "your-turn-issue-mbind");
    const form = new SyscallForm(page);
    await form.ready();
    await stepper.toEnd();
    await form.choose("mbind");
    await form.field("Thread").selectOption({ label: "tid 100 (pid 100, cpu 0)" });
    await form.field("Mode").selectOption("MPOL_BIND");
    await form.setChecks(["Node 0", "Node 2"], false);
    await form.setChecks(["Node 1"], true);
    // maxnode 2 reads one bit (node 0): the mask reads empty, and MPOL_BIND needs a node.
    await form.field("maxnode").fill("2");
    await form.issue();
    assert.equal(await form.lastReturn(), "-EINVAL");
    await stepper.toEnd();
    await page.keyboard.press("ArrowLeft");
    await page
      .locator(".trace .narration")
      .getByText(/node 1 is past it and silently left out, so the mask is \{\}/)
      .waitFor();
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a second call made before the first one's rerun lands is refused, and the form says so", async () => {
    const { page, problems, stepper } = await fresh();
    const form = new SyscallForm(page);
    await form.ready();
    await stepper.toEnd();
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowRight");
    await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1, "read");
    // Two presses in one task: the second comes before the worker can answer the first. React
    // renders a click's updates in a microtask; the worker's answer is a later task.
    const said = await page.evaluate(async () => {
      const submit = document.querySelector<HTMLButtonElement>(".submit-btn");
      submit?.click();
      submit?.click();
      await Promise.resolve();
      return document.querySelector(".syscall [role=alert]")?.textContent ?? "";
    });
    assert.match(said, /Not made: a new run is starting/);
    // Gone once the rerun is on screen; the first of the two presses made its call.
    const refusal = page.getByRole("alert").filter({ hasText: /Not made/ });
    await refusal.waitFor({ state: "detached", timeout: 15_000 });
    await page.getByRole("list", { name: "Calls made" }).getByRole("listitem").nth(1).waitFor();
    assert.equal(
      await page.getByRole("list", { name: "Calls made" }).getByRole("listitem").count(),
      2,
    );
    assert.equal(
      await form.field("Address").inputValue(),
      "0x7f0000000000",
      "nothing typed is lost",
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a worker thread's write touch pulls its pages to its node", async () => {
    const { page, problems, stepper } = await fresh();
    const node1 = new NodePanel(page, 1);
    await stepper.toEnd();
    const end = await stepper.position();
    await eventually(() => node1.used(), 8);
    // Back to just after the lazy mbind, before thread 101's touches: node 1 holds nothing yet.
    while ((await new TracePanel(page).narration()).match(/do_mbind|mbind returns/) === null)
      await stepper.previous();
    assert.equal(await node1.used(), 0);
    assert.ok((await stepper.position()).i < end.i);
    await stepper.toEnd();

    const form = new SyscallForm(page);
    await form.ready();
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 4, "write"), "0");
    await stepper.toEnd();
    await eventually(() => node1.used(), 12);
    await eventually(() => new NodePanel(page, 0).used(), 4);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("invalid form input gets a message at the field, and nothing breaks", async () => {
    const { page, problems, stepper } = await fresh();
    const form = new SyscallForm(page);
    await form.ready();
    const before = await stepper.position();
    await form.choose("touch");
    await form.field("Address").fill("not-an-address");
    await form.issue();
    const message = form.errorAt("Address");
    await message.waitFor({ timeout: 5_000 });
    assert.match((await message.textContent()) ?? "", /address|hex/i);
    assert.equal(await form.field("Address").getAttribute("aria-invalid"), "true");

    await form.field("Address").fill("0x7f0000000000");
    await form.field("Pages").fill("0");
    await form.issue();
    await form.errorAt("Pages").waitFor({ timeout: 5_000 });
    assert.deepEqual(await stepper.position(), before, "no call was made");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a call's return value leaves the button once the form is edited for the next call", async () => {
    const { page, problems } = await fresh();
    const form = new SyscallForm(page);
    await form.ready();
    await page.keyboard.press("End");
    assert.equal(await form.touch("tid 101 (pid 100, cpu 1)", "0x7f0000000000", 1, "read"), "0");
    const ret = form.root.getByRole("status", { name: "Return value" });
    assert.match((await ret.textContent()) ?? "", /touch → 0/);
    // Another call chosen: "touch → 0" beside "Call mbind" would read as mbind's answer.
    await form.choose("mbind");
    assert.equal(((await ret.textContent()) ?? "").trim(), "");
    // The list of calls made still has it.
    assert.match(
      (await page.getByRole("list", { name: "Calls made" }).textContent()) ?? "",
      /touch/,
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("each call's and kernel's invisible radio covers its label: a click anywhere on it hits the radio", async () => {
    const { page, problems } = await fresh();
    const form = new SyscallForm(page);
    await form.ready();
    const labels = [
      ...(await form.root.locator("fieldset.ops label").all()),
      ...(await page.locator(".kernel-switch label").all()),
    ];
    assert.ok(labels.length >= 7, `only ${labels.length} labels`);
    for (const label of labels) {
      await label.scrollIntoViewIfNeeded();
      const box = await label.boundingBox();
      assert.ok(box, "a label with no box");
      // Near the far edge, away from the text: what a click there lands on is the radio itself.
      const [x, y] = [box.x + box.width - 8, box.y + box.height / 2];
      const name = (await label.textContent()) ?? "";
      assert.equal(
        await label.evaluate(
          (el, at) =>
            document.elementFromPoint(at[0] as number, at[1] as number) ===
            el.querySelector("input"),
          [x, y],
        ),
        true,
        `${name}: a click near its edge misses its radio`,
      );
      await page.mouse.click(x, y);
      await eventually(() => label.locator("input").isChecked(), true, `${name} is not chosen`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("the lesson picker shows the seed lesson's whole title on a phone and a 1280 px projector, under either kernel", async () => {
    const phone = { width: 390, height: 844 };
    const projector = { width: 1280, height: 720 };
    const seed = `${lab.site.url}#v=1&b=seed-workers-pull-local`;
    for (const [url, size] of [
      [lab.site.url, phone],
      [seed, projector],
      // 6.1 puts "Let 1 s pass" on the picker's row: the picker grows only into what is left.
      [`${seed}&k=mainline`, projector],
    ] as const) {
      const { page, problems } = await openApp(lab.browser, url, size);
      await new Stepper(page).ready();
      const fit = await page.getByRole("combobox", { name: /^Scenario/ }).evaluate((el) => {
        const select = el as HTMLSelectElement;
        const text = select.selectedOptions[0]?.textContent ?? "";
        const probe = document.createElement("span");
        probe.style.font = getComputedStyle(select).font;
        probe.style.whiteSpace = "pre";
        probe.textContent = text;
        document.body.append(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        // The text's width, plus the select's padding and its arrow.
        return { text, need: Math.ceil(need) + 30, has: select.getBoundingClientRect().width };
      });
      assert.equal(fit.text, "Workers pull their pages local");
      assert.ok(fit.need <= fit.has, `${url} at ${size.width} px: ${JSON.stringify(fit)}`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  it("a page clicked while the Selected panel is below the fold offers to show it, and does", async () => {
    const url = `${lab.site.url}#v=1&b=seed-workers-pull-local&f=132`;
    const { page, problems } = await openApp(lab.browser, url, { width: 1280, height: 720 });
    await new Stepper(page).ready();
    const inspector = page.getByRole("complementary", { name: "Struct page inspector" });
    const offer = (what: string) =>
      page.getByRole("button", { name: `Selected ${what}: show its details` });
    await new NodePanel(page, 1).root.getByRole("button", { name: /^pfn 70: / }).click();
    const hint = offer("pfn 70");
    await hint.waitFor();
    // In the sticky header, so it covers nothing of the page.
    assert.equal(await hint.evaluate((el) => !!el.closest("header.top")), true);
    assert.match((await hint.textContent()) ?? "", /^Selected pfn 70 ↓$/);
    assert.match((await inspector.textContent()) ?? "", /pfn\s*70/);
    await hint.click();
    await hint.waitFor({ state: "detached" });
    // The panel is whole on screen, below the sticky header.
    await eventually(
      () =>
        inspector.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const header = document.querySelector("header.top")?.getBoundingClientRect();
          return r.bottom <= innerHeight + 1 && r.top >= (header?.bottom ?? 0) - 1;
        }),
      true,
      "the Selected panel is not in view",
    );
    // Scrolling away from the panel later brings no offer back; a new selection does, and Esc
    // declines it.
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForTimeout(300);
    assert.equal(await hint.isVisible(), false);
    await new NodePanel(page, 1).root.getByRole("button", { name: /^pfn 69: / }).click();
    await offer("pfn 69").waitFor();
    await offer("pfn 69").focus();
    await page.keyboard.press("Escape");
    await offer("pfn 69").waitFor({ state: "detached" });
    // Presentation hides the panel, and the offer with it.
    await page.keyboard.press("p");
    await new NodePanel(page, 1).root.getByRole("button", { name: /^pfn 71: / }).click();
    await page.waitForTimeout(300);
    assert.equal(await page.locator(".inspector-hint").isVisible(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("a selected PTE brings no offer back while its page migrates, frame after frame", async () => {
    // eager-move: the PTE at 0x7f000000f000 maps pfn 15, then (frame 61 on) pfn 71.
    const url = `${lab.site.url}#v=1&b=eager-move&f=40`;
    const { page, problems } = await openApp(lab.browser, url, { width: 1280, height: 720 });
    const stepper = new Stepper(page);
    await stepper.ready();
    await new PageTablePanel(page, 100).root
      .getByRole("button", { name: /^0x7f000000f000: / })
      .click();
    // The Selected panel is seen once: the selection's offer is spent.
    await page.locator("#inspector").scrollIntoViewIfNeeded();
    // Its observer reports it seen after the next frames are rendered (not on a clock).
    await page.evaluate(
      () =>
        new Promise((seen) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(seen, 0))),
        ),
    );
    await page.evaluate(() => scrollTo(0, 0));
    for (let i = 0; i < 30; i++) await stepper.next();
    assert.equal((await stepper.position()).i, 70);
    assert.equal(await page.locator(".inspector-hint").count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("only the pages a frame changed wear the changed ring: none at frame 0", async () => {
    const { page, problems, stepper } = await fresh();
    assert.equal((await stepper.position()).i, 0);
    assert.equal(await page.locator(".nodes .cell.marked").count(), 0);
    // A frame that changes pages marks them.
    await stepper.forwardUntil(/try_to_unmap/);
    assert.ok((await page.locator(".nodes .cell.marked").count()) > 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("an mbind the kernel rejects shows its errno beside the call", async () => {
    const { page, problems } = await fresh();
    const form = new SyscallForm(page);
    await form.ready();
    await form.choose("mbind");
    await form.field("Address").fill("0x7f0000000000");
    await form.field("Pages").fill("4");
    await form.field("Mode").selectOption("MPOL_BIND");
    await form.setChecks(["Node 0", "Node 1", "Node 2"], false);
    await form.issue();
    assert.equal(await form.lastReturn(), "-EINVAL");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("linked views: a PTE leads to its page frame, and a frame to its PTEs and struct page", async () => {
    const { page, problems, stepper } = await fresh();
    await stepper.toEnd();
    const table = new PageTablePanel(page, 100);
    const pte = table.root.getByRole("button", { name: /^0x7f0000008000: / });
    await pte.click();
    const frame = new NodePanel(page, 1).root.getByRole("button", { name: /^pfn 64: / });
    await eventually(() => frame.getAttribute("aria-pressed"), "true");
    const inspector = page.getByRole("complementary", { name: "Struct page inspector" });
    await eventually(async () => /64/.test((await inspector.textContent()) ?? ""), true);

    await new NodePanel(page, 0).root.getByRole("button", { name: /^pfn 0: / }).click();
    await eventually(async () => /PG_swapcache/.test((await inspector.textContent()) ?? ""), true);
    const text = (await inspector.textContent()) ?? "";
    assert.match(text, /PG_swapcache/);
    assert.match(text, /mapcount\s*0/);
    await eventually(() => pte.getAttribute("aria-pressed"), "false");
    assert.deepEqual(problems, []);
    await page.close();
  });
  it("page cells and PTE cells show their number and state letters apart and whole, marked or not, in presentation too", async () => {
    const seed = "seed-workers-pull-local";
    for (const [size, lesson, frame, presentation] of [
      [{ width: 1280, height: 720 }, seed, 62, false],
      [{ width: 1920, height: 1080 }, seed, 62, false],
      [{ width: 1280, height: 720 }, seed, 132, false],
      [{ width: 1280, height: 720 }, seed, 132, true],
      [{ width: 1920, height: 1080 }, seed, 132, true],
      [{ width: 1280, height: 720 }, "mainline-numa-balancing", 170, true],
      [{ width: 1280, height: 720 }, "mainline-numa-balancing", 170, false],
      [{ width: 1920, height: 1080 }, "mainline-numa-balancing", 170, true],
      [{ width: 1920, height: 1080 }, "mainline-numa-balancing", 170, false],
    ] as const) {
      // Seed frame 62: pfn 2 is locked and in the swap cache ("LS") and is the frame's marked
      // page; frame 132: two-digit pfns in the swap cache ("S"), pfn 64 "LS" marked. NUMA
      // balancing frame 170: PTEs of two-digit pfns made PROT_NONE ("N") in the page table.
      const url = `${lab.site.url}#v=1&b=${lesson}&f=${frame}`;
      const { page, problems } = await openApp(lab.browser, url, size);
      await new Stepper(page).ready();
      await page.getByText(new RegExp(`^Frame ${frame} / `)).waitFor();
      await page.locator(".cell[data-tag]").first().waitFor();
      if (presentation) await page.keyboard.press("p");
      const bad = await page.evaluate(() => {
        const out: string[] = [];
        const ctx = document.createElement("canvas").getContext("2d");
        const cells = document.querySelectorAll<HTMLElement>(
          ".nodes .cell[data-tag], .panel.ptable .cell[data-tag]",
        );
        for (const cell of cells) {
          const box = cell.getBoundingClientRect();
          const cs = getComputedStyle(cell);
          const inner = {
            left: box.left + Number.parseFloat(cs.borderLeftWidth),
            right: box.right - Number.parseFloat(cs.borderRightWidth),
            top: box.top + Number.parseFloat(cs.borderTopWidth),
            bottom: box.bottom - Number.parseFloat(cs.borderBottomWidth),
          };
          const range = document.createRange();
          range.selectNodeContents(cell);
          const num = range.getBoundingClientRect();
          // Glyph boxes, from the fonts' metrics: a range's box is the font's whole content
          // area, which for digits reaches well below what is drawn.
          const after = getComputedStyle(cell, "::after");
          const text = cell.textContent ?? "";
          const tagText = cell.dataset.tag ?? "";
          if (!ctx) continue;
          // The `font` shorthand reads "" when a longhand it cannot express is set.
          ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          const n = ctx.measureText(text);
          const numBase = num.top + n.fontBoundingBoxAscent;
          const numBottom = numBase + n.actualBoundingBoxDescent;
          const numTop = numBase - n.actualBoundingBoxAscent;
          ctx.font = `${after.fontStyle} ${after.fontWeight} ${after.fontSize} ${after.fontFamily}`;
          const t = ctx.measureText(tagText);
          const size = Number.parseFloat(after.fontSize);
          const tagBox = inner.bottom - Number.parseFloat(after.bottom);
          // The letters' line box is one font size tall (line-height: 1), the glyphs centred in it.
          const tagBase =
            tagBox -
            size +
            (size - t.fontBoundingBoxAscent - t.fontBoundingBoxDescent) / 2 +
            t.fontBoundingBoxAscent;
          const tagTop = tagBase - t.actualBoundingBoxAscent;
          const tagLeft = inner.right - Number.parseFloat(after.right) - t.width;
          const name = `${cell.dataset.pte ? `PTE ${cell.dataset.pte}` : `pfn ${cell.dataset.pfn}`} "${cell.dataset.tag}"${cell.classList.contains("marked") ? " (marked)" : ""}`;
          if (num.right > tagLeft + 0.5 && numBottom > tagTop + 0.5) out.push(`${name}: overlap`);
          if (num.left < inner.left - 0.5 || num.right > inner.right + 0.5)
            out.push(`${name}: cut`);
          if (numTop < inner.top - 0.5 || tagBase > inner.bottom + 0.5) out.push(`${name}: cut`);
        }
        return { out, n: cells.length };
      });
      const at = `at ${size.width}x${size.height}, ${lesson} frame ${frame}${presentation ? ", presentation" : ""}`;
      assert.ok(bad.n > 10, `${bad.n} labelled cells ${at}`);
      assert.deepEqual(bad.out, [], at);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  it("on a phone the page fits the screen, the sentence comes first, and the stepper stays at hand", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 390,
      height: 844,
    });
    const stepper = new Stepper(page);
    await stepper.ready();
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(
      widths.scroll <= widths.client,
      `the page scrolls sideways: ${JSON.stringify(widths)}`,
    );
    const trace = await page.getByRole("heading", { name: "Kernel trace" }).boundingBox();
    const node0 = await page.getByRole("heading", { name: "NUMA node 0" }).boundingBox();
    assert.ok(trace && node0 && trace.y < node0.y, "the narration comes before the node grids");
    // Down at the node grids, "Next frame" is still on screen and steps.
    await page.getByRole("heading", { name: "NUMA node 0" }).scrollIntoViewIfNeeded();
    const next = page.getByRole("button", { name: "Next frame" });
    const box = await next.boundingBox();
    assert.ok(
      box && box.y >= 0 && box.y + box.height <= 844,
      `Next frame at ${JSON.stringify(box)}`,
    );
    const before = (await stepper.position()).i;
    await next.click();
    await eventually(async () => (await stepper.position()).i, before + 1, "Next frame steps");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("on a phone presentation mode keeps the one column", async () => {
    const { page, problems } = await openApp(lab.browser, lab.site.url, {
      width: 390,
      height: 844,
    });
    await new Stepper(page).ready();
    await page.keyboard.press("p");
    await page.waitForFunction(() => document.documentElement.dataset.presentation === "on");
    const columns = await page.evaluate(
      () => getComputedStyle(document.querySelector(".grid") as Element).gridTemplateColumns,
    );
    assert.equal(columns.split(" ").length, 1, columns);
    await page.keyboard.press("p");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("on a phone a link to a frame opens on that frame's words, not on the toolbar", async () => {
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=132`,
      { width: 390, height: 844 },
    );
    await page.getByText("Frame 132 / 193").waitFor();
    const narration = page.getByRole("region", { name: "Kernel trace" }).locator(".narration");
    // The stepper is fixed over the screen's last 120 px.
    await eventually(
      async () => {
        const box = await narration.boundingBox();
        return box !== null && box.y >= 0 && box.y + 60 <= 844 - 120;
      },
      true,
      "the narration is on the first screen, above the stepper",
    );
    assert.match((await narration.textContent()) ?? "", /Copied pfn 8 \(node 0\) to pfn 64/);
    // A reload keeps the reader's own place: the address names the frame on screen always.
    await page.evaluate(() => scrollTo(0, 0));
    await page.reload();
    await page.getByText("Frame 132 / 193").waitFor();
    // A negative: the landing, had it come, comes a frame or two after the frame shows.
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => scrollY), 0, "a reload does not land again");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("on a phone an arrow to a swap slot screens away is left out, and counted", async () => {
    // Frame 55 of the seed: pfn 0 of node 0 enters the swap cache, far down the one column.
    const { page, problems } = await openApp(
      lab.browser,
      `${lab.site.url}#v=1&b=seed-workers-pull-local&f=55`,
      { width: 390, height: 844 },
    );
    await new Stepper(page).ready();
    const overlay = page.getByRole("img", { name: /^(Swap cache and PTEs|No swap-cache)/ });
    await overlay.waitFor({ state: "attached" });
    await eventually(
      async () => /not drawn here|more$/.test((await overlay.getAttribute("aria-label")) ?? ""),
      true,
      "the arrows left out are counted",
    );
    const tallest = await page.evaluate(() =>
      Math.max(
        0,
        ...[...document.querySelectorAll("svg.swap-arrows path.swap-arrow")].map(
          (p) => p.getBoundingClientRect().height,
        ),
      ),
    );
    assert.ok(tallest <= 844, `a swap arrow ${tallest}px tall`);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
