/** The navigation controls: the Timeline slider, play and speed, phases, events, search, keys. */
import type { Locator, Page } from "playwright-core";

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
