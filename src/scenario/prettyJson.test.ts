import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import seed from "./builtin/seed-workers-pull-local.json";
import { prettyJson } from "./prettyJson.ts";

describe("prettyJson", () => {
  it("parses back to the same value", () => {
    fc.assert(
      fc.property(machineArb, fc.array(opArb, { maxLength: 20 }), (m, ops) => {
        const json = buildScenario(m, ops);
        expect(JSON.parse(prettyJson(json))).toEqual(json);
      }),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        // JSON itself has no -0: compare with what JSON.stringify would give back.
        expect(JSON.parse(prettyJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it("keeps short values on one line and breaks long ones", () => {
    const text = prettyJson(seed);
    expect(text).toContain('{ "cpus": [0], "frames": 64 },');
    expect(
      text
        .split("\n")
        .every(
          (line) => line.length <= 96 || line.includes('"note"') || line.includes('"description"'),
        ),
    ).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });
});
