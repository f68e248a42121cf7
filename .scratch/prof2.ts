import { launch } from "../e2e/fixtures/browser.ts";
import { serveDist } from "../e2e/fixtures/static-server.ts";
const site = await serveDist("/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${site.url}?bench`);
  await page.getByText(/^Frame 0 \/ \d+$/).waitFor({ timeout: 20_000 });
  const t0 = Date.now();
  await page.evaluate(() => (window as any).__lab.loadMillion());
  await page.waitForFunction(() => { const s = (window as any).__lab.store.getState(); return s.timeline && !s.running && s.total > 1e6; }, null, { timeout: 600_000, polling: 100 });
  console.log("load s", (Date.now() - t0) / 1000);
  await page.waitForTimeout(2000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  const r = await page.evaluate(async () => {
    const { store, flushSync } = (window as any).__lab;
    const total = store.getState().total;
    let x = 12345; const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const to = Math.floor((x / 2 ** 31) * total);
      const t0 = performance.now();
      await new Promise<void>((ok) => { const off = store.subscribe((now: any) => now.cur === to && (off(), ok())); store.getState().goto(to); });
      const t1 = performance.now();
      flushSync(() => {});
      void document.body.offsetHeight;
      times.push(Math.round(t1 - t0), Math.round(performance.now() - t1));
      await new Promise((ok) => setTimeout(ok, 0));
    }
    return times;
  });
  const { profile } = (await cdp.send("Profiler.stop")) as any;
  console.log("seek (arrive, render) ms", JSON.stringify(r));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas as number[];
  const byId = new Map<number, any>(profile.nodes.map((n: any) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const n = byId.get(profile.samples[i]);
    const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
  }
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(0).padStart(7), "ms", k);
} finally { await browser.close(); await site.close(); }
