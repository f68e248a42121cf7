// Profile the main thread while the million run loads. Usage: node --import tsx .scratch/prof.ts
import { launch } from "../e2e/fixtures/browser.ts";
import { serveDist } from "../e2e/fixtures/static-server.ts";

const site = await serveDist("/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${site.url}?bench`);
  await page.getByText(/^Frame 0 \/ \d+$/).waitFor({ timeout: 20_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 1000 });
  await cdp.send("Profiler.start");
  const t0 = Date.now();
  await page.evaluate(() => (window as any).__lab.loadMillion());
  await page.waitForFunction(() => { const s = (window as any).__lab.store.getState(); return s.timeline && !s.running && s.total > 1e6; }, null, { timeout: 600_000, polling: 100 });
  const load = (Date.now() - t0) / 1000;
  const { profile } = (await cdp.send("Profiler.stop")) as any;
  console.log("load s", load);
  const self = new Map<string, number>();
  const dt = profile.timeDeltas as number[];
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  const samples = profile.samples as number[];
  for (let i = 0; i < samples.length; i++) {
    const n = byId.get(samples[i]!);
    const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 40);
  for (const [k, v] of top) console.log(v.toFixed(0).padStart(7), "ms", k);
  const heap = (await cdp.send("Runtime.getHeapUsage")) as any;
  console.log("heap", (heap.usedSize + (heap.backingStorageSize ?? 0)) / 2 ** 20);
} finally {
  await browser.close();
  await site.close();
}
