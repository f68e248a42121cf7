/**
 * The command-line face of the model: `npm run sim -- FILE.json... [--json] [--kernel NAME]`.
 * One file: prints the frames as a readable trace, or one JSON object (see README, "CLI").
 * Several files with --json: one JSON object a line, in the files' order, and
 * `{"file": ..., "error": ...}` on the line of a file that could not run (the others still run).
 * `--kernel NAME` overrides each scenario's "kernel" field. Exit 0 when every scenario ran (a
 * syscall's error is a result), 2 when a file could not be read or is not a valid scenario.
 */
import { readFileSync } from "node:fs";
import { report } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import type { Scenario } from "../scenario/format.ts";
import { parseScenario } from "../scenario/parse.ts";

interface Options {
  json: boolean;
  kernel: string | null;
  files: string[];
}

function usage(why: string): never {
  process.stderr.write(`${why}\nusage: npm run sim -- FILE.json... [--json] [--kernel NAME]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { json: false, kernel: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--json") opts.json = true;
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
  return opts;
}

/** Read and validate one file; the error is the text the user sees (it names the field). */
function load(file: string, kernel: string | null): { scenario: Scenario } | { errors: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    return { errors: [(e as Error).message] };
  }
  if (kernel !== null && data !== null && typeof data === "object" && !Array.isArray(data)) {
    data = { ...data, kernel };
  }
  const parsed = parseScenario(data);
  if (!parsed.ok) return { errors: ["invalid scenario", ...parsed.errors] };
  return { scenario: parsed.scenario };
}

function runJson(scenario: Scenario): ReturnType<typeof report> {
  let frames = 0;
  const sim = new Simulation(scenario, () => frames++, { narrate: false }).runAll();
  return report(sim.kernel, frames, sim.results);
}

/** Several files: one compact JSON line each; a file that fails does not stop the others. */
function runBatch(opts: Options): void {
  let failed = false;
  for (const file of opts.files) {
    const loaded = load(file, opts.kernel);
    let line: string;
    if ("errors" in loaded) {
      failed = true;
      const [head, ...rest] = loaded.errors;
      line = JSON.stringify({ file, error: rest.length ? `${head}: ${rest.join("; ")}` : head });
    } else {
      try {
        line = JSON.stringify(runJson(loaded.scenario));
      } catch (e) {
        failed = true;
        line = JSON.stringify({ file, error: `the model failed: ${(e as Error).message}` });
      }
    }
    process.stdout.write(`${line}\n`);
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
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(runJson(scenario), null, 2)}\n`);
    return;
  }
  let frames = 0;
  const lines: string[] = [];
  const sink = (f: Frame) => {
    frames++;
    lines.push(
      `${String(frames).padStart(5)}  [step ${f.step}] ${f.fn} (${f.file})\n       ${f.text}`,
    );
  };
  const sim = new Simulation(scenario, sink).runAll();
  process.stdout.write(`${scenario.title}\n\n${lines.join("\n")}\n\n`);
  sim.results.forEach((r, i) => {
    process.stdout.write(`step ${i}: ${r.op} -> ${r.ret}\n`);
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
