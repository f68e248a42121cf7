/**
 * What a step repaints, in real Chromium and real React: a panel re-renders only when what it
 * draws changed, and the LRU panel is current while scrolled out of view. Renders are counted
 * through React's DevTools hook (the build is minified, so components are known by the section
 * they render, e.g. `node-2-title`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { openApp } from "./fixtures/browser.ts";
import { servedLab } from "./fixtures/lab.ts";
import { landAt } from "./fixtures/seek.ts";
import { Stepper } from "./pages/stepper.ts";

const lab = servedLab("/");

/**
 * A stand-in for React's DevTools hook, installed before the app loads: React then calls
 * `onCommit` (the body of a function of `root`) after each commit with the fiber tree's root.
 */
const devtoolsHook = (onCommit: string) => `
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, renderers: new Map(), isDisabled: false,
  inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onPostCommitFiberRoot() {},
  onCommitFiberUnmount() {}, setStrictMode() {},
  onCommitFiberRoot(id, root) { ${onCommit} },
};`;

/** Counts, per labelled section, the function components that rendered it in each commit. */
const COUNT_RENDERS = `window.__renders = {};${devtoolsHook(`
    const seen = window.__seen || (window.__seen = new WeakMap());
    const walk = (f) => {
      for (; f; f = f.sibling) {
        if (f.tag === 0 || f.tag === 11 || f.tag === 15) {
          const prev = seen.get(f) || (f.alternate && seen.get(f.alternate));
          const rendered = !prev || prev[0] !== f.memoizedProps || prev[1] !== f.memoizedState;
          const rec = [f.memoizedProps, f.memoizedState];
          seen.set(f, rec);
          if (f.alternate) seen.set(f.alternate, rec);
          let host = f.child;
          while (host && host.tag !== 5) host = host.child;
          const label = host && host.stateNode.getAttribute && host.stateNode.getAttribute("aria-labelledby");
          if (rendered && label) window.__renders[label] = (window.__renders[label] || 0) + 1;
        }
        walk(f.child);
      }
    };
    walk(root.current.child);`)}`;

/**
 * Collects the page elements in the long lists (source lines, swap rows, LRU chips) that React
 * re-rendered in each commit: host fibers given new props.
 */
const COUNT_ROWS = `window.__rows = new Set();${devtoolsHook(`
    const rows = ".source-code li, .swap tbody tr, .lru button.chip";
    const seen = window.__seenRows || (window.__seenRows = new WeakMap());
    const walk = (f) => {
      for (; f; f = f.sibling) {
        if (f.tag === 5) {
          const prev = seen.get(f.stateNode);
          if (prev !== undefined && prev !== f.memoizedProps && f.stateNode.matches(rows)) window.__rows.add(f.stateNode);
          seen.set(f.stateNode, f.memoizedProps);
        }
        walk(f.child);
      }
    };
    walk(root.current.child);`)}`;

interface Lab {
  store: {
    getState(): {
      cur: number;
      total: number;
      running: boolean;
      timeline: { init: { counterNames: string[] } } | null;
      view: { counters: Float64Array } | null;
      goto(f: number): void;
    };
    subscribe(fn: (s: { cur: number }) => void): () => void;
  };
  flushSync(fn: () => void): void;
}

async function load(page: Page, id: string): Promise<void> {
  await page.getByRole("combobox", { name: /^Scenario/ }).selectOption(id);
  await page.waitForFunction(
    () => {
      const s = (window as unknown as { __lab: Lab }).__lab.store.getState();
      return s.timeline !== null && !s.running && s.total > 0;
    },
    null,
    { timeout: 300_000, polling: 100 },
  );
}

/** The app with `?bench` at `size` (openApp's default: 1920x1080), the large machine loaded. */
async function openLargeMachine(size?: { width: number; height: number }) {
  const opened = await openApp(lab.browser, `${lab.site.url}?bench`, size);
  const stepper = new Stepper(opened.page);
  await stepper.ready();
  await load(opened.page, "large-machine");
  return { ...opened, stepper };
}

/**
 * Forty single steps on from frame `start`, each read right after its synchronous render by the
 * expression `read` (page JavaScript): what a step drew before any idle moment could.
 */
function readEachStep<T>(page: Page, start: number, read: string): Promise<T[]> {
  return page.evaluate(`(() => {
    const { store, flushSync } = window.__lab;
    const out = [];
    for (let f = ${start} + 1; f <= ${start} + 40; f++) {
      flushSync(() => store.getState().goto(f));
      out.push(${read});
    }
    return out;
  })()`) as Promise<T[]>;
}

