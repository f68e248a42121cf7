import { describe, expect, it } from "vitest";
import { report } from "../kernel/report.ts";
import { mmap, runChecked, scenario, touch } from "../test/harness.ts";
import { Chunked, writeReport } from "./output.ts";

describe("the CLI's report, written a piece at a time", () => {
  const runs = {
    "pages of two processes": runChecked(
      scenario([
        mmap(3),
        touch(100, 0, 2),
        { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } },
      ]),
    ),
    "no page at all": runChecked(scenario([])),
  };
  for (const [name, run] of Object.entries(runs))
    it(`is the text JSON.stringify gives, pretty and compact (${name})`, () => {
      const whole = report(run.sim.kernel, run.frames.length, run.sim.results);
      for (const indent of [2, undefined] as const) {
        const parts: string[] = [];
        writeReport(run.sim.kernel, run.frames.length, run.sim.results, indent, (t) =>
          parts.push(t),
        );
        expect(parts.join("")).toBe(JSON.stringify(whole, null, indent));
      }
    });

  it("hands text on in pieces of about a megabyte, and the rest when flushed", () => {
    const out: string[] = [];
    const c = new Chunked((t) => out.push(t));
    for (let i = 0; i < 3000; i++) c.add("x".repeat(1000));
    expect(out.length).toBe(2);
    expect(out.every((t) => t.length >= 1 << 20)).toBe(true);
    c.flush();
    expect(out.join("").length).toBe(3_000_000);
  });
});
