/**
 * The command-line face of the model: `npm run sim -- FILE.json... [--json] [--kernel NAME]`.
 * One file: prints the frames as a readable trace, or one JSON object (see README, "CLI"), or with
 * `--handout` the run as a Markdown handout (the app's `Export handout` writes the same text).
 * Several files with --json: one JSON object a line, in the files' order, and
 * `{"file": ..., "error": ...}` on the line of a file that could not run (the others still run).
 * `--kernel NAME` overrides each scenario's "kernel" field. Exit 0 when every scenario ran (a
 * syscall's error is a result), 2 when a file could not be read or is not a valid scenario.
 */
import { readFileSync } from "node:fs";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import type { Scenario } from "../scenario/format.ts";
import { type HandoutFrame, handoutMarkdown } from "../scenario/handout.ts";
import { notesWrittenFor } from "../scenario/library.ts";
import { parseScenario, scenarioData } from "../scenario/parse.ts";
import { Chunked, writeReport } from "./output.ts";

interface Options {
  json: boolean;
  handout: boolean;
  kernel: string | null;
  files: string[];
}

const USAGE = "usage: npm run sim -- FILE.json... [--json] [--kernel NAME] [--handout]";

const HELP = `${USAGE}

Runs each scenario (the JSON the app's editor writes; README, "Scenario format") through the
model and prints its frames as a readable trace.
  --json         one JSON object with the results, counters and where every page ended
                 (with several files: one object a line, in the files' order)
  --kernel NAME  run on this kernel, whatever the scenario says: "rfc-2012" (3.3 with the RFC,
                 the default) or "mainline" (Linux 6.1)
  --handout      the run as a Markdown handout, as the app's Export handout writes it
  --help, -h     this text
Exit status: 0 when every scenario ran (a system call's error is a result), 2 when a file could
not be read or is not a valid scenario (the error names the field).
`;

function usage(why: string): never {
  process.stderr.write(`${why}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, handout: false, kernel: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--help" || a === "-h") {
      process.stdout.write(HELP);
      process.exit(0);
    }
    if (a === "--json") opts.json = true;
    else if (a === "--handout") opts.handout = true;
    else if (a === "--kernel") {
      const name = argv[++i];
      if (name === undefined) usage("--kernel needs a name");
      opts.kernel = name;
    } else if (a.startsWith("--kernel=")) opts.kernel = a.slice("--kernel=".length);
    else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else opts.files.push(a);
  }
  if (opts.files.length === 0) usage("no scenario file given");
  if (opts.files.length > 1 && !opts.json) usage("several files need --json");
  if (opts.handout && (opts.json || opts.files.length > 1))
    usage("--handout writes one file's handout, without --json");
  return opts;
}

/** Read and validate one file; the error is the text the user sees (it names the field). */
function load(
  file: string,
  kernel: string | null,
): { scenario: Scenario; raw: Record<string, unknown> } | { errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { errors: [(e as Error).message] };
  }
  if (text.trim() === "") return { errors: ["the file is empty (a scenario is a JSON object)"] };
  const read = scenarioData(text);
  if (!read.ok) return { errors: read.errors.map((e) => e.replace(/^\(scenario\): /, "")) };
  let data = read.data;
  if (kernel !== null && data !== null && typeof data === "object" && !Array.isArray(data)) {
    data = { ...data, kernel };
  }
  const parsed = parseScenario(data);
  if (!parsed.ok) return { errors: ["invalid scenario", ...parsed.errors] };
  // A field nothing reads is most likely a typo: say so on stderr (stdout stays the result).
  for (const w of parsed.warnings) process.stderr.write(`${file}: warning: ${w}\n`);
  return { scenario: parsed.scenario, raw: data as Record<string, unknown> };
}

/** Run `scenario` and write its report as JSON (README, "CLI"). */
function runJson(scenario: Scenario, indent: 2 | undefined, write: (text: string) => void): void {
  let frames = 0;
  const sim = new Simulation(scenario, () => frames++, { narrate: false }).runAll();
  writeReport(sim.kernel, frames, sim.results, indent, write);
}

const toStdout = (text: string) => {
  process.stdout.write(text);
};

/** Several files: one compact JSON line each; a file that fails does not stop the others. */
function runBatch(opts: Options): void {
  let failed = false;
  for (const file of opts.files) {
    const loaded = load(file, opts.kernel);
    if ("errors" in loaded) {
      failed = true;
      const [head, ...rest] = loaded.errors;
      const error = rest.length ? `${head}: ${rest.join("; ")}` : head;
      process.stdout.write(`${JSON.stringify({ file, error })}\n`);
      continue;
    }
    // The line is kept until the run is done: a model that fails half way writes no half line.
    const parts: string[] = [];
    try {
      runJson(loaded.scenario, undefined, (text) => parts.push(text));
    } catch (e) {
      failed = true;
      parts.length = 0;
      parts.push(JSON.stringify({ file, error: `the model failed: ${(e as Error).message}` }));
    }
    for (const text of parts) process.stdout.write(text);
    process.stdout.write("\n");
  }
  if (failed) process.exitCode = 2;
}

function runOne(file: string, opts: Options): void {
  const loaded = load(file, opts.kernel);
  if ("errors" in loaded) {
    process.stderr.write(`${file}: ${loaded.errors.join("\n  ")}\n`);
    process.exit(2);
  }
  const { scenario } = loaded;
  if (opts.handout) {
    process.stdout.write(handoutOf(scenario, loaded.raw));
    return;
  }
  if (opts.json) {
    runJson(scenario, 2, toStdout);
    process.stdout.write("\n");
    return;
  }
  // Each frame's lines are written as the run goes (a million-frame trace is a gigabyte).
  let frames = 0;
  const out = new Chunked(toStdout);
  out.add(`${scenario.title}\n\n`);
  const sink = (f: Frame) => {
    frames++;
    out.add(
      `${frames > 1 ? "\n" : ""}${String(frames).padStart(5)}  [step ${f.step}] ${f.fn} (${f.file})\n       ${f.text}`,
    );
  };
  const sim = new Simulation(scenario, sink).runAll();
  out.add("\n\n");
  out.flush();
  sim.results.forEach((r, i) => {
    process.stdout.write(`step ${i}: ${r.op} -> ${r.ret}\n`);
  });
}

/** The run as a Markdown handout: each call (as the file writes it) with its note and frames. */
function handoutOf(scenario: Scenario, raw: Record<string, unknown>): string {
  const rawSteps = Array.isArray(raw.steps) ? (raw.steps as Record<string, unknown>[]) : [];
  const frames: HandoutFrame[][] = rawSteps.map(() => []);
  const first: number[] = rawSteps.map(() => 0);
  let n = 0;
  const sim = new Simulation(scenario, (f) => {
    n++;
    const bucket = frames[f.step];
    if (!bucket) return;
    if (bucket.length === 0) first[f.step] = n;
    bucket.push({ fn: f.fn, file: f.file, text: f.text });
  }).runAll();
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return handoutMarkdown({
    title: scenario.title,
    description: text(raw.description),
    kernel: text(raw.kernel),
    notesFor: notesWrittenFor(raw),
    steps: rawSteps.map((step, i) => ({
      step,
      ret: sim.results[i]?.ret ?? "?",
      note: text(step.note),
      firstFrame: first[i] ?? 0,
      frames: frames[i] ?? [],
    })),
  });
}

// `npm run sim -- FILE | head` closes the pipe early: stop quietly, as a Unix filter does.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
const opts = parseArgs(process.argv.slice(2));
if (opts.files.length > 1) runBatch(opts);
else runOne(opts.files[0] as string, opts);
