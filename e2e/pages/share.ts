/** Page objects for issue 8's parts: the Share box, the bad-link alert, the scenario editor. */
import type { Locator, Page } from "playwright-core";

export class SharePanel {
  constructor(private readonly page: Page) {}

  /** Open the Share box and read the `Share URL` field. */
  async url(): Promise<string> {
    const field = this.page.getByRole("textbox", { name: "Share URL" });
    if ((await field.count()) === 0) {
      await this.page.getByRole("button", { name: "Share", exact: true }).click();
    }
    return await field.inputValue();
  }
}

export class LinkAlert {
  readonly root: Locator;
  constructor(page: Page) {
    this.root = page.getByRole("alert").filter({ hasText: "This link cannot be opened" });
  }

  async text(): Promise<string> {
    await this.root.waitFor({ timeout: 15_000 });
    return (await this.root.textContent()) ?? "";
  }
}

export class ScenarioEditor {
  readonly root: Locator;
  constructor(private readonly page: Page) {
    this.root = page.getByRole("region", { name: "Scenario editor" });
  }

  async open(): Promise<void> {
    await this.page.getByRole("button", { name: "Edit scenario" }).click();
    await this.root.locator(".cm-content").waitFor({ timeout: 15_000 });
  }

  /** The editor's whole text: CodeMirror renders only the lines in view, so ask its state. */
  async text(): Promise<string> {
    return await this.root.locator(".cm-content").evaluate((el) => {
      type Doc = { toString(): string };
      const tile = (el as unknown as { cmTile?: { root?: { view?: { state: { doc: Doc } } } } })
        .cmTile;
      return tile?.root?.view?.state.doc.toString() ?? el.textContent ?? "";
    });
  }

  /** Replace the whole text, as typing would. */
  async setText(text: string): Promise<void> {
    const content = this.root.locator(".cm-content");
    await content.click();
    await this.page.keyboard.press("ControlOrMeta+a");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(text);
  }

  errors(): Locator {
    return this.root.getByRole("list", { name: "Scenario errors" }).getByRole("listitem");
  }

  /** The text CodeMirror underlines as an error. */
  underlined(): Locator {
    return this.root.locator(".cm-lintRange-error");
  }

  async run(): Promise<void> {
    await this.root.getByRole("button", { name: "Run" }).click();
  }
}
