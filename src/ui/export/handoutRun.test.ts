import { describe, expect, it } from "vitest";
import { Simulation } from "../../kernel/run.ts";
import type { Frame } from "../../kernel/trace.ts";
import { BUILTINS } from "../../scenario/builtins.ts";
import { withKernel } from "../../scenario/format.ts";
import { handoutMarkdown } from "../../scenario/handout.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { handoutRun } from "./handoutRun.ts";

describe("the handout of a run held by the app", () => {
  it("puts every frame under the call that produced it, with the notes", () => {
    const b = BUILTINS.find((x) =>
      (x.json as { steps: { note?: string }[] }).steps.some((s) => s.note),
    );
    if (!b) throw new Error("no built-in with lecture notes");
    const parsed = parseScenario(b.json);
    if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
    const frames: Frame[] = [];
    new Simulation(parsed.scenario, (f) => frames.push(f)).runAll();
    const run = handoutRun(
      b.json,
      frames.length,
      (f) => frames[f - 1] ?? null,
      (i) => (i === 0 ? 0 : undefined),
    );
    const steps = (b.json as { steps: { note?: string }[] }).steps;
    expect(run.steps).toHaveLength(steps.length);
    expect(run.steps.reduce((n, s) => n + s.frames.length, 0)).toBe(frames.length);
    run.steps.forEach((s, i) => {
      expect(s.note).toBe(steps[i]?.note);
      for (const [j, f] of s.frames.entries())
        expect(frames[s.firstFrame + j - 1]?.text).toBe(f.text);
    });
    expect(run.steps[0]?.ret).toBe(0);
    expect(run.steps[1]?.ret).toBe("?");
    const md = handoutMarkdown(run);
    expect(md.startsWith(`# ${run.title}`)).toBe(true);
    expect(md).toContain(`> ${steps.find((s) => s.note)?.note?.split("\n")[0]}`);
  });

  it("survives a scenario that is not one", () => {
    const run = handoutRun(null, 2, () => null);
    expect(run).toEqual({
      title: "Untitled scenario",
      description: undefined,
      kernel: undefined,
      notesFor: null,
      steps: [],
    });
  });

  it("warns that a lesson switched to the other kernel has notes written for its own", () => {
    const b = BUILTINS.find((x) => x.id === "seed-workers-pull-local");
    if (!b) throw new Error("no seed lesson");
    const switched = withKernel(b.json, "mainline");
    const warning =
      "This lesson and its notes were written for the RFC kernel (3.3 with MPOL_MF_LAZY)";
    const md = handoutMarkdown(handoutRun(switched, 0, () => null));
    expect(md).toContain(
      `${warning}; the frames below come from Linux 6.1, which may do otherwise.`,
    );
    // Above the description, which was written for the RFC too.
    const description = (b.json as { description: string }).description;
    expect(md.indexOf(warning)).toBeLessThan(md.indexOf(description));
    expect(handoutMarkdown(handoutRun(b.json, 0, () => null))).not.toContain(warning);
  });
});
