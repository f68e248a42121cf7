/** The `System call` form: choose a call, fill it by its labels, issue it, read the return value. */
import type { Locator, Page } from "playwright-core";

export type Call = "mbind" | "touch" | "set_mempolicy" | "fork" | "sched_setaffinity";

export class SyscallForm {
  readonly root: Locator;
  constructor(private readonly page: Page) {
    this.root = page.getByRole("form", { name: "System call" });
  }

  async ready(): Promise<void> {
    await this.root.waitFor({ timeout: 15_000 });
  }

  field(label: string): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  choose(call: Call): Promise<void> {
    return this.root.getByRole("radio", { name: call, exact: true }).check();
  }

  async setChecks(names: readonly string[], on: boolean): Promise<void> {
    for (const n of names) await this.field(n).setChecked(on);
  }

  /** Press the submit button ("Call mbind", "Call touch", ...). */
  issue(): Promise<void> {
    return this.root.getByRole("button", { name: /^Call / }).click();
  }

  /**
   * Issue a `touch` from a thread (its label in the form, "tid 101 (pid 100, cpu 1)") and return
   * its return value; `access` left out keeps the form's choice.
   */
  async touch(
    thread: string,
    addr: string,
    pages: number,
    access?: "read" | "write",
  ): Promise<string> {
    await this.choose("touch");
    await this.field("Thread").selectOption({ label: thread });
    await this.field("Address").fill(addr);
    await this.field("Pages").fill(String(pages));
    if (access) await this.field("Access").selectOption(access);
    await this.issue();
    return this.lastReturn();
  }

  /** The return value shown beside the call, once the worker has answered. */
  async lastReturn(): Promise<string> {
    const el = this.page.getByTestId("syscall-return").last();
    await el.waitFor({ timeout: 15_000 });
    await this.page.waitForFunction(
      () => {
        const all = document.querySelectorAll("[data-testid='syscall-return']");
        const text = all[all.length - 1]?.textContent?.trim() ?? "";
        return /^(0|-E[A-Z]+|SIG[A-Z]+|VM_FAULT_\w+)$/.test(text);
      },
      null,
      { timeout: 15_000 },
    );
    return ((await el.textContent()) ?? "").trim();
  }

  /** The error message shown at a field, if any. */
  errorAt(label: string): Locator {
    return this.root
      .locator(".field", { has: this.page.getByLabel(label, { exact: true }) })
      .getByRole("alert");
  }
}
