/** The navigation controls: the Timeline slider, play and speed, phases, events, search, keys. */
import type { Locator, Page } from "playwright-core";
import { type OpenedPage, openApp } from "../fixtures/browser.ts";
import type { Lab } from "../fixtures/lab.ts";
import { Stepper } from "./stepper.ts";

/** The app opened on its opening lesson, at frame 0 with every frame made. */
export async function openAtStart(
  lab: Lab,
  size = { width: 1920, height: 1080 },
): Promise<OpenedPage & { stepper: Stepper; nav: Navigation }> {
  const opened = await openApp(lab.browser, lab.site.url, size);
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  return { ...opened, stepper, nav: new Navigation(opened.page) };
}

export class Navigation {
  readonly slider: Locator;
  readonly phase: Locator;
  readonly speed: Locator;
  readonly search: Locator;
  constructor(private readonly page: Page) {
    this.slider = page.getByRole("slider", { name: "Timeline" });
    this.phase = page.getByRole("status", { name: "Phase" });
    this.speed = page.getByRole("status", { name: "Speed" });
    this.search = page.getByRole("searchbox", { name: "Search the trace" });
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  eventKind(label: string): Promise<string[]> {
    return this.page.getByRole("combobox", { name: "Event kind" }).selectOption({ label });
  }

  /** The function name of the trace row marked current. */
  async currentFn(): Promise<string> {
    const row = this.page
      .getByRole("region", { name: "Kernel trace" })
      .locator("li[aria-current='step'] .fn");
    return ((await row.textContent()) ?? "").trim();
  }

  /** Press the browser's "go to frame" field and type a number. */
  async gotoFrame(n: number): Promise<void> {
    const box = this.page.getByLabel("Go to frame");
    await box.fill(String(n));
    await box.press("Enter");
  }
}
