import { describe, expect, it } from "vitest";
import { BUILTINS } from "../scenario/builtins.ts";
import { parseScenario } from "../scenario/parse.ts";
import { Simulation } from "./run.ts";
import { Said, said } from "./said.ts";
import type { Frame } from "./trace.ts";

describe("said", () => {
  it("reads as the untagged literal, with numbers after 0x in hex", () => {
    const who = said`tid ${101} (cpu ${2})`;
    const s = said`${who} faults on 0x${0x7f0000008000}: slot ${12}, ${"write"}, ${-1.5}.`;
    expect(String(s)).toBe("tid 101 (cpu 2) faults on 0x7f0000008000: slot 12, write, -1.5.");
    expect(`${said`x`}`).toBe("x");
  });

  it("keeps one array of pieces per call site", () => {
    const at = (n: number) => said`pfn ${n}`;
    expect(at(1).pieces).toBe(at(2).pieces);
  });
});

describe("frames", () => {
  it("read and serialise their sentence written out, whichever way it was said", () => {
    const parsed = parseScenario(BUILTINS[0]?.json);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const frames: Frame[] = [];
    new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
    expect(frames.some((f) => f.said instanceof Said)).toBe(true);
    for (const f of frames) {
      expect(f.text).toBe(String(f.said));
      const json = JSON.parse(JSON.stringify(f));
      expect(json.text).toBe(f.text);
      expect(json.fn).toBe(f.fn);
      expect(json).not.toHaveProperty("said");
    }
  });
});
