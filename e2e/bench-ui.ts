/**
 * UI benchmark, part of `npm run bench`: the large machine (8 nodes x 16,384 frames) stepped frame
 * by frame in headless Chromium. Prints NAME VALUE UNIT lines:
 * - worker_to_ui_bytes_per_frame: bytes of transferred buffers per frame (deltas + narration);
 * - ui_main_thread_ms_per_frame: median main-thread time to apply one frame's delta, render and
 *   draw it (store update + React commit + canvas + forced layout), over 400 single steps in the
 *   two busiest phases (the lazy mbind unmapping, the faults migrating), forward and back.
 * Needs `npx vite build` first (npm run bench does it).
 */
import { launch } from "./fixtures/browser.ts";
import { serveDist } from "./fixtures/static-server.ts";

interface Lab {
  store: {
    getState(): {
      trace: { bytes: number } | null;
      running: boolean;
      total: number;
      cur: number;
      goto(f: number): void;
    };
  };
  flushSync(fn: () => void): void;
}

const site = await serveDist("/");
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${site.url}?bench`);
  await page.getByText(/^Frame 0 \/ \d+$/).waitFor({ timeout: 20_000 });
  await page.getByRole("combobox", { name: /^Scenario/ }).selectOption("large-machine");
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __lab: Lab }).__lab.store.getState();
      return s.trace !== null && !s.running && s.total > 50_000;
    },
    null,
    { timeout: 180_000, polling: 200 },
  );
  const r = await page.evaluate(async () => {
    const { store, flushSync } = (window as unknown as { __lab: Lab }).__lab;
    const s = store.getState();
    const times: number[] = [];
    for (const start of [Math.floor(s.total * 0.3), Math.floor(s.total * 0.8)]) {
      flushSync(() => store.getState().goto(start));
      await new Promise((ok) => setTimeout(ok, 50));
      for (let i = 0; i < 400; i++) {
        const t0 = performance.now();
        flushSync(() => store.getState().goto(store.getState().cur + (i < 200 ? 1 : -1)));
        void document.body.offsetHeight;
        times.push(performance.now() - t0);
      }
    }
    times.sort((a, b) => a - b);
    return {
      frames: s.total,
      bytes: s.trace?.bytes ?? 0,
      median: times[Math.floor(times.length / 2)] ?? 0,
      p95: times[Math.floor(times.length * 0.95)] ?? 0,
    };
  });
  console.log(`ui_frames ${r.frames} frames`);
  console.log(`worker_to_ui_bytes_per_frame ${(r.bytes / r.frames).toFixed(1)} B`);
  console.log(`ui_main_thread_ms_per_frame ${r.median.toFixed(2)} ms`);
  console.log(`ui_main_thread_ms_per_frame_p95 ${r.p95.toFixed(2)} ms`);
} finally {
  await browser.close();
  await site.close();
}
