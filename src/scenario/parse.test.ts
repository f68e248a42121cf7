import { describe, expect, it } from "vitest";
import seed from "./builtin/seed-workers-pull-local.json";
import { parseScenario } from "./parse.ts";

const withStep = (step: unknown) => ({ ...seed, steps: [...seed.steps, step] });
const errorsOf = (input: unknown) => {
  const r = parseScenario(input);
  return r.ok ? [] : r.errors;
};

describe("parseScenario", () => {
  it("accepts the seed scenario and fills in defaults", () => {
    const r = parseScenario(seed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.machine.distances).toEqual([
      [10, 20, 20],
      [20, 10, 20],
      [20, 20, 10],
    ]);
    expect(r.scenario.machine.thpPages).toBe(8);
    const mbind = r.scenario.steps[2];
    expect(mbind).toMatchObject({
      op: "mbind",
      addr: 0x7f0000000000,
      len: 24 * 4096,
      mode: 1,
      flags: 2 | 8,
      nodes: [],
    });
  });

  it("takes a description and per-step notes, checks them, and keeps them out of the model", () => {
    const touch = { op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1, note: "why" };
    const r = parseScenario({ ...withStep(touch), description: "what it teaches" });
    expect(r.ok && r.scenario.steps.at(-1)).toEqual({
      op: "touch",
      tid: 101,
      addr: 0x7f0000000000,
      pages: 1,
      access: "write",
    });
    expect(errorsOf(withStep({ ...touch, note: 7 }))).toEqual([
      "steps[5].note: note must be a string",
    ]);
    expect(errorsOf({ ...seed, description: "x".repeat(2001) })).toEqual([
      "description: description is at most 2000 characters",
    ]);
  });

  it("names the field of an unknown flag", () => {
    const step = {
      op: "mbind",
      tid: 100,
      addr: "0x7f0000000000",
      pages: 1,
      mode: "MPOL_BIND",
      nodes: [1],
      flags: ["MPOL_MF_MOVE", "MPOL_MF_LAZZY"],
    };
    expect(errorsOf(withStep(step))).toContain('steps[5].flags[1]: unknown flag "MPOL_MF_LAZZY"');
  });

  it.each([
    [
      { op: "mmap", tid: 100, addr: "0x7f0000000010", pages: 1 },
      "steps[5].addr: mmap needs a page-aligned address",
    ],
    [
      { op: "touch", tid: 999, addr: "0x7f0000000000", pages: 1 },
      "steps[5].tid: no thread 999 exists at this step",
    ],
    [
      { op: "touch", tid: 100, addr: "0x7f0000000000", pages: 0 },
      "steps[5].pages: pages must be at least 1",
    ],
    [{ op: "touch", tid: 100, addr: "seven", pages: 1 }, "steps[5].addr"],
    [{ op: "teleport", tid: 100 }, 'steps[5].op: unknown op "teleport"'],
    [
      { op: "mbind", tid: 100, addr: 0, mode: "MPOL_BIND", nodes: [1] },
      'steps[5]: mbind needs "pages" or "len"',
    ],
    [
      { op: "mbind", tid: 100, addr: 0, pages: 1, mode: "MPOL_BOUND", nodes: [1] },
      "steps[5].mode: unknown mode",
    ],
    [{ op: "sched_setaffinity", tid: 100, cpu: 9 }, "steps[5].cpu: cpu 9 is on no node"],
    [
      { op: "fork", tid: 100, child: { pid: 100, tid: 500, cpu: 0 } },
      "steps[5].child.pid: pid 100 already exists",
    ],
  ])("rejects %j", (step, message) => {
    expect(errorsOf(withStep(step)).join("\n")).toContain(message);
  });

  it("says what is wrong with an address once, and quotes a long value cut short", () => {
    const bad = errorsOf(withStep({ op: "touch", tid: 100, addr: "7f0000000000", pages: 1 }));
    expect(bad).toEqual([
      'steps[5].addr: address must be a hex string like "0x7f0000000000", not "7f0000000000"',
    ]);
    const [long] = errorsOf(withStep({ op: "a".repeat(900_000), tid: 100 }));
    expect(long).toMatch(/^steps\[5\]\.op: unknown op "a{50,60}…" \(900000 characters\)$/);
  });

  it("refuses a file given to an anonymous mapping", () => {
    const file = { path: "/data/f", migratepage: false };
    expect(errorsOf(withStep({ op: "mmap", tid: 100, addr: "0x1000000", pages: 2, file }))).toEqual(
      ['steps[5].backing: a "file" is given, so "backing" must be "file" (not anonymous)'],
    );
  });

  it("numbers processes and threads from one space, as Linux does", () => {
    const other = { pid: 101, threads: [{ tid: 300, cpu: 0 }] };
    expect(errorsOf({ ...seed, processes: [...seed.processes, other] })).toEqual([
      "processes[0].threads[1].tid: 101 is already the pid of another process (pids and tids are one number space)",
      "processes[1].pid: 101 is already a thread of pid 100 (pids and tids are one number space)",
    ]);
    const fork = { op: "fork", tid: 100, child: { pid: 102, tid: 400, cpu: 0 } };
    expect(errorsOf(withStep(fork))).toEqual([
      "steps[5].child.pid: a thread numbered 102 already exists",
    ]);
  });

  it("limits the page-table entries forks copy", () => {
    const big = { cpus: [0], frames: 1_048_576 };
    const fork = (i: number) => ({
      op: "fork",
      tid: 100,
      child: { pid: 1000 + i, tid: 1000 + i, cpu: 0 },
    });
    const forking = (pages: number, forks: number) => ({
      version: 1,
      machine: { nodes: [big] },
      processes: [{ pid: 100, threads: [{ tid: 100, cpu: 0 }] }],
      steps: [
        { op: "mmap", tid: 100, addr: "0x100000000", pages },
        { op: "touch", tid: 100, addr: "0x100000000", pages },
        ...Array.from({ length: forks }, (_, i) => fork(i)),
      ],
    });
    expect(errorsOf(forking(1_048_000, 14))).toEqual([
      "steps: the forks may copy 14672000 page-table entries in all (the pages each parent has mapped), over the limit of 1048576",
    ]);
    expect(errorsOf(forking(1_048_576, 1))).toEqual([]);
    expect(errorsOf(forking(524_288, 2))).toEqual([]);
    expect(errorsOf(forking(524_288, 3))).toHaveLength(1);
  });

  it("says a required field is missing, and that a scenario is an object", () => {
    const { version: _, ...noVersion } = seed;
    expect(errorsOf(noVersion)).toEqual(["version: required, but missing"]);
    expect(errorsOf(withStep({ op: "touch", addr: "0x7f0000000000", pages: 1 }))).toContain(
      `steps[${seed.steps.length}].tid: required, but missing`,
    );
    expect(errorsOf([])).toEqual(["(scenario): must be a JSON object ({ ... }), not an array"]);
    expect(errorsOf(null)).toEqual(["(scenario): must be a JSON object ({ ... }), not null"]);
    expect(errorsOf(7)).toEqual(["(scenario): must be a JSON object ({ ... }), not a number"]);
    // JSON text holding a string is not read again as JSON text (a scenario saved as a string).
    expect(errorsOf(JSON.stringify(JSON.stringify(seed)))).toEqual([
      "(scenario): must be a JSON object ({ ... }), not a string",
    ]);
  });

  it("names an array or a value given for an object where it is, once", () => {
    expect(errorsOf({ ...seed, machine: [] })).toEqual([
      "machine: must be an object ({ ... }), not an array",
    ]);
    const node = { ...seed, machine: { nodes: [[0]] } };
    expect(errorsOf(node)).toEqual(["machine.nodes[0]: must be an object ({ ... }), not an array"]);
    const n = seed.steps.length;
    expect(errorsOf(withStep("mmap"))).toEqual([
      `steps[${n}]: a step is an object ({ "op": ... }), not a string`,
    ]);
    expect(errorsOf(withStep({ tid: 100 }))).toEqual([`steps[${n}].op: required, but missing`]);
    const twice = { ...seed, machine: { ...seed.machine, nodes: [{ cpus: [0, 0], frames: 8 }] } };
    expect(errorsOf(twice)).toContain("machine.nodes[0].cpus[1]: cpu 0 is listed twice");
  });

  it("reads a hex address with leading zeros or a capital X", () => {
    for (const addr of ["0x00007f0000000000", "0X7f0000000000"])
      expect(parseScenario(withStep({ op: "touch", tid: 100, addr, pages: 1 })).ok, addr).toBe(
        true,
      );
  });

  it("says how many errors it left out after the first eight", () => {
    const steps = Array.from({ length: 11 }, () => ({ op: "teleport" }));
    const errors = errorsOf({ ...seed, steps });
    expect(errors).toHaveLength(9);
    expect(errors.at(-1)).toBe("… and 3 more");
  });

  it("knows threads created by fork in later steps", () => {
    const fork = { op: "fork", tid: 100, child: { pid: 200, tid: 200, cpu: 1 } };
    const touch = { op: "touch", tid: 200, addr: "0x7f0000000000", pages: 1 };
    expect(parseScenario({ ...seed, steps: [...seed.steps, fork, touch] }).ok).toBe(true);
    expect(errorsOf({ ...seed, steps: [...seed.steps, touch, fork] })).toContain(
      "steps[5].tid: no thread 200 exists at this step",
    );
  });

  it("reads a touch without access as a write", () => {
    const r = parseScenario(withStep({ op: "touch", tid: 101, addr: "0x7f0000000000", pages: 1 }));
    expect(r.ok && r.scenario.steps[5]).toMatchObject({ op: "touch", access: "write" });
  });

  it("accepts numeric modes and flags so that invalid bits can be tried", () => {
    expect(
      parseScenario(withStep({ op: "mbind", tid: 100, addr: 4096, len: 4096, mode: 9, flags: 255 }))
        .ok,
    ).toBe(true);
  });

  it("enforces the documented limits, naming them", () => {
    const many = {
      ...seed,
      machine: {
        ...seed.machine,
        nodes: Array.from({ length: 65 }, (_, i) => ({ cpus: [i], frames: 1 })),
      },
    };
    expect(errorsOf(many).join()).toContain("at most 64 nodes");
    const big = {
      ...seed,
      machine: {
        ...seed.machine,
        nodes: [
          { cpus: [0], frames: 1_048_576 },
          { cpus: [1], frames: 1 },
        ],
      },
    };
    expect(errorsOf(big).join()).toContain("over the limit of 1048576");
    const steps = { ...seed, steps: Array.from({ length: 100_001 }, () => seed.steps[1]) };
    expect(errorsOf(steps).join()).toContain("at most 100000 steps");
    const fork = (i: number) => ({
      op: "fork",
      tid: 100,
      child: { pid: 1000 + i, tid: 1000 + i, cpu: 0 },
    });
    const forks = (n: number) => ({
      ...seed,
      steps: [...seed.steps, ...Array.from({ length: n }, (_, i) => fork(i))],
    });
    expect(errorsOf(forks(1023))).toEqual([]);
    expect(errorsOf(forks(1024)).join()).toContain("more than 1024 processes (the limit)");
  });

  it("refuses a field nested past any the format has, naming it, and reads past a BOM", () => {
    const deep = JSON.parse(`${"[".repeat(3000)}1${"]".repeat(3000)}`);
    expect(errorsOf({ ...seed, junk: deep })).toEqual([
      `junk${"[0]".repeat(15)}: nested more than 16 levels deep`,
    ]);
    // The format's own deepest fields pass.
    expect(errorsOf(seed)).toEqual([]);
    expect(parseScenario(`\uFEFF${JSON.stringify(seed)}`).ok).toBe(true);
  });

  it("rejects bad JSON, wrong versions and malformed machines with a message, never a throw", () => {
    expect(errorsOf("{nope")[0]).toMatch(/^\(scenario\): not valid JSON/);
    expect(errorsOf({ ...seed, version: 2 })).toContain("version: version must be 1, not 2");
    expect(errorsOf(null).length).toBeGreaterThan(0);
    expect(
      errorsOf({ ...seed, machine: { ...seed.machine, distances: [[10, 20]] } }).join(),
    ).toContain("machine.distances: needs 3 rows");
    expect(
      errorsOf({
        ...seed,
        machine: {
          nodes: [
            { cpus: [0], frames: 4 },
            { cpus: [0], frames: 4 },
          ],
        },
      }).join(),
    ).toContain("machine.nodes[1].cpus[0]: cpu 0 is already on another node");
  });
});

