import { readdirSync, readFileSync } from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BUILTINS } from "../../scenario/builtins.ts";
import { runChecked } from "../../test/harness.ts";
import { kernelSourceLink } from "../../worker/kernelSources.ts";
import { locate, modelFiles } from "./locate.ts";
import { SourceView, type SourceViewProps } from "./SourcePanel.tsx";

const framesOf = (json: unknown) => runChecked(json).frames;

// A .ts test (the lint rule lets tests read the model): the view is built without JSX.
const render = (props: SourceViewProps) => renderToStaticMarkup(createElement(SourceView, props));

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
    for (const f of frames) {
      const link = kernelSourceLink(f.fn);
      const ex = locate(files, f.fn, f.text, link?.model ?? null);
      expect(ex, `${f.fn}: ${f.text}`).not.toBeNull();
      if (!ex) continue;
      expect(ex.line).toBeGreaterThanOrEqual(ex.first);
      expect(ex.line).toBeLessThan(ex.first + ex.lines.length);
      // The marked line is the literal's own line: it holds a quote.
      expect(ex.lines[ex.line - ex.first]).toMatch(/["'`]/);
    }
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