/** The app with render counter `script` installed before React loads, scenario `id` loaded. */
async function openCounting(script: string, id: string) {
  const opened = await openApp(lab.browser, `${lab.site.url}?bench`);
  await opened.page.addInitScript(script);
  await opened.page.reload();
  await new Stepper(opened.page).ready();
  await load(opened.page, id);
  return opened;
}

describe("painting a step", () => {
  it("re-renders a node panel only when what it shows changed, and never the counters' frame", async () => {
    const { page, problems } = await openCounting(COUNT_RENDERS, "lecture-4-node");
    // No named helpers inside evaluate (the test's transpiler would wrap them).
    const r = await page.evaluate(() => {
      const w = window as unknown as { __lab: Lab; __renders: Record<string, number> };
      const { store, flushSync } = w.__lab;
      const nodes = [0, 1, 2, 3].map((n) => `[aria-labelledby="node-${n}-title"]`);
      let wasted = 0;
      let renders = 0;
      let counters = 0;
      const total = store.getState().total;
      for (let f = 1; f <= total; f++) {
        const before = nodes.map((q) => document.querySelector(q)?.outerHTML ?? "");
        w.__renders = {};
        flushSync(() => store.getState().goto(f));
        const after = nodes.map((q) => document.querySelector(q)?.outerHTML ?? "");
        for (let n = 0; n < 4; n++) {
          const rendered = w.__renders[`node-${n}-title`] ?? 0;
          renders += rendered;
          if (rendered > 0 && after[n] === before[n]) wasted++;
        }
        counters += w.__renders["counters-title"] ?? 0;
      }
      return { total, wasted, renders, counters };
    });
    assert.ok(r.total > 20, `frames: ${r.total}`);
    assert.equal(r.wasted, 0, "a node panel re-rendered with nothing to change");
    assert.ok(r.renders < r.total * 4, `node panel renders: ${r.renders} in ${r.total} frames`);
    assert.equal(r.counters, 0, "the counters' table re-rendered (only changed cells should)");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("re-renders only the swap rows and LRU chips a step changes, and no source line (large machine)", async () => {
    const { page, problems } = await openCounting(COUNT_ROWS, "large-machine");
    let wasted = 0;
    let rendered = 0;
    let lines = 0;
    let marked = 0;
    // The lazy mbind's unmapping (pages move between lists and into the swap cache), then the
    // faults (pages leave the swap cache, its rows' swap PTE counts fall).
    for (const at of [0.3, 0.8]) {
      const start = await landAt(page, at);
      // In view, so that they draw each step as it is taken (out of view they would wait for
      // an idle moment: src/ui/whenSeen.ts).
      await page.locator(".panel.swap").scrollIntoViewIfNeeded();
      await page.evaluate(
        () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))),
      );
      const r = await page.evaluate((from) => {
        const w = window as unknown as { __lab: Lab; __rows: Set<Element> };
        const { store, flushSync } = w.__lab;
        const rows = ".source-code li, .swap tbody tr, .lru button.chip";
        const out = { wasted: 0, rendered: 0, lines: 0, marked: 0 };
        for (let f = from + 1; f <= from + 150; f++) {
          const all = [...document.querySelectorAll(rows)];
          const before = new Map(all.map((e) => [e, e.outerHTML]));
          w.__rows.clear();
          flushSync(() => store.getState().goto(f));
          for (const e of w.__rows) {
            if (!before.has(e)) continue;
            if (e.matches(".source-code li")) out.lines++;
            out.rendered++;
            if (before.get(e) === e.outerHTML) out.wasted++;
          }
          // Source lines are marked outside React: count those whose marks moved.
          for (const e of all)
            if (e.matches(".source-code li") && before.get(e) !== e.outerHTML) out.marked++;
        }
        return out;
      }, start);
      wasted += r.wasted;
      rendered += r.rendered;
      lines += r.lines;
      marked += r.marked;
    }
    // Rows do re-render (their contents change), so the count above cannot be vacuous.
    assert.ok(rendered > 0, "no row re-rendered in 300 steps");
    assert.equal(wasted, 0, `rows re-rendered with nothing to change: ${wasted} of ${rendered}`);
    // A function's lines are built once; a step moves their marks without React.
    assert.equal(lines, 0, `source lines re-rendered: ${lines}`);
    assert.ok(marked > 0, "no source line's mark moved in 300 steps");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("keeps the LRU lists current while they are scrolled out of view (large machine)", async () => {
    const { page, problems, stepper } = await openLargeMachine({ width: 1280, height: 720 });
    const lru = page.getByRole("region", { name: "LRU lists" });
    // Into the lazy mbind, where pages are isolated, stepping with the LRU panel off screen.
    const isolated = await page.evaluate(() => {
      const { store, flushSync } = (window as unknown as { __lab: Lab }).__lab;
      const s = store.getState();
      const names = s.timeline?.init.counterNames ?? [];
      const at = [names.indexOf("nr_isolated_anon"), names.indexOf("nr_isolated_file")];
      let f = 1;
      let isolated = 0;
      for (let i = 0; f < s.total; i++) {
        const c = store.getState().view?.counters;
        isolated = (c?.[at[0] ?? -1] ?? 0) + (c?.[at[1] ?? -1] ?? 0);
        // Found: step on 25 frames more, the panel off screen all along.
        if (isolated > 0 && i > 25) break;
        f += isolated > 0 ? 1 : 97;
        flushSync(() => store.getState().goto(f));
      }
      return isolated;
    });
    assert.ok(isolated > 0, "no frame with isolated pages found");
    // Out of view, the panel draws the frame in the browser's next idle moment (whenSeen.ts).
    await stepper.drawn();
    const box = await lru.boundingBox();
    assert.ok(box && box.y > 720, "the LRU panel should be below the fold here");
    const heading = lru.getByRole("heading", { name: /^Isolated/ });
    assert.equal(await heading.textContent(), `Isolated (mbind's page list): ${isolated}`);
    // And a screen reader can read it there: Chromium's accessibility tree has the heading, not
    // an ignored node (content it skips rendering off screen is left out as "notRendered").
    const cdp = await page.context().newCDPSession(page);
    const { result } = (await cdp.send("Runtime.evaluate", {
      expression: `[...document.querySelectorAll(".lru h3")].find((h) => h.textContent.startsWith("Isolated"))`,
    })) as { result: { objectId?: string } };
    if (!result.objectId) throw new Error("no Isolated heading in the LRU panel");
    const { nodes } = (await cdp.send("Accessibility.getPartialAXTree", {
      objectId: result.objectId,
      fetchRelatives: false,
    })) as { nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[] };
    assert.equal(nodes[0]?.ignored, false, "the Isolated heading is not in the accessibility tree");
    assert.equal(nodes[0]?.role?.value, "heading");
    assert.equal(nodes[0]?.name?.value, `Isolated (mbind's page list): ${isolated}`);
    assert.doesNotMatch((await lru.textContent()) ?? "", /Updates when scrolled into view/);
    // Laid out as rows of fixed columns (lru.css), the lists keep their table roles: four rows a
    // node, each named by its node and list.
    const table = lru.getByRole("table");
    assert.equal(await table.getByRole("row").count(), 32);
    assert.equal(await table.getByRole("rowheader", { name: "node 7 inactive_anon" }).count(), 1);
    assert.equal(await table.getByRole("row").nth(1).getByRole("cell").count(), 2);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("draws the counters out of view in an idle moment, and at once while they are in view (large machine)", async () => {
    const { page, problems, stepper } = await openLargeMachine();
    await landAt(page, 0.8);
    const panel = page.getByRole("region", { name: "Counters" });
    const box = await panel.boundingBox();
    assert.ok(box && box.y > 1080 + 200, "the counters panel should be well below the fold");
    // Each step's vmstat (as the store has it) against the panel's, right after the step's
    // synchronous render, for 40 steps forward.
    // (A string: tsx would wrap named helpers inside a function in a `__name` the page lacks.)
    const walk = () =>
      page.evaluate(`(() => {
        const { store, flushSync } = window.__lab;
        const names = store.getState().timeline?.init.counterNames ?? [];
        const cells = () => [...document.querySelectorAll(".counters td[data-counter]")];
        const shown = () => cells().map((td) => td.firstChild?.textContent);
        const truth = () => cells().map((td) => String(store.getState().view?.counters[Number(td.dataset.counter)]));
        let behind = 0;
        for (let i = 0; i < 40; i++) {
          flushSync(() => store.getState().goto(store.getState().cur + 1));
          if (shown().join() !== truth().join()) behind++;
        }
        return { behind, truth: truth(), names: names.length };
      })()`) as Promise<{ behind: number; truth: string[]; names: number }>;
    const hidden = await walk();
    assert.ok(hidden.behind > 0, "the hidden counters were drawn within each step");
    await stepper.drawn();
    const caughtUp = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>(".counters td[data-counter]")].map(
        (td) => td.firstChild?.textContent,
      ),
    );
    assert.ok(hidden.truth.length > 20 && hidden.names > 20, "no counters read");
    assert.deepEqual(caughtUp, hidden.truth);
    await panel.scrollIntoViewIfNeeded();
    // The observer reports the panel in view at the next frame.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))));
    const seen = await walk();
    assert.equal(seen.behind, 0, "the counters in view lagged behind a step");
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("draws the Source panel out of view in an idle moment, and at once while it is in view (1280x720)", async () => {
    const { page, problems, stepper } = await openLargeMachine({ width: 1280, height: 720 });
    // Among the faults that migrate pages back: the frames go round several model functions.
    const start = await landAt(page, 0.8);
    await stepper.drawn();
    const panel = page.getByRole("region", { name: "Source" });
    await panel.getByText(/^model: src\/kernel\//).waitFor();
    const box = await panel.boundingBox();
    assert.ok(box && box.y > 720 + 200, "the Source panel should be well below the fold");
    // The panel's head ("model: file:line ...") right after each of 40 steps' synchronous render.
    const walk = () =>
      readEachStep<string>(
        page,
        start,
        `document.querySelector(".source-head")?.textContent ?? ""`,
      );
    const hidden = await walk();
    await stepper.drawn();
    const caughtUp = await panel.locator(".source-head").textContent();
    await panel.scrollIntoViewIfNeeded();
    // The observer reports the panel in view at the next frame.
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50))));
    await page.evaluate((f) => {
      const { store, flushSync } = (window as unknown as { __lab: Lab }).__lab;
      flushSync(() => store.getState().goto(f));
    }, start);
    const seen = await walk();
    assert.ok(new Set(seen).size >= 3, `in view, 40 steps showed ${new Set(seen).size} heads`);
    assert.equal(new Set(hidden).size, 1, "out of view, the Source panel was drawn within a step");
    // Put off, not lost: once idle it showed the frame the steps ended on.
    assert.equal(caughtUp, seen.at(-1));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("at 1920x1080 draws the Source head with each step and the listing under the fold when idle", async () => {
    const { page, problems, stepper } = await openLargeMachine();
    const start = await landAt(page, 0.8);
    await stepper.drawn();
    const listing = page.locator(".source-listing");
    const top = (await listing.boundingBox())?.y ?? 0;
    assert.ok(top > 1080, `the listing should start under the fold, not at y ${top}`);
    // Per step, right after its synchronous render: the head's line and the listing's marked one.
    const steps = await readEachStep<[string, number]>(
      page,
      start,
      `[document.querySelector(".source-head > .file")?.textContent ?? "",
        document.querySelector(".source-code:not(.source-idle) li[aria-current='step']")?.value ?? -1]`,
    );
    assert.ok(new Set(steps.map(([head]) => head)).size >= 3, "the head did not follow the steps");
    assert.equal(new Set(steps.map(([, line]) => line)).size, 1, "the listing was drawn in a step");
    await stepper.drawn();
    const head = (await page.locator(".source-head > .file").textContent()) ?? "";
    const line = await page.evaluate(
      () =>
        document.querySelector<HTMLLIElement>(
          ".source-code:not(.source-idle) li[aria-current='step']",
        )?.value,
    );
    assert.equal(head, steps.at(-1)?.[0]);
    assert.ok(head.endsWith(`:${line}`), `the listing marks line ${line}, the head says ${head}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("leaves the Go to frame box and the call form's placement alone while a step stays in its call", async () => {
    // Both once followed the frame (the box's placeholder, the placement's words), and an input
    // that re-renders is written again whole: that cost a large machine's step about half a ms.
    const { page, problems } = await openLargeMachine();
    await page.locator(".placement").waitFor();
    // Inside the lazy mbind, whose frames are most of the run.
    const start = await landAt(page, 0.3);
    const touched = await page.evaluate((from) => {
      const { store, flushSync } = (window as unknown as { __lab: Lab }).__lab;
      let records = 0;
      const watch = new MutationObserver((r) => {
        records += r.length;
      });
      const all = { attributes: true, childList: true, characterData: true, subtree: true };
      for (const q of ["#goto-frame", ".placement"]) {
        const el = document.querySelector(q);
        if (!el) throw new Error(`${q} is missing`);
        watch.observe(el, all);
      }
      for (let f = from + 1; f <= from + 60; f++) flushSync(() => store.getState().goto(f));
      records += watch.takeRecords().length;
      watch.disconnect();
      const shown = document.querySelector(".stepper .status")?.textContent ?? "";
      return {
        records,
        moved: shown.startsWith(`Frame ${from + 60} `),
        placement: document.querySelector(".placement p")?.textContent ?? "",
      };
    }, start);
    assert.ok(touched.moved, "the steps did not reach the frame 60 on");
    assert.match(touched.placement, /^Runs after step \d+ \(mbind\)/);
    assert.equal(touched.records, 0, "a step inside one call changed the form controls");
    assert.deepEqual(problems, []);
    await page.close();
  });
});