describe("the project's words, not the schema library's", () => {
  const mbind = (flags: unknown) => withStep({ ...seed.steps[2], flags });

  it("takes any of the 32 bits of mbind's unsigned int flags as a number", () => {
    expect(errorsOf(mbind(2 ** 31))).toEqual([]);
    expect(errorsOf(mbind(2 ** 32 - 1))).toEqual([]);
    expect(errorsOf(mbind(2 ** 32))[0]).toMatch(/flags.*must be at most 4294967295/);
  });

  it("says an object or an array was given something else", () => {
    expect(errorsOf({ ...seed, processes: [5] })).toEqual([
      "processes[0]: must be an object ({ ... }), not a number",
    ]);
    expect(errorsOf({ ...seed, steps: "mmap" })).toEqual([
      "steps: must be an array ([ ... ]), not a string",
    ]);
  });

  it("words the length limits of a title and a file path", () => {
    expect(errorsOf({ ...seed, title: "x".repeat(201) })).toEqual([
      "title: title is at most 200 characters",
    ]);
    const file = { ...seed.steps[0], backing: "file", file: { path: "" } };
    expect(errorsOf(withStep(file))[0]).toMatch(/file\.path: file\.path must not be empty$/);
  });

  it("calls a hex address with too many digits past the user address space", () => {
    const step = { ...seed.steps[0], addr: "0xfffffffffffff000" };
    expect(errorsOf(withStep(step))[0]).toMatch(
      /addr: address "0xfffffffffffff000" is past the user address space \(below 0x800000000000\)$/,
    );
    expect(errorsOf(withStep({ ...step, addr: "0x7g" }))[0]).toMatch(/must be a hex string/);
  });
});
