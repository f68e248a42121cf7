/** The compare view, found by accessible names: its runs, their frames and the charted counters. */
import type { Locator, Page } from "playwright-core";

export class CompareView {
  constructor(private readonly page: Page) {}

  /** Open it with the header's `Compare` button; resolves once both runs are lined up. */
  async open(): Promise<void> {
    await this.page.getByRole("button", { name: "Compare", exact: true }).click();
    await this.charts().waitFor({ timeout: 30_000 });
  }

  charts(): Locator {
    return this.page.getByRole("table", { name: "Compared counters" });
  }

  /** A run's column: a region named "A …" or "B …" after what the run is. */
  run(name: "A" | "B"): Locator {
    return this.page.getByRole("region", { name: new RegExp(`^${name} `) });
  }

  async frame(name: "A" | "B"): Promise<number> {
    const text =
      (await this.page.getByRole("status", { name: `Run ${name} frame` }).textContent()) ?? "";
    return Number(/Frame (\d+)/.exec(text)?.[1] ?? Number.NaN);
  }

  /** Both runs' values of one charted counter at the shared position. */
  async counter(label: string): Promise<[number, number]> {
    const cells = this.charts()
      .getByRole("row", { name: new RegExp(`^${label}`) })
      .getByRole("cell");
    const n = await cells.count();
    return [
      Number(await cells.nth(n - 2).textContent()),
      Number(await cells.nth(n - 1).textContent()),
    ];
  }

  /** Wait until the shared position is the last one. */
  async atEnd(): Promise<void> {
    await this.page.waitForFunction(() => {
      const t = document.querySelector('[aria-label="Compare position"]')?.textContent ?? "";
      const m = /Position (\d+) \/ (\d+)/.exec(t);
      return m !== null && m[1] === m[2];
    });
  }
}
