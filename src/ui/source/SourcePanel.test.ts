import { readdirSync, readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../scenario/builtins.ts";
import { runChecked } from "../../test/harness.ts";
import { kernelSourceLink } from "../../worker/kernelSources.ts";
import { filesFor, locate, modelFiles } from "./locate.ts";
import { SourceSection, SourceView, type SourceViewProps } from "./SourcePanel.tsx";

const framesOf = (json: unknown) => runChecked(json).frames;

// A .ts test (the lint rule lets tests read the model): the view is built without JSX.
// The panel as the app builds it: the section and its heading, the view inside.
const render = (props: SourceViewProps) =>
  renderToStaticMarkup(createElement(SourceSection, null, createElement(SourceView, props)));

const dir = new URL("../../kernel/", import.meta.url);
const files = modelFiles(
  new Map(
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => [f, readFileSync(new URL(f, dir), "utf8")] as const),
  ),
);

const seed = BUILTINS[0];
if (!seed) throw new Error("no built-in scenario");
const frames = framesOf(seed.json);

describe("the source excerpt of a frame", () => {
  it("shows, for every frame of a built-in, a function whose marked line is inside it", () => {
    let atEmit = 0;
    for (const f of frames) {
      const link = kernelSourceLink(f.fn);
      const ex = locate(files, f.fn, f.text, link?.model ?? null);
      expect(ex, `${f.fn}: ${f.text}`).not.toBeNull();
      if (!ex) continue;
      expect(ex.ranFrom).toBeGreaterThanOrEqual(ex.first);
      expect(ex.ranFrom).toBeLessThanOrEqual(ex.line);
      expect(ex.callEnd).toBeGreaterThanOrEqual(ex.line);
      expect(ex.callEnd).toBeLessThan(ex.first + ex.lines.length);
      // The marked line is the emit call's, or (a sentence put together elsewhere) the literal's.
      expect(ex.lines[ex.line - ex.first]).toMatch(/\bemit\(|["'`]/);
      if (/\bemit\(/.test(ex.lines[ex.line - ex.first] ?? "")) atEmit++;
    }
    // Most of the seed's frames are said inside their emit call.
    expect(atEmit).toBeGreaterThan(frames.length * 0.8);
  });

  /** The excerpt of the first seed-like frame of `fn` whose sentence matches `text`. */
  const excerptOf = (fn: string, text: RegExp) => {
    for (const b of BUILTINS) {
      const kernel = (b.json as { kernel?: string }).kernel;
      const f = framesOf(b.json).find((x) => x.fn === fn && text.test(x.text));
      if (f) {
        const ex = locate(files, f.fn, f.text, kernelSourceLink(f.fn, kernel)?.model ?? null);
        if (!ex) throw new Error(`no excerpt for ${f.text}`);
        const at = (from: number, to: number) => ex.lines.slice(from - ex.first, to - ex.first + 1);
        return { ex, call: at(ex.line, ex.callEnd).join("\n"), ran: at(ex.ranFrom, ex.line - 1) };
      }
    }
    throw new Error(`no ${fn} frame matching ${text}`);
  };

  it("marks the emit call, not a helper that wrote part of the sentence", () => {
    // nodeMask() writes "the empty mask (…)"; the frame is migrate_page_add's emit.
    const empty = excerptOf("migrate_page_add", /the empty mask/);
    expect(empty.call).toContain('"migrate_page_add"');
    expect(empty.call).toContain("nodeMask(");
    // unmappedAs() writes "becomes a swap entry"; the lines before the call did the unmapping.
    const unmap = excerptOf("try_to_unmap_one", /becomes a swap entry/);
    expect(unmap.call).toContain('"try_to_unmap_one"');
    expect(unmap.ran.join("\n")).toContain("set_pte_at(");
  });

  it("ignores a remark added to the frame (a pagevec that filled) when placing it", () => {
    const { ex, call } = excerptOf("do_anonymous_page", /pagevec reached/);
    expect(ex.file).toBe("memory.ts");
    expect(call).toContain('"do_anonymous_page"');
  });

  it("keeps a reason on the line that decided it", () => {
    const { ex, call } = excerptOf("do_mbind", /CAP_SYS_NICE/);
    expect(call).toContain("CAP_SYS_NICE");
    expect(ex.callEnd).toBe(ex.line);
    expect(ex.ranFrom).toBe(ex.line);
  });

  it("places no frame of an RFC lesson in the 6.1 model, 'mbind returns 0.' included", () => {
    const rfc = filesFor(files, false);
    const misplaced = new Set<string>();
    for (const lesson of BUILTINS) {
      if ((lesson.json as { kernel?: string }).kernel === "mainline") continue;
      for (const f of framesOf(lesson.json)) {
        const ex = locate(rfc, f.fn, f.text, kernelSourceLink(f.fn)?.model ?? null);
        if (!ex || ex.file.startsWith("mainline/")) misplaced.add(`${f.fn}: ${f.text}`);
      }
    }
    expect([...misplaced]).toEqual([]);
    const done = frames.find((f) => f.text === "mbind returns 0.");
    const ex = done && locate(rfc, done.fn, done.text, kernelSourceLink(done.fn)?.model ?? null);
    expect(ex && `${ex.file}: ${ex.lines[ex.line - ex.first]?.trim()}`).toMatch(
      /^mbind\.ts: emit\(k, "do_mbind", \(\) => `mbind returns \$\{err\}/,
    );
  });

  it("finds the mainline model's lines and 6.1 links for a mainline lesson", () => {
    const lesson = BUILTINS.find((b) => (b.json as { kernel?: string }).kernel === "mainline");
    if (!lesson) throw new Error("no mainline lesson");
    let elixir61 = 0;
    for (const f of framesOf(lesson.json)) {
      const link = kernelSourceLink(f.fn, "mainline");
      expect(link, f.fn).not.toBeNull();
      const ex = locate(files, f.fn, f.text, link?.model ?? null);
      expect(ex, `${f.fn}: ${f.text}`).not.toBeNull();
      if (link?.url.includes("/v6.1/")) elixir61++;
    }
    expect(elixir61).toBeGreaterThan(0);
    // 6.1 renamed some functions: the link names the 6.1 one.
    expect(kernelSourceLink("move_to_new_page", "mainline")?.fn).toBe("move_to_new_folio");
  });

  it("moves when the frame moves", () => {
    const lines = new Set(
      frames.map((f) => {
        const ex = locate(files, f.fn, f.text, kernelSourceLink(f.fn)?.model ?? null);
        return `${ex?.file}:${ex?.line}`;
      }),
    );
    expect(lines.size).toBeGreaterThan(3);
  });

  it("answers every sentence of a template as it answered the first", () => {
    // A frame placed by its sentence, not at its function's declaration.
    const modelOf = (fn: string) => kernelSourceLink(fn)?.model ?? null;
    const f = frames.find(
      (x) =>
        locate(files, x.fn, x.text, modelOf(x.fn)) !== locate(files, x.fn, "zzzz", modelOf(x.fn)),
    );
    if (!f) throw new Error("no frame placed by its sentence");
    const model = modelOf(f.fn);
    const first = locate(files, f.fn, f.text, model, `a template of ${f.fn}`);
    expect(first).toBe(locate(files, f.fn, f.text, model));
    // A later sentence of that template is not searched again (this one alone would find only
    // the function's declaration).
    expect(locate(files, f.fn, "zzzz", model, `a template of ${f.fn}`)).toBe(first);
    expect(locate(files, f.fn, "zzzz", model)).not.toBe(first);
  });

  it("falls back to the function's declaration when no literal explains the sentence", () => {
    const ex = locate(files, "migrate_pages", "zzzz", "migrate.ts");
    expect(ex?.file).toBe("migrate.ts");
    expect(ex?.lines[ex.line - ex.first]).toContain("function migrate_pages(");
    expect(locate(files, "nothing_here", "zzzz", null)).toBeNull();
  });
});

describe("the Source panel", () => {
  it("marks the current line and links the kernel function it follows", () => {
    const f = frames.find((x) => kernelSourceLink(x.fn)?.version.includes("RFC")) ?? frames[0];
    if (!f) throw new Error("no frame");
    const html = render({ files, fn: f.fn, narration: f.text });
    expect(html).toContain('aria-label="Source"');
    expect(html.match(/aria-current="step"/g)).toHaveLength(1);
    const link = kernelSourceLink(f.fn);
    expect(link).not.toBeNull();
    expect(html).toContain(`href="${link?.url}"`);
    expect(link?.url).toMatch(/^https:\/\/(lore\.kernel\.org|elixir\.bootlin\.com)\//);
  });

  it("says what is missing instead of showing nothing", () => {
    expect(render({ files: null, fn: "", narration: "" })).toContain("No frame yet");
    expect(render({ files: null, fn: "do_mbind", narration: "x" })).toContain("Loading");
    expect(kernelSourceLink("not_a_kernel_fn")).toBeNull();
    expect(kernelSourceLink("toString")).toBeNull();
  });
});
