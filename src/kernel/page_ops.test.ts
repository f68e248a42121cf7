/**
 * The scenario's page operations hold what the kernel's callers would: a lock_page step holds a
 * reference with the lock (a task locks only a page it holds), so an munmap meanwhile leaves the
 * page allocated and locked rather than freeing a locked page (a bad_page() in the kernel) and
 * handing its frame out again.
 */
import { describe, expect, it } from "vitest";
import { at, mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { pageOf } from "./page.ts";
import { type Pfn, PG } from "./types.ts";

const pageOp = (op: string) => ({ op, tid: 100, addr: at(0), pages: 1 });
const munmap = { op: "munmap", tid: 100, addr: at(0), pages: 1 };

describe("lock_page", () => {
  it("keeps a locked page through an munmap: its frame is not handed out again", () => {
    const r = runChecked(
      scenario([mmap(1), touch(100, 0, 1), pageOp("lock_page"), munmap, mmap(1), touch(100, 0, 1)]),
    );
    const first = r.frames.find((f) => f.fn === "do_anonymous_page")?.text ?? "";
    const second = r.frames.filter((f) => f.fn === "do_anonymous_page")[1]?.text ?? "";
    const pfnOf = (text: string) => Number(/pfn (\d+)/.exec(text)?.[1]);
    expect(pfnOf(second)).not.toBe(pfnOf(first));
    const kept = pageOf(r.sim.kernel, pfnOf(first) as Pfn);
    expect(kept.flags & PG.locked).toBeTruthy();
    expect(kept.count).toBe(1);
    const flush = r.frames.find((f) => f.fn === "free_pages_and_swap_cache")?.text ?? "";
    expect(flush).toContain("locked and held by a lock_page step");
  });

  it("drops its reference with the lock: the page is as it was before the lock", () => {
    const r = runChecked(scenario([mmap(1), touch(100, 0, 1), pageOp("lock_page")]));
    const pfn = r.report.pages[0]?.pfn as Pfn;
    const locked = pageOf(r.sim.kernel, pfn).count;
    const u = runChecked(
      scenario([mmap(1), touch(100, 0, 1), pageOp("lock_page"), pageOp("unlock_page")]),
    );
    const after = pageOf(u.sim.kernel, pfn);
    expect(after.count).toBe(locked - 1);
    expect(after.flags & PG.locked).toBe(0);
  });
});
