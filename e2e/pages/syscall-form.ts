/** The `System call` form: fill a call by its labels, issue it, read the return value. */
import type { Locator, Page } from "playwright-core";

export class SyscallForm {
  readonly root: Locator;
  constructor(private readonly page: Page) {
    this.root = page.getByRole("form", { name: "System call" });
  }

  field(label: string | RegExp): Locator {
    return this.root.getByLabel(label, { exact: typeof label === "string" }).first();
  }

  async choose(kind: string): Promise<void> {
    const picker = this.root.getByLabel(/^(System call|Call)$/).first();
    if (await picker.count()) {
      await picker.selectOption(kind);
      return;
    }
    await this.root
      .getByRole("tab", { name: kind })
      .or(this.root.getByRole("radio", { name: kind }))
      .first()
      .click();
  }

  async issue(): Promise<void> {
    await this.root
      .getByRole("button", { name: /^(Issue|Call|Run|Submit)/ })
      .first()
      .click();
  }

  /** The return value shown beside the call, e.g. "0" or "-EINVAL". */
  async lastReturn(): Promise<string> {
    const el = this.page.getByTestId("syscall-return").last();
    await el.waitFor({ timeout: 15_000 });
    return ((await el.textContent()) ?? "").trim();
  }

  page_(): Page {
    return this.page;
  }
}
