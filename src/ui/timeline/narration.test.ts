import { describe, expect, it } from "vitest";
import { Narration } from "./narration.ts";

/** A batch's narration as the worker sends it: UTF-8 one after another, and where each ends. */
function batch(sentences: string[]): { text: Uint8Array; textEnd: Uint32Array } {
  const enc = new TextEncoder();
  const parts = sentences.map((s) => enc.encode(s));
  const text = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const textEnd = new Uint32Array(parts.length);
  let at = 0;
  parts.forEach((p, j) => {
    text.set(p, at);
    at += p.length;
    textEnd[j] = at;
  });
  return { text, textEnd };
}

const sentence = (f: number) =>
  f % 7 === 0
    ? ""
    : `frame ${f}: try_to_unmap_one clears the PTE of pfn ${f * 3} (→ swap ${f % 64})`;

describe("narration kept compressed", () => {
  it("gives back every frame's sentence, before and after its chunk is packed", async () => {
    const n = new Narration();
    const sizes = [1300, 1, 4096, 600];
    let first = 1;
    for (const size of sizes) {
      const frames = Array.from({ length: size }, (_, j) => sentence(first + j));
      const b = batch(frames);
      n.add(first, b.text, b.textEnd);
      first += size;
    }
    const total = first - 1;
    const read = () => Array.from({ length: total }, (_, i) => n.text(i + 1));
    const want = Array.from({ length: total }, (_, i) => sentence(i + 1));
    expect(read()).toEqual(want);
    const rawBytes = n.bytes;
    // Let the platform's deflate finish (the kept size stops changing), then read again through
    // inflate, far and near.
    let last = -1;
    for (let i = 0; i < 100 && n.bytes !== last; i++) {
      last = n.bytes;
      await new Promise((ok) => setTimeout(ok, 30));
    }
    expect(n.bytes).toBeLessThan(rawBytes / 1.5);
    expect(read()).toEqual(want);
    expect([n.text(total), n.text(1), n.text(2000)]).toEqual([
      sentence(total),
      sentence(1),
      sentence(2000),
    ]);
    expect(n.text(total + 1)).toBeNull();
  });
});
