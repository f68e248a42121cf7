import { describe, expect, it } from "vitest";
import { growU8, growU32 } from "../../worker/grow.ts";
import { NarrationEncoder } from "../../worker/narrationCodec.ts";
import { Narration } from "./narration.ts";

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
