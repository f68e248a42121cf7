/**
 * A page's first mapping shares its PTE slot's one-entry reverse-map list (page_table.ts
 * rmapList); a second mapping must copy it, never add to it. The lists are not frozen (reading
 * frozen arrays was slow), so nothing but this test would notice a slot's list changed in place:
 * the next page that slot mapped would start with a stranger in its reverse map.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "../scenario/parse.ts";
import { LAZY, mbind, mmap, scenario, touch } from "../test/harness.ts";
import { Simulation } from "./run.ts";

const fork = (pid: number, cpu: number) => ({
  op: "fork",
  tid: 100,
  child: { pid, tid: pid, cpu },
});

describe("reverse maps shared with PTE slots", () => {
  it("a slot's one-entry list names only its own PTE, however often its pages gain and lose mappings", () => {
    const parsed = parseScenario(
      scenario(
        [
          mmap(4),
          touch(100, 0, 4),
          fork(200, 1), // every page gains a second mapping: its list is copied
          touch(200, 0, 2), // copy-on-write: two pages are left with one mapping of their own
          fork(300, 0), // those gain a mapping again, from a list of their own of length 1
          touch(300, 1, 2),
          mbind(0, 4, "MPOL_PREFERRED", [], ["MPOL_MF_MOVE_ALL", "MPOL_MF_LAZY"]),
          touch(101, 0, 4), // pages come back mapped by one PTE, taking their slots' lists
          mbind(0, 4, "MPOL_PREFERRED", [], LAZY),
          touch(100, 0, 4),
        ],
        { capSysNice: true },
      ),
    );
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    let sim: Simulation | null = null;
    let shared = 0;
    let copied = 0;
    const wrong: string[] = [];
    const check = () => {
      if (!sim) return;
      for (const page of sim.kernel.pages) {
        if (!page) continue;
        for (const e of page.rmap) {
          const slotList = e.mm.ptes.rmapList(e.mm, e.vpn);
          const own =
            slotList.length === 1 && slotList[0]?.mm === e.mm && slotList[0].vpn === e.vpn;
          if (!own || (page.rmap.length > 1 && page.rmap === slotList))
            wrong.push(
              `pfn ${page.pfn}: pid ${e.mm.pid}'s slot list has ${slotList.length} entries`,
            );
          if (page.rmap === slotList) shared++;
          else copied++;
        }
      }
    };
    sim = new Simulation(parsed.scenario, check);
    sim.runAll();
    expect(sim.results.map((r) => r.ret)).toEqual(Array(10).fill(0));
    expect(wrong.slice(0, 3)).toEqual([]);
    // Both kinds were met: lists shared with a slot, and lists of a page's own.
    expect(shared).toBeGreaterThan(0);
    expect(copied).toBeGreaterThan(0);
  });
});
