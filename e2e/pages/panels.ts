/** Page objects for the panels, found by their accessible names (a contract with the app). */
import type { Locator, Page } from "playwright-core";

/**
 * Waits for the browser's next idle moment, by which panels out of view have drawn the frame on
 * screen too (they put their drawing off until then: src/ui/whenSeen.ts). Call it once the frame
 * is shown: while a far seek still waits for the worker, they let idle moments go.
 */
export async function drawn(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 1000 })),
  );
}

export class NodePanel {
  readonly root: Locator;
  constructor(page: Page, node: number) {
    this.root = page.getByRole("region", { name: `NUMA node ${node}`, exact: true });
  }

  /** The panel's "N used" figure, read from its text. */
  async used(): Promise<number> {
    const text = (await this.root.textContent()) ?? "";
    const m = /(\d+)\s*used/i.exec(text);
    if (!m) throw new Error(`no used count in node panel: ${text.slice(0, 200)}`);
    return Number(m[1]);
  }
}

export class SwapCachePanel {
  readonly root: Locator;
  constructor(private readonly page: Page) {
    this.root = page.getByRole("region", { name: "Swap cache" });
  }

  async used(): Promise<number> {
    await drawn(this.page);
    const text = (await this.root.textContent()) ?? "";
    const m = /(\d+)\s*(?:slots?\s*)?used/i.exec(text);
    if (!m) throw new Error(`no used count in swap panel: ${text.slice(0, 200)}`);
    return Number(m[1]);
  }

  /** The "N free of M" figures. */
  async free(): Promise<{ free: number; of: number }> {
    await drawn(this.page);
    const text = (await this.root.textContent()) ?? "";
    const m = /(\d+)\s*free of\s*(\d+)/.exec(text);
    if (!m) throw new Error(`no free count in swap panel: ${text.slice(0, 200)}`);
    return { free: Number(m[1]), of: Number(m[2]) };
  }
}

export class PageTablePanel {
  readonly root: Locator;
  constructor(
    private readonly page: Page,
    pid: number,
  ) {
    this.root = page.getByRole("region", { name: `Page table pid ${pid}` });
  }

  async text(): Promise<string> {
    await drawn(this.page);
    return (await this.root.textContent()) ?? "";
  }

  /** How many PTE cells are named `name`, once the table has drawn the frame. */
  async cells(name: RegExp): Promise<number> {
    await drawn(this.page);
    return this.root.getByRole("button", { name }).count();
  }
}

export class TracePanel {
  readonly root: Locator;
  constructor(page: Page) {
    this.root = page.getByRole("region", { name: "Kernel trace" });
  }

  async narration(): Promise<string> {
    // The panel's own live region (the header has live regions of its own).
    return (await this.root.locator("[aria-live]").first().textContent()) ?? "";
  }
}
