import { describe, expect, it } from "vitest";
import { parseScenario } from "../../scenario/parse.ts";
import {
  jsonSyntaxError,
  locateErrors,
  placeSyntaxError,
  splitPath,
  syntaxErrorAt,
} from "./locate.ts";

const scenario = {
  version: 1,
  machine: { nodes: [{ cpus: [0], frames: 8 }] },
  processes: [{ pid: 100, threads: [{ tid: 100, cpu: 0 }] }],
  steps: [
    { op: "mmap", tid: 100, addr: "0x7f0000000000", pages: 1 },
    {
      op: "mbind",
      tid: 100,
      addr: "0x7f0000000000",
      pages: 1,
      mode: "MPOL_BIND",
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZZY"],
    },
  ],
};

describe("locateErrors", () => {
  it("splits a field path", () => {
    expect(splitPath("steps[2].flags[1]")).toEqual(["steps", 2, "flags", 1]);
    expect(splitPath("machine.distances[0][1]")).toEqual(["machine", "distances", 0, 1]);
    expect(splitPath("(scenario)")).toEqual([]);
  });

  it("underlines the offending value with the CLI's message", () => {
    const text = JSON.stringify(scenario, null, 2);
    const r = parseScenario(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const [at] = locateErrors(text, r.errors);
    expect(at?.message).toBe('steps[1].flags[1]: unknown flag "MPOL_MF_LAZZY"');
    expect(text.slice(at?.from, at?.to)).toBe('"MPOL_MF_LAZZY"');
  });

  it("underlines the object a required field is missing from", () => {
    const text = JSON.stringify(
      { ...scenario, steps: [{ op: "mbind", tid: 100, addr: 0, mode: 1 }] },
      null,
      2,
    );
    const r = parseScenario(text);
    if (r.ok) throw new Error("expected errors");
    const [at] = locateErrors(text, r.errors);
    expect(at?.message).toBe('steps[0]: mbind needs "pages" or "len"');
    expect(text.slice(at?.from ?? 0, at?.to).trim()).toBe("{");
  });

  it("underlines only the one-line object a field is missing from, not its neighbours", () => {
    const text = `{
  "version": 1,
  "machine": { "nodes": [{ "cpus": [0], "frames": 8 }, { "cpus": [1], "frames": 8 }] },
  "processes": [{ "pid": 100, "threads": [{ "tid": 100, "cpu": 0 }, { "cpu": 1 }, { "tid": 102, "cpu": 1 }] }],
  "steps": []
}`;
    const r = parseScenario(text);
    if (r.ok) throw new Error("expected errors");
    const at = locateErrors(text, r.errors).find((e) =>
      e.message.startsWith("processes[0].threads[1]"),
    );
    expect(at?.message).toBe("processes[0].threads[1].tid: required, but missing");
    expect(text.slice(at?.from ?? 0, at?.to)).toBe('{ "cpu": 1 }');
  });
});

describe("a JSON syntax error", () => {
  const good = JSON.stringify(scenario, null, 2);

  it("has no place in valid JSON", () => {
    expect(syntaxErrorAt(good)).toBeNull();
  });

  it("says where, when V8's message does not", () => {
    // V8 says only "Unexpected token ','" for a comma opening a list.
    const text = good.replace('"steps": [', '"steps": [,');
    let message = "";
    try {
      JSON.parse(text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toMatch(/line \d+ column/);
    const placed = placeSyntaxError(text, message);
    const line = text.split("\n").findIndex((l) => l.includes('"steps": [,')) + 1;
    expect(placed.message).toMatch(new RegExp(`\\(line ${line} column \\d+\\)$`));
    // The token, not V8's quoted piece of the text, whose quotes ran into the text's own.
    expect(placed.message).toMatch(/^Unexpected token ',' \(line/);
    expect(text.slice(placed.at - 12, placed.at + 1)).toContain("[,");
  });

  it("keeps the place a browser gives, adding its line and column when missing", () => {
    const lines = good.split("\n");
    const at = (lines[0]?.length ?? 0) + 1 + 2; // line 2, column 3
    const v8 = `Expected ',' or '}' after property value in JSON at position ${at} (line 2 column 3)`;
    expect(placeSyntaxError(good, v8)).toEqual({ at, message: v8 });
    const firefox = "JSON.parse: expected ',' at line 2 column 3 of the JSON data";
    expect(placeSyntaxError(good, firefox)).toEqual({ at, message: firefox });
    const older = `Unterminated string in JSON at position ${at}`;
    expect(placeSyntaxError(good, older)).toEqual({ at, message: `${older} (line 2 column 3)` });
  });

  it("is none for a valid text that starts with a byte-order mark, as the checker reads it", () => {
    expect(jsonSyntaxError(`\uFEFF${good}`)).toBeNull();
    expect(jsonSyntaxError(`\uFEFF{,`)?.at).toBe(2);
    expect(jsonSyntaxError("{,")?.message).toMatch(/\(line 1 column 2\)$/);
  });
});
