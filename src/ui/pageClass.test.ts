/** Page cells are read from the back of a hall: every fill and its ink stay at WCAG AA (4.5:1). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Col, PAGE_COLS, PG } from "../worker/viewState.ts";
import {
  CLASS_INFO,
  heldText,
  NODE_COLORS,
  NODE_INK,
  PageClass,
  PageClasses,
} from "./pageClass.ts";

function luminance(hex: string): number {
  const h = hex.replace("#", "");
  const full = h.length === 3 ? [...h].map((c) => c + c).join("") : h;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("page cell colours", () => {
  it("every class's number and letter stay at 4.5:1 or more against its fill", () => {
    const low = CLASS_INFO.filter((c) => contrast(c.color, c.ink) < 4.5).map(
      (c) => `${c.name}: ${contrast(c.color, c.ink).toFixed(2)}`,
    );
    expect(low).toEqual([]);
  });

  it("so does every node's colour with its ink", () => {
    const low = NODE_COLORS.flatMap((c, i) =>
      contrast(c, NODE_INK[i] ?? "#000") < 4.5
        ? [`node ${i}: ${contrast(c, NODE_INK[i] ?? "#000").toFixed(2)}`]
        : [],
    );
    expect(low).toEqual([]);
  });
});

describe("class counts", () => {
  it("a locked page in the swap cache counts as locked and as swap cache, as it changes and whole", () => {
    const pages = new Int32Array(4 * PAGE_COLS);
    const classes = new PageClasses(new Uint8Array([0, 0, 1, 1]), 2);
    const setPage = (pfn: number, flags: number) => {
      pages[pfn * PAGE_COLS + Col.count] = 1;
      pages[pfn * PAGE_COLS + Col.flags] = flags;
    };
    setPage(0, PG.swapcache);
    setPage(1, PG.locked);
    classes.recomputeAll(pages);
    expect([classes.count(0, PageClass.swapcache), classes.count(0, PageClass.locked)]).toEqual([
      1, 1,
    ]);
    // add_to_swap on the locked page: its class stays "locked", the swap cache gains it.
    setPage(1, PG.locked | PG.swapcache);
    classes.update(pages, [1]);
    expect([classes.count(0, PageClass.swapcache), classes.count(0, PageClass.locked)]).toEqual([
      2, 1,
    ]);
    const whole = new PageClasses(new Uint8Array([0, 0, 1, 1]), 2);
    whole.recomputeAll(pages);
    expect([...whole.counts]).toEqual([...classes.counts]);
    // Unlocked, then out of the swap cache: back to one count each way.
    setPage(1, PG.swapcache);
    classes.update(pages, [1]);
    expect(classes.count(0, PageClass.swapcache)).toBe(2);
    expect(classes.count(0, PageClass.locked)).toBe(0);
    setPage(1, 0);
    classes.update(pages, [1]);
    expect(classes.count(0, PageClass.swapcache)).toBe(1);
  });

  it("a node's counts revision moves whenever its counts do, and only then", () => {
    const pages = new Int32Array(4 * PAGE_COLS);
    const classes = new PageClasses(new Uint8Array([0, 0, 1, 1]), 2);
    const rev = () => [...classes.countsRev];
    classes.recomputeAll(pages);
    const start = rev();
    expect(start.every((r) => r > 0)).toBe(true);
    // Nothing changed on pfn 0: no node's revision moves.
    classes.update(pages, [0]);
    expect(rev()).toEqual(start);
    // pfn 2 (node 1) comes into use: node 1's revision moves, node 0's does not.
    pages[2 * PAGE_COLS + Col.count] = 1;
    classes.update(pages, [2]);
    expect(rev()[0]).toBe(start[0]);
    expect(rev()[1]).not.toBe(start[1]);
    // A recount (a far seek) may have changed any node's counts: every revision moves.
    const before = rev();
    classes.recomputeAll(pages);
    for (const [n, r] of rev().entries()) expect(r).not.toBe(before[n]);
  });

  it("a node's counts name a locked swap-cache page once, inside the swap cache's, and add up to the pages in use", () => {
    const pages = new Int32Array(6 * PAGE_COLS);
    const classes = new PageClasses(new Uint8Array(6), 1);
    const flags = [PG.swapcache, PG.swapcache, PG.locked | PG.swapcache, PG.locked, 0, 0];
    flags.forEach((f, pfn) => {
      pages[pfn * PAGE_COLS + Col.count] = pfn < 5 ? 1 : 0;
      pages[pfn * PAGE_COLS + Col.flags] = f;
    });
    classes.recomputeAll(pages);
    const text = heldText(
      (c) => classes.count(0, c),
      (c) => classes.alsoCount(0, c),
    );
    expect(text).toBe("1 in use · 3 swap cache (1 locked) · 1 locked");
    const named = [...text.matchAll(/(\d+) (?!locked\))/g)].reduce((n, m) => n + Number(m[1]), 0);
    // The counts outside the brackets add up to the frames in use: every pfn but the free 5.
    expect(named).toBe(5);
    // Unlocked: no longer named inside.
    pages[2 * PAGE_COLS + Col.flags] = PG.swapcache;
    classes.update(pages, [2]);
    expect(
      heldText(
        (c) => classes.count(0, c),
        (c) => classes.alsoCount(0, c),
      ),
    ).toBe("1 in use · 3 swap cache · 1 locked");
  });

  it("a recount gives the classes and counts that updating every page in turn gives", () => {
    const page = fc.record({
      node: fc.nat(2),
      count: fc.nat(2),
      flags: fc.nat(0xffff),
      where: fc.nat(5),
      mapping: fc.nat(4),
    });
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 40 }), (ps) => {
        const nodeOf = new Uint8Array(ps.map((p) => p.node));
        const pages = new Int32Array(ps.length * PAGE_COLS);
        ps.forEach((p, pfn) => {
          const b = pfn * PAGE_COLS;
          pages[b + Col.count] = p.count;
          pages[b + Col.flags] = p.flags;
          pages[b + Col.where] = p.where;
          pages[b + Col.mapping] = p.mapping;
        });
        const whole = new PageClasses(nodeOf, 3);
        whole.recomputeAll(pages);
        // Every page free, then each page's change counted as a step counts it.
        const stepwise = new PageClasses(nodeOf, 3);
        stepwise.recomputeAll(new Int32Array(pages.length));
        stepwise.update(
          pages,
          ps.map((_, pfn) => pfn),
        );
        expect([...whole.classes]).toEqual([...stepwise.classes]);
        expect([...whole.counts]).toEqual([...stepwise.counts]);
        expect([...whole.alsoCounts]).toEqual([...stepwise.alsoCounts]);
      }),
    );
  });
});
