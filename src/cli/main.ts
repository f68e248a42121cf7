/**
 * The command-line face of the model: `npm run sim -- FILE.json [--json]`.
 * Prints the frames as a readable trace, or one JSON object (see README, "CLI"). Exit 0 when the
 * scenario ran (a syscall's error is a result), 2 with the error on stderr for a bad file.
 */
import { readFileSync } from "node:fs";
import { report } from "../kernel/report.ts";
import { Simulation } from "../kernel/run.ts";
import type { Frame } from "../kernel/trace.ts";
import { parseScenario } from "../scenario/parse.ts";

function usage(): never {
  process.stderr.write("usage: npm run sim -- FILE.json [--json]\n");
  process.exit(2);
}

function main(argv: string[]): void {
  const json = argv.includes("--json");
  const files = argv.filter((a) => !a.startsWith("--"));
  const unknown = argv.filter((a) => a.startsWith("--") && a !== "--json");
  if (files.length !== 1 || unknown.length > 0) usage();
  const file = files[0] as string;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const parsed = parseScenario(text);
  if (!parsed.ok) {
    process.stderr.write(
      `${file}: invalid scenario\n${parsed.errors.map((e) => `  ${e}`).join("\n")}\n`,
    );
    process.exit(2);
  }
  let frames = 0;
  const lines: string[] = [];
  const sink = (f: Frame) => {
    frames++;
    if (!json)
      lines.push(
        `${String(frames).padStart(5)}  [step ${f.step}] ${f.fn} (${f.file})\n       ${f.text}`,
      );
  };
  const sim = new Simulation(parsed.scenario, sink).runAll();
  if (json) {
    process.stdout.write(`${JSON.stringify(report(sim.kernel, frames, sim.results), null, 2)}\n`);
    return;
  }
  process.stdout.write(`${parsed.scenario.title}\n\n${lines.join("\n")}\n\n`);
  sim.results.forEach((r, i) => {
    process.stdout.write(`step ${i}: ${r.op} -> ${r.ret}\n`);
  });
}

// `npm run sim -- FILE | head` closes the pipe early: stop quietly, as a Unix filter does.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});
main(process.argv.slice(2));
