import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulation } from "../kernel/run.ts";
import { Said, type SaidValue, type Text } from "../kernel/said.ts";
import { BUILTINS } from "../scenario/builtins.ts";
import { parseScenario } from "../scenario/parse.ts";
import { growU8 } from "./grow.ts";
import { NarrationEncoder } from "./narrationCodec.ts";
import { NarrationDecoder } from "./narrationDecoder.ts";

/** Encode `texts` in one run of the codec, then read each back from where its record starts. */
function roundTrip(texts: readonly Text[]): { back: string[]; bytes: number } {
  const enc = new NarrationEncoder();
  const dec = new NarrationDecoder();
  const out = growU8();
  const starts: number[] = [];
  for (const t of texts) {
    starts.push(out.length);
    if (typeof t === "string") enc.encode(t, out);
    else enc.encodeSaid(t, out);
  }
  dec.add(enc.takeFresh());
  const bytes = out.take();
  return { back: starts.map((at) => dec.decode(bytes, at)), bytes: bytes.length };
}

const piece = fc.oneof(
  fc.string(),
  fc.constantFrom("0", "00", "007", "0x", "0x0", "0x00ff", "0xABC", "0x7f00003e7000", " pfn "),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((n) => `0x${n.toString(16)}`),
  fc.constantFrom("\u0000", "\u0001", "é → …", "1234567890123456789"),
);

/**
 * Kept sentences (said.ts) from a few call sites, as a run makes them: each site's pieces are one
 * array, met again and again with other numbers, words and nested sentences.
 */
const sites = [
  ["pfn ", " is on node ", "."],
  ["tid ", " (cpu ", ")"],
  ["", " faults on 0x", ": slot ", ""],
  ["at 0x", ""],
  ["", ""],
  ["whole"],
  ["\u0000", " and 0x", ""],
].map((p) => Object.freeze(p));

const said: fc.Memo<Said> = fc.memo((depth) =>
  fc.integer({ min: 0, max: sites.length - 1 }).chain((i) => {
    const pieces = sites[i] as readonly string[];
    const value: fc.Arbitrary<SaidValue> =
      depth > 1
        ? fc.oneof(
            fc.integer({ min: 0, max: 2 ** 53 }),
            fc.double(),
            fc.integer({ min: -5, max: 5 }),
            piece,
            said(depth - 1),
          )
        : fc.oneof(fc.nat(), piece);
    return fc
      .array(value, { minLength: pieces.length - 1, maxLength: pieces.length - 1 })
      .map((values) => new Said(pieces, values));
  }),
);

describe("narration codec", () => {
  it("gives back every kept sentence exactly as it reads written out", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(said(3), piece), { maxLength: 30 }), (texts) => {
        expect(roundTrip(texts).back).toEqual(texts.map(String));
      }),
    );
  });

  it("gives back every sentence exactly, whatever its numbers and characters", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(piece, { maxLength: 8 }).map((p) => p.join("")),
          { maxLength: 30 },
        ),
        (texts) => {
          expect(roundTrip(texts).back).toEqual(texts);
        },
      ),
    );
  });

  it("reads every built-in lesson's narration back, in a tenth of the UTF-8 bytes or less", () => {
    for (const b of BUILTINS) {
      const parsed = parseScenario(b.json);
      if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
      const texts: string[] = [];
      const said: Text[] = [];
      new Simulation(parsed.scenario, (f) => {
        texts.push(f.text);
        said.push(f.said);
      }).runAll();
      const { back, bytes } = roundTrip(said);
      expect(back).toEqual(texts);
      const utf8 = texts.reduce((n, t) => n + new TextEncoder().encode(t).length, 0);
      if (texts.length > 500) expect(bytes).toBeLessThan(utf8 / 10);
    }
  });
});
