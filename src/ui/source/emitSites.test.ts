import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../scenario/builtins.ts";
import { runChecked } from "../../test/harness.ts";
import { enclosingFunction, type Literal, lineOf, literalsOf, score } from "./emitSites.ts";

const framesOf = (json: unknown) => runChecked(json).frames;

const dir = new URL("../../kernel/", import.meta.url);
const texts = new Map(
  // Recursive: the mainline kernel's files live in src/kernel/mainline/.
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => [f, readFileSync(new URL(f, dir), "utf8")] as const),
);
const files = new Map([...texts].map(([f, t]) => [f, literalsOf(t)] as const));

/** The name of the function a line of a model file sits in. */
function functionAt(file: string, line: number): string {
  const text = texts.get(file) ?? "";
  const { first, last } = enclosingFunction(text, line);
  expect(line).toBeGreaterThanOrEqual(first);
  expect(line).toBeLessThanOrEqual(last);
  const decl = text
    .split("\n")
    .slice(first - 1, line)
    .find((l) => /function (\w+)/.test(l));
  return /function (\w+)/.exec(decl ?? "")?.[1] ?? "";
}

describe("finding the model line behind a frame", () => {
  it("reads literals with their holes, nested templates and escapes", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a model line, as data
    const [lit] = literalsOf('say(`pfn ${p.pfn} is ${a ? `on ${n}` : "gone"}: \\`done\\``);');
    expect(lit?.pieces).toEqual(["pfn ", " is ", ": `done`"]);
    expect(score(lit as Literal, "pfn 4 is on 1: `done`")).toBe(
      "pfn ".length + " is ".length + ": `done`".length,
    );
    expect(score(lit as Literal, "pfn 4 was moved")).toBe(0);
  });

  it("knows each literal's emit call, the lines run before it, its helpers and notes", () => {
    // biome-ignore-start lint/suspicious/noTemplateCurlyInString: a model file's text, as data
    const text = [
      "function f(k) {", // 1
      "  a();", // 2
      '  emit(k, "one", () => `first ${x} said`);', // 3
      "  b(); // emit(k) in a comment", // 4
      "  c();", // 5
      "  emit(", // 6
      "    k,", // 7
      '    "two",', // 8
      "    said`second ${mask(k)} said`,", // 9
      "  );", // 10
      "  if (full) k.note.push(said`pagevec note`);", // 11
      "  if (early) {", // 12
      "    return fail(k);", // 13
      "  }", // 14
      "  d();", // 15
      '  emit(k, "three", `third said`);', // 16
      "}", // 17
      "function mask<T>(k: T) {", // 18
      "  return `the mask text`;", // 19
      "}", // 20
    ].join("\n");
    // biome-ignore-end lint/suspicious/noTemplateCurlyInString: a model file's text, as data
    const lits = literalsOf(text);
    const find = (piece: string) => {
      const lit = lits.find((l) => l.pieces.some((p) => p.includes(piece)));
      if (!lit) throw new Error(`no literal with ${piece}`);
      return lit;
    };
    expect(find("first").emit).toEqual({ line: 3, end: 3, ranFrom: 2 });
    // Run since the emit call before it (line 3), up to the call.
    expect(find("second").emit).toEqual({ line: 6, end: 10, ranFrom: 4 });
    expect(find("second").calls).toContain("mask");
    expect(find("pagevec note").note).toBe(true);
    expect(find("pagevec note").emit).toBeNull();
    expect(find("the mask text")).toMatchObject({ fn: "mask", emit: null, note: false });
    // A branch that closed before the call may not have run: only the code after it did.
    expect(find("third").emit).toEqual({ line: 16, end: 16, ranFrom: 15 });
    // The helper's text explains more of the sentence; its caller's emit call is the line.
    const sentence = "second the mask text said";
    expect(lineOf(new Map([["f.ts", lits]]), sentence, null)).toMatchObject({ line: 9 });
  });

  it("places every frame of every built-in on a line of the model", () => {
    for (const b of BUILTINS) {
      for (const f of framesOf(b.json)) {
        expect(lineOf(files, f.text, null), `${b.id}: ${f.fn}: ${f.text}`).not.toBeNull();
      }
    }
  });

  it("puts a frame inside the function that said it", () => {
    const seed = framesOf(BUILTINS[0]?.json);
    // An RFC run's frames are looked up in the RFC model's files, as the Source panel does
    // (filesFor): 6.1's mbind_range says the same sentence.
    const rfcFiles = new Map([...files].filter(([file]) => !file.startsWith("mainline/")));
    const where = (fn: string, text?: RegExp) => {
      const f = seed.find((x) => x.fn === fn && (!text || text.test(x.text)));
      if (!f) throw new Error(`no ${fn} frame`);
      const at = lineOf(rfcFiles, f.text, null);
      if (!at) throw new Error(`no line for ${f.text}`);
      return `${at.file} ${functionAt(at.file, at.line)}`;
    };
    expect(where("do_anonymous_page")).toBe("memory.ts do_anonymous_page");
    expect(where("migrate_pages_unmap_only", /^Done/)).toBe(
      "migrate_lazy.ts migrate_pages_unmap_only",
    );
    expect(where("mbind_range")).toBe("mbind_range.ts mbind_range");
    expect(where("add_to_swap")).toBe("migrate_lazy.ts unmapOne");
    // Its sentence ends in do_wp_page.ts's swapCacheFate, a helper from another file.
    expect(where("do_swap_page", /now maps pfn \d+ on node 1, writable/)).toBe(
      "do_swap_page.ts do_swap_page",
    );
    expect(where("mbind_range")).toBe("mbind_range.ts mbind_range");
  });
});
