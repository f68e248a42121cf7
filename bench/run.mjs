// npm run bench: bundle the model benchmark (so it runs as plain JavaScript, as in the browser),
// run it, then run the UI benchmark in headless Chromium. Every figure is printed as NAME VALUE UNIT.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const out = join(mkdtempSync(join(tmpdir(), "bench-")), "model.bench.mjs");
await build({
  entryPoints: ["bench/model.bench.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: out,
  logLevel: "warning",
});
const steps = [
  [process.execPath, ["--expose-gc", out]],
  [process.execPath, ["--import", "tsx", "bench/share.bench.ts"]],
  ["npx", ["vite", "build", "--logLevel", "warn"]],
  [process.execPath, ["--import", "tsx", "e2e/bench-ui.ts"]],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
