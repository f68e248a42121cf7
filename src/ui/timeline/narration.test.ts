import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { growU8, growU32 } from "../../worker/grow.ts";
import { NarrationEncoder } from "../../worker/narrationCodec.ts";
import { Narration } from "./narration.ts";
import { containsWhole } from "./textMatch.ts";

const sentence = (f: number) =>
  f % 7 === 0
    ? ""
    : `frame ${f}: try_to_unmap_one clears the PTE of pfn ${f * 3} (→ swap ${f % 64}) at 0x7f${f.toString(16)}000`;

describe("narration kept as templates and numbers", () => {
  it("gives back every frame's sentence, across batches of any size, near and far", () => {
    const enc = new NarrationEncoder();
    const n = new Narration();
    const sizes = [1300, 1, 4096, 0, 600];
    let first = 1;
    for (const size of sizes) {
      const text = growU8();
      const ends = growU32();
      for (let j = 0; j < size; j++) {
        enc.encode(sentence(first + j), text);
        ends.push(text.length);
      }
      n.add(first, text.take(), ends.take(), enc.takeFresh());
      first += size;
    }
    const total = first - 1;
    const want = Array.from({ length: total }, (_, i) => sentence(i + 1));
    expect(Array.from({ length: total }, (_, i) => n.text(i + 1))).toEqual(want);
    expect([n.text(total), n.text(1), n.text(2000)]).toEqual([
      sentence(total),
      sentence(1),
      sentence(2000),
    ]);
    expect(n.text(total + 1)).toBeNull();
    expect(n.text(0)).toBeNull();
    const utf8 = want.reduce((a, s) => a + new TextEncoder().encode(s).length, 0);
    expect(n.bytes).toBeLessThan(utf8 / 3);
  });
});

describe("a frame's sentence template", () => {
  it("is one for the sentences of one line, whatever their numbers, and none for one sent whole", () => {
    const enc = new NarrationEncoder();
    const n = new Narration();
    const text = growU8();
    const ends = growU32();
    const said = [
      "pfn 3 is isolated from node 0",
      "pfn 4711 is isolated from node 1",
      "pfn 3 is put back on node 0",
      // A sentence holding a marker character cannot be a template: it is sent whole.
      `pfn 3 is \u0000 odd`,
    ];
    for (const sentence of said) {
      enc.encode(sentence, text);
      ends.push(text.length);
    }
    n.add(1, text.take(), ends.take(), enc.takeFresh());
    expect(n.template(1)).not.toBeNull();
    expect(n.template(2)).toBe(n.template(1));
    expect(n.template(3)).not.toBe(n.template(1));
    expect(n.template(4)).toBeNull();
    expect(n.text(4)).toBe(said[3]);
    expect(n.template(5)).toBeNull();
  });
});

describe("narration search by template", () => {
  const word = fc.constantFrom("pfn ", "0x", "slot ", " at ", "cafe", "x", "é", "Fault", " ");
  const number = fc.oneof(
    fc.nat(99999).map(String),
    fc.nat(2 ** 40).map((n) => n.toString(16)),
    fc.constantFrom("007", "0"),
  );
  const sentence = fc.array(fc.oneof(word, number), { maxLength: 8 }).map((p) => p.join(""));

  it("finds a number typed only whole", () => {
    expect(containsWhole("copied pfn 11 to pfn 67", "pfn 6")).toBe(false);
    expect(containsWhole("copied pfn 11 to pfn 67", "pfn 67")).toBe(true);
    expect(containsWhole("slot 167 and slot 67,", "67")).toBe(true);
    expect(containsWhole("slot 167", "67")).toBe(false);
    expect(containsWhole("cpu 0's pagevec", "cpu 0")).toBe(true);
    expect(containsWhole("at 0x7f0000010000", "0x7f00000100")).toBe(false);
    expect(containsWhole("at 0x7f0000010000", "7f0000010000")).toBe(true);
    // No digit at an end: a plain substring.
    expect(containsWhole("swapcache", "swap")).toBe(true);
  });

  it("matches exactly the frames whose sentence contains the needle, numbers whole", () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 40 }),
        fc.oneof(sentence, fc.nat(99).map(String), fc.constantFrom("x7", "fe", "t 0x", "0")),
        (texts, raw) => {
          const needle = raw.toLowerCase();
          const enc = new NarrationEncoder();
          const text = growU8();
          const ends = growU32();
          for (const t of texts) {
            enc.encode(t, text);
            ends.push(text.length);
          }
          const n = new Narration();
          n.add(1, text.take(), ends.take(), enc.takeFresh());
          const matches = n.matcher(needle);
          texts.forEach((t, i) => {
            expect(matches(i + 1)).toBe(containsWhole(t.toLowerCase(), needle));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
