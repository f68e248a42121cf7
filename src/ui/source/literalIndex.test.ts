import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../scenario/builtins.ts";
import { runChecked } from "../../test/harness.ts";
import { type Literal, literalsOf } from "./emitSites.ts";
import { candidatesFor } from "./literalIndex.ts";

const dir = new URL("../../kernel/", import.meta.url);
const files = new Map(
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => [f, literalsOf(readFileSync(new URL(f, dir), "utf8"))] as const),
);
const all: Literal[] = [...files.values()].flat();

/** What the index must find: every literal whose longest piece the sentence holds. */
const holding = (sentence: string) => all.filter((lit) => sentence.includes(lit.longest));

describe("the literal index", () => {
  it("finds every literal a built-in frame's sentence holds the longest piece of", () => {
    let frames = 0;
    for (const b of BUILTINS) {
      for (const f of runChecked(b.json).frames) {
        const found = new Set(candidatesFor(files, f.text).map((c) => c.lit));
        for (const lit of holding(f.text)) expect(found.has(lit), f.text).toBe(true);
        frames++;
      }
    }
    expect(frames).toBeGreaterThan(1000);
  });

  it("finds them in any sentence: pieces of literals joined with other text", () => {
    const piece = fc.constantFrom(...all.flatMap((l) => l.pieces));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 8 }),
        (parts) => {
          const sentence = parts.join("");
          const found = candidatesFor(files, sentence);
          const lits = new Set(found.map((c) => c.lit));
          for (const lit of holding(sentence)) expect(lits.has(lit)).toBe(true);
          // In the files' order: lineOf breaks ties by it.
          for (let i = 1; i < found.length; i++)
            expect(found[i]?.order).toBeGreaterThan(found[i - 1]?.order ?? -1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves out most literals for a frame's sentence", () => {
    const f = runChecked(BUILTINS[0]?.json).frames.at(-1);
    expect(f).toBeDefined();
    expect(candidatesFor(files, f?.text ?? "").length).toBeLessThan(all.length / 10);
  });
});
