/** The frame stepper: `Previous frame`, `Next frame`, and the `Frame i / n` status. */
import type { Browser, Page } from "playwright-core";
import { openApp } from "../fixtures/browser.ts";
import { drawn } from "./panels.ts";

/** The app at `url` on a 1280x720 projector, once its first run can be stepped. */
export async function openStepping(browser: Browser, url: string) {
  const opened = await openApp(browser, url, { width: 1280, height: 720 });
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  return { ...opened, stepper };
}

export class Stepper {
  constructor(private readonly page: Page) {}

  status() {
    return this.page.getByText(/^Frame \d+ \/ \d+$/);
  }

  /** The current frame index and the frame count, read from the status text. */
  async position(): Promise<{ i: number; n: number }> {
    const text = (await this.status().textContent()) ?? "";
    const m = /Frame (\d+) \/ (\d+)/.exec(text);
    if (!m) throw new Error(`no frame status in ${JSON.stringify(text)}`);
    return { i: Number(m[1]), n: Number(m[2]) };
  }

  next() {
    return this.page.getByRole("button", { name: "Next frame" }).click();
  }

  previous() {
    return this.page.getByRole("button", { name: "Previous frame" }).click();
  }

  /** Jump to the last frame (End) and wait until the status says so. */
  async toEnd(): Promise<void> {
    await this.settled();
    await this.page.keyboard.press("End");
    await this.page.waitForFunction(
      () => {
        const m = /Frame (\d+) \/ (\d+)/.exec(document.body.textContent ?? "");
        return m !== null && m[1] === m[2] && m[2] !== "0";
      },
      null,
      { timeout: 15_000 },
    );
  }

  /** The model has produced every frame: the stepper shows no "running…" mark. */
  async settled(): Promise<void> {
    await this.page.locator(".stepper .running").waitFor({ state: "detached", timeout: 30_000 });
  }

  /** Waits until panels out of view have drawn the frame on screen too (`drawn`). */
  drawn(): Promise<void> {
    return drawn(this.page);
  }

  async ready(): Promise<void> {
    await this.page.waitForFunction(
      () => /Frame \d+ \/ [1-9]\d*/.test(document.body.textContent ?? ""),
      null,
      { timeout: 20_000 },
    );
    await this.settled();
  }

  /** Step forward until the trace's current frame names `fn`; returns the frame index. */
  async forwardUntil(fn: RegExp, limit = 400): Promise<number> {
    for (let k = 0; k < limit; k++) {
      await this.next();
      const current = await this.page
        .getByRole("region", { name: "Kernel trace" })
        .locator("[aria-current='true'], [aria-current='step']")
        .first()
        .textContent();
      if (current && fn.test(current)) return (await this.position()).i;
    }
    throw new Error(`no frame matching ${fn} within ${limit} steps`);
  }
}
