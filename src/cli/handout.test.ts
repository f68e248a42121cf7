import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const SEED = "src/scenario/builtin/seed-workers-pull-local.json";
const sim = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    encoding: "utf8",
  });

describe("npm run sim -- FILE --handout", () => {
  it("writes the run as Markdown: every call with its return value, its note and its frames", () => {
    const out = sim(SEED, "--handout");
    expect(out.status).toBe(0);
    const seed = JSON.parse(readFileSync(SEED, "utf8")) as {
      title: string;
      steps: { note?: string }[];
    };
    expect(out.stdout.startsWith(`# ${seed.title}\n`)).toBe(true);
    const calls = out.stdout.match(/^## Step \d+\. `.+` returns `(.+)`$/gm) ?? [];
    // Numbered as the app and the plain trace number steps: from 0.
    expect(calls[0]).toMatch(/^## Step 0\. /);
    expect(calls).toHaveLength(seed.steps.length);
    for (const c of calls) expect(c.endsWith("returns `0`")).toBe(true);
    for (const s of seed.steps)
      if (s.note) expect(out.stdout).toContain(`> ${s.note.split("\n")[0]}`);
    const frames = JSON.parse(sim(SEED, "--json").stdout).frames as number;
    const numbered = out.stdout.match(/^\d+\. \*\*\w+\*\* /gm) ?? [];
    expect(numbered.length).toBeGreaterThan(0);
    expect(out.stdout).toContain(`${frames}. **`);
  });

  it("refuses --handout with --json", () => {
    const out = sim(SEED, "--handout", "--json");
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("--handout");
  });
});
