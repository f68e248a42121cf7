// npm run test:e2e: build the static site, then run the e2e tests (node's test runner, through tsx)
// against it in Debian's headless Chromium. The tests start and stop the server and the browser.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
// Debian's Chromium, never a downloaded browser. On a fresh Debian machine (as root) install it.
const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.error(
      `e2e: ${chromium} is missing; install Debian's chromium (apt-get install -y chromium).`,
    );
    process.exit(1);
  }
  console.log("e2e: installing Debian's chromium ...");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"]);
}
run("npx", ["vite", "build", "--logLevel", "warn"]);
const tests = readdirSync("e2e")
  .filter((f) => f.endsWith(".test.ts"))
  .map((f) => `e2e/${f}`);
run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...tests]);
