import { launch } from "./e2e/fixtures/browser.ts";
import { serveDist } from "./e2e/fixtures/static-server.ts";
const site = await serveDist("/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${site.url}?bench`);
  await page.getByText(/^Frame 0 \/ \d+$/).waitFor({ timeout: 20_000 });
  await page.evaluate(() => (window as any).__lab.loadMillion());
  await page.waitForFunction(() => { const s = (window as any).__lab.store.getState(); return s.timeline && !s.running && s.total > 1e6; }, null, { timeout: 120000, polling: 100 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const r = await page.evaluate(async () => {
    const { store, flushSync } = (window as any).__lab;
    const total = store.getState().total;
    let x = 12345; const parts: string[] = [];
    for (let i = 0; i < 30; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const to = Math.floor((x / 2 ** 31) * total);
      const t0 = performance.now();
      flushSync(() => store.getState().goto(to));
      const t1 = performance.now();
      while (store.getState().cur !== to) await new Promise((ok) => setTimeout(ok, 0));
      const t2 = performance.now();
      void document.body.offsetHeight;
      const t3 = performance.now();
      parts.push(`${(t1 - t0).toFixed(0)}/${(t2 - t1).toFixed(0)}/${(t3 - t2).toFixed(0)}`);
      await new Promise((ok) => setTimeout(ok, 0));
    }
    return parts.join(" ");
  });
  console.log("goto/wait/layout:", r);
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
  const dts = profile.timeDeltas ?? [];
  profile.samples!.forEach((s: number, i: number) => {
    const n: any = byId.get(s); const k = `${n.callFrame.functionName || "(anon)"}:${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + (dts[i] ?? 0));
  });
  // inclusive: sample -> walk up parents
  const parent = new Map<number, number>();
  for (const n of profile.nodes as any[]) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  profile.samples!.forEach((s: number, i: number) => {
    const seen = new Set<string>();
    for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
      const n: any = byId.get(id); const k = `${n.callFrame.functionName || "(anon)"}:${n.callFrame.lineNumber}`;
      if (seen.has(k)) continue; seen.add(k); incl.set(k, (incl.get(k) ?? 0) + (dts[i] ?? 0));
    }
  });
  console.log("--- inclusive");
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((v / 1000).toFixed(0).padStart(6), "ms", k);
  const tot = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(0).padStart(6), "ms", ((100 * v) / tot).toFixed(1).padStart(5), "%", k);
} finally { await browser.close(); await site.close(); }
