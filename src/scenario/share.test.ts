import fc from "fast-check";
import { zlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { buildScenario, machineArb, opArb } from "../test/random-scenario.ts";
import { compressText, toBase64Url } from "./compress.ts";
import { kernelOf, withKernel } from "./format.ts";
import { LESSONS } from "./library.ts";
import { encodeShare, MAX_FRAGMENT_CHARS, type ShareLink, shareScenarioOf } from "./share.ts";
import { decodeShare } from "./shareDecode.ts";

const seed = LESSONS[0];
const lessonLink = (frame: number): ShareLink => ({
  scenario: { kind: "builtin", id: seed?.id ?? "", calls: [] },
  frame,
  selection: null,
});
const errorOf = (fragment: string) => {
  const d = decodeShare(fragment);
  if (d.ok) throw new Error("expected an error");
  return d.error;
};

describe("share links", () => {
  it("round-trips random custom scenarios, frames and selections", () => {
    fc.assert(
      fc.property(
        machineArb,
        fc.array(opArb, { maxLength: 30 }),
        fc.nat({ max: 5000 }),
        fc.option(
          fc.oneof(
            fc.record({ pfn: fc.nat({ max: 1 << 20 }) }),
            fc.record({
              pte: fc.record({
                pid: fc.integer({ min: 1, max: 4_194_304 }),
                vpn: fc.nat({ max: 2 ** 35 }),
              }),
            }),
          ),
        ),
        (m, ops, frame, selection) => {
          const json = buildScenario(m, ops);
          const link: ShareLink = { scenario: { kind: "custom", json }, frame, selection };
          const d = decodeShare(`#${encodeShare(link)}`);
          expect(d.ok ? d.link : d.error).toEqual(link);
          if (d.ok) expect(d.json).toEqual(json);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("shares a lesson by id, with the calls appended to it", () => {
    for (const l of LESSONS) {
      const json = l.json() as { steps: unknown[]; processes: { threads: { tid: number }[] }[] };
      const call = {
        op: "touch",
        tid: json.processes[0]?.threads[0]?.tid,
        addr: "0x7f0000000000",
        pages: 1,
      };
      const withCall = { ...json, steps: [...json.steps, call] };
      const s = shareScenarioOf(withCall);
      expect(s).toEqual({ kind: "builtin", id: l.id, calls: [call] });
      const d = decodeShare(encodeShare({ scenario: s, frame: 3, selection: null }));
      expect(d.ok && d.json).toEqual(withCall);
    }
  });

  it("shares a lesson switched to the other kernel by id and k=, calls and all, in a short link", () => {
    for (const l of LESSONS) {
      const json = l.json() as { steps: unknown[]; processes: { threads: { tid: number }[] }[] };
      const other = kernelOf(json) === "mainline" ? "rfc-2012" : "mainline";
      const call = {
        op: "touch",
        tid: json.processes[0]?.threads[0]?.tid,
        addr: "0x7f0000000000",
        pages: 1,
      };
      for (const switched of [
        withKernel(json, other),
        withKernel({ ...json, steps: [...json.steps, call] }, other),
      ]) {
        const s = shareScenarioOf(switched);
        expect(s).toMatchObject({ kind: "builtin", id: l.id, kernel: other });
        const link = encodeShare({ scenario: s, frame: 3, selection: null });
        expect(link).toContain(`&k=${other}`);
        expect(link.length).toBeLessThan(200);
        const d = decodeShare(link);
        expect(d.ok && d.json).toEqual(switched);
      }
    }
    expect(errorOf(`#v=1&b=${seed?.id}&k=linux-2.4`)).toMatch(/kernel "linux-2.4"/);
  });

  it("a lesson switched to the other kernel and back is that lesson again, key for key", () => {
    for (const l of LESSONS) {
      const json = l.json();
      const other = kernelOf(json) === "mainline" ? "rfc-2012" : "mainline";
      const back = withKernel(withKernel(json, other), kernelOf(json));
      // The app compares scenarios as JSON text: key order counts.
      expect(JSON.stringify(back)).toBe(JSON.stringify(json));
      expect(shareScenarioOf(back)).toEqual({ kind: "builtin", id: l.id, calls: [] });
    }
  });

  it("shares a lesson with calls inserted among its steps by id, with short [index, step] calls", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LESSONS.filter((l) => !l.large)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 5 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (l, inserts) => {
          const json = l.json() as {
            steps: unknown[];
            processes: { threads: { tid: number }[] }[];
          };
          const tid = json.processes[0]?.threads[0]?.tid;
          const steps = [...json.steps];
          for (const [at, pages] of inserts)
            steps.splice(at % (steps.length + 1), 0, { op: "touch", tid, addr: 0, pages });
          const edited = { ...json, steps };
          const s = shareScenarioOf(edited);
          expect(s).toMatchObject({ kind: "builtin", id: l.id });
          const fragment = encodeShare({ scenario: s, frame: 7, selection: null });
          const d = decodeShare(fragment);
          expect(d.ok && d.json).toEqual(edited);
          // Far shorter than the whole scenario the link would otherwise carry.
          const whole = encodeShare({
            scenario: { kind: "custom", json: edited },
            frame: 7,
            selection: null,
          });
          expect(fragment.length).toBeLessThan(whole.length / 2);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a call inserted at no step of the lesson is a malformed link", () => {
    const call = { op: "touch", tid: 100, addr: 0, pages: 1 };
    for (const at of [-1, 1.5, 10_000, "2"]) {
      const c = compressText(JSON.stringify([[at, call]]));
      expect(errorOf(`v=1&b=${seed?.id}&c=${c}`)).toMatch(
        /^The link is malformed: a call in it is inserted at .*, not at a step after the one before it \(0 to \d+\)\.$/,
      );
    }
    // Indices in order, as links are written: one before the call before it is refused.
    const backwards = compressText(
      JSON.stringify([
        [3, call],
        [1, call],
      ]),
    );
    expect(errorOf(`v=1&b=${seed?.id}&c=${backwards}`)).toMatch(
      /inserted at 1, not .* \(4 to \d+\)/,
    );
    // A pair without its step is said to be that, not misplaced.
    expect(errorOf(`v=1&b=${seed?.id}&c=${compressText("[[0]]")}`)).toBe(
      "The link is malformed: a call in it is a list of 1 item, not [where, step].",
    );
  });

  it("a link naming no frame opens a lesson where the picker does: its end, for a lesson to continue", () => {
    const atEnd = LESSONS.filter((l) => l.openAtEnd);
    expect(atEnd.length).toBeGreaterThan(0);
    for (const l of LESSONS) {
      const d = decodeShare(`v=1&b=${l.id}`);
      expect(d.ok && d.link.frame).toBe(l.openAtEnd ? 1_000_000_000 : 0);
      // Frame 0 of such a lesson is written out, so it does not come back as its end.
      const scenario = { kind: "builtin" as const, id: l.id, calls: [] };
      const zero = decodeShare(encodeShare({ scenario, frame: 0, selection: null }));
      expect(zero.ok && zero.link.frame).toBe(0);
    }
  });

  it("an edited lesson is shared whole", () => {
    const json = { ...(seed?.json() as object), title: "edited" };
    expect(shareScenarioOf(json)).toEqual({ kind: "custom", json });
  });

  it("a lesson at a frame takes at most 100 characters", () => {
    for (const l of LESSONS) {
      const fragment = encodeShare({
        ...lessonLink(132),
        scenario: { kind: "builtin", id: l.id, calls: [] },
        selection: { pte: { pid: 100, vpn: 34326183936 } },
      });
      expect(`#${fragment}`.length).toBeLessThanOrEqual(100);
    }
  });

  it("a custom scenario of about 20 steps takes at most 1,500 characters", () => {
    const json = buildScenario(
      { nodes: 4, cpusPerNode: 2, frames: 64, swap: 32, cap: true },
      fc.sample(opArb, { numRuns: 14, seed: 7 }),
    ) as { steps: unknown[] };
    expect(json.steps.length).toBe(20);
    const fragment = encodeShare({
      scenario: { kind: "custom", json },
      frame: 250,
      selection: { pfn: 77 },
    });
    expect(`#${fragment}`.length).toBeLessThanOrEqual(1500);
  });

  it("an empty fragment is no link and no error", () => {
    expect(decodeShare("")).toEqual({ ok: false, error: "" });
    expect(decodeShare("#")).toEqual({ ok: false, error: "" });
  });

  it("says what is wrong with a malformed link", () => {
    expect(errorOf("#77")).toBe("The link is malformed: it has no format version (v=).");
    expect(errorOf("#v=one&b=x")).toMatch(/^The link is malformed: .*not a number/);
    expect(errorOf("#v=1")).toMatch(/^The link is malformed: .*no scenario/);
    expect(errorOf("#v=1&b=no-such-lesson")).toMatch(/lesson "no-such-lesson"/);
    expect(errorOf("#v=1&s=!!!")).toMatch(/not base64url/);
    expect(errorOf("#v=1&v=2&b=seed-workers-pull-local")).toBe(
      'The link is malformed: it gives "v=" more than once.',
    );
    expect(errorOf(`#v=1&b=seed-workers-pull-local&b=${LESSONS[1]?.id}`)).toMatch(
      /"b=" more than once/,
    );
  });

  it("a frame or selection given twice loses only itself", () => {
    const twice = decodeShare(`#v=1&b=${seed?.id}&f=3&f=9&pfn=4`);
    expect(twice.ok).toBe(true);
    if (!twice.ok) return;
    expect(twice.link.frame).toBe(0);
    expect(twice.link.selection).toEqual({ pfn: 4 });
    expect(twice.ignored).toBe("the frame is given 2 times (f=3, f=9)");
  });

  it("a bad frame or selection loses only itself: the lesson still opens, and says what was left out", () => {
    const bad = decodeShare(`#v=1&b=${seed?.id}&f=-3&pte=abc`);
    expect(bad.ok).toBe(true);
    if (!bad.ok) return;
    expect(bad.link.scenario).toMatchObject({ kind: "builtin", id: seed?.id });
    expect(bad.link.frame).toBe(0);
    expect(bad.link.selection).toBeNull();
    expect(bad.ignored).toMatch(/^the frame "f=-3" is not a frame number; .*pte=abc.*pid\.vpn/);
    const good = decodeShare(`#v=1&b=${seed?.id}&f=3`);
    expect(good.ok && good.ignored).toBeUndefined();
  });

  it("a link that selects both a page and a PTE shows the page and says the PTE was left out", () => {
    const both = decodeShare(`#v=1&b=${seed?.id}&f=3&pfn=3&pte=100.34091302721`);
    expect(both.ok).toBe(true);
    if (!both.ok) return;
    expect(both.link.selection).toEqual({ pfn: 3 });
    expect(both.ignored).toMatch(
      /^the selected page-table entry "pte=100\.34091302721" .*"pfn=3", which comes first/,
    );
    // A pfn= that cannot be read is said, and so is the pte= beside it.
    const bad = decodeShare(`#v=1&b=${seed?.id}&pfn=abc&pte=100.5`);
    expect(bad.ok && bad.ignored).toMatch(/"pfn=abc" is not a page frame number; .*"pte=100\.5"/);
  });

  it("refuses a link from a newer version", () => {
    expect(errorOf(`#v=2&b=${seed?.id}`)).toBe(
      "The link was made by a newer version of the lab (link format 2; this one reads format 1).",
    );
    // However many digits: it was "not a number" past ten.
    expect(errorOf(`#v=99999999999&b=${seed?.id}`)).toMatch(/newer version of the lab/);
  });

  it("opens a frame number past any run's end at the last frame, however many digits it has", () => {
    const far = decodeShare(`#v=1&b=${seed?.id}&f=99999999999999999999`);
    expect(far.ok && far.ignored).toBeUndefined();
    const near = decodeShare(`#v=1&b=${seed?.id}&f=5000`);
    expect(far.ok && near.ok && far.link.frame >= near.link.frame).toBe(true);
  });

  it("refuses a truncated or tampered link", () => {
    const custom = encodeShare({
      scenario: { kind: "custom", json: seed?.json() },
      frame: 5,
      selection: null,
    });
    const s = new URLSearchParams(custom).get("s") ?? "";
    expect(errorOf(`v=1&s=${s.slice(0, s.length - 20)}`)).toBe(
      "The link is truncated: the scenario in it is cut short.",
    );
    // Flip one character in the middle: inflate fails or the checksum no longer matches.
    for (const at of [10, Math.floor(s.length / 2), s.length - 3]) {
      const c = s[at] === "A" ? "B" : "A";
      const bad = `${s.slice(0, at)}${c}${s.slice(at + 1)}`;
      expect(errorOf(`v=1&s=${bad}`)).toMatch(
        /^The link is (damaged or tampered with|truncated): |^The scenario in the link is not valid/,
      );
    }
  });

  it("refuses a valid-looking scenario that is not a valid scenario", () => {
    const s = compressText(JSON.stringify({ version: 1, machine: { nodes: [] } }));
    expect(errorOf(`v=1&s=${s}`)).toMatch(/^The scenario in the link is not valid: /);
    // Valid JSON that is no object: said so, not "not valid JSON".
    for (const [value, said] of [
      ["abc", "a string"],
      [7, "a number"],
      [null, "null"],
    ] as const)
      expect(errorOf(`v=1&s=${compressText(JSON.stringify(value))}`)).toBe(
        `The link is not valid: the scenario in it is ${said}, not a JSON object.`,
      );
  });

  it("caps the size before and after decompression", () => {
    expect(errorOf(`v=1&s=${"A".repeat(MAX_FRAGMENT_CHARS)}`)).toMatch(/^The link is too large: /);
    // 64 MiB of spaces compresses to ~64 KiB... too long; 8 MiB to ~8 KiB, a short link.
    const bomb = toBase64Url(zlibSync(new Uint8Array(8 << 20).fill(32), { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_CHARS);
    expect(errorOf(`v=1&s=${bomb}`)).toMatch(
      /^The link is too large: .*inflates to more than 1,048,576 bytes/,
    );
  });
});
