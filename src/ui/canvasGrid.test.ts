import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { paintClasses, paintClassesAt, paintRgb, pixel } from "./CanvasGrid.tsx";

/** The first and last index where two grids differ (last < first: nowhere). */
function span(a: number[], b: number[]): { first: number; last: number } {
  const at = a.flatMap((x, i) => (x === b[i] ? [] : [i]));
  return { first: at[0] ?? a.length, last: at.at(-1) ?? -1 };
}

describe("canvas grid pixels", () => {
  it("writes 0xRRGGBB as opaque RGBA bytes", () => {
    const px = new Uint32Array([pixel(0x123456)]);
    expect([...new Uint8Array(px.buffer)]).toEqual([0x12, 0x34, 0x56, 0xff]);
  });

  it("paints a whole grid as drawing each cell by its class would", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffff }), { minLength: 1, maxLength: 12 }),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(40),
        (rgbs, raw, from) => {
          const palette = Uint32Array.from(rgbs, pixel);
          const classes = raw.map((c) => c % rgbs.length);
          const count = Math.max(0, classes.length - from);
          const px = new Uint32Array(count);
          const before = [...px];
          const changed = paintClasses(px, classes, from, palette);
          const each = Array.from({ length: count }, (_, i) =>
            pixel(rgbs[classes[from + i] as number] as number),
          );
          expect([...px]).toEqual(each);
          expect(changed).toEqual(span(before, [...px]));
          // Painting the same again changes nothing.
          expect(paintClasses(px, classes, from, palette)).toEqual({ first: count, last: -1 });
          const painted = [...px];
          const none = paintClasses(px, null, from, palette);
          expect(px.every((p) => p === palette[0])).toBe(true);
          expect(none).toEqual(span(painted, [...px]));
        },
      ),
    );
  });

  it("paints a grid of colours as drawing each cell would, the empty colour as the theme's", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 0, maxLength: 300 }),
        fc.boolean(),
        (picks, dark) => {
          const empty = 0xf2f2f2;
          const darkEmpty = 0x2a2e35;
          const colours = [empty, 0x0072b2, 0xe69f00, 0x777777, 0x333333, 0x882255, 0, 0xffffff];
          const rgb = Int32Array.from(picks, (k) => colours[k] as number);
          const to = dark ? darkEmpty : empty;
          const px = new Uint32Array(rgb.length);
          const before = [...px];
          const changed = paintRgb(px, rgb, empty, to);
          expect([...px]).toEqual([...rgb].map((c) => pixel(c === empty ? to : c)));
          expect(changed).toEqual(span(before, [...px]));
          expect(paintRgb(px, rgb, empty, to)).toEqual({ first: rgb.length, last: -1 });
        },
      ),
    );
  });

  it("paints the cells listed as painting the whole grid would, and no other cell", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffff }), { minLength: 1, maxLength: 12 }),
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(40),
        fc.array(fc.integer({ min: -5, max: 320 }), { maxLength: 80 }),
        fc.boolean(),
        (rgbs, raw, from, cells, noClasses) => {
          const palette = Uint32Array.from(rgbs, pixel);
          const classes = noClasses ? null : raw.map((c) => c % rgbs.length);
          const count = Math.max(0, raw.length - from);
          // Whatever the grid showed before: some other frame's pixels.
          const px = Uint32Array.from(
            { length: count },
            (_, i) => palette[(i * 7) % rgbs.length] ?? 0,
          );
          const before = [...px];
          const whole = new Uint32Array(px);
          paintClasses(whole, classes, from, palette);
          const changed = paintClassesAt(px, classes, from, palette, cells);
          const listed = new Set(cells);
          expect([...px]).toEqual(before.map((p, i) => (listed.has(i) ? whole[i] : p)));
          expect(changed).toEqual(span(before, [...px]));
        },
      ),
    );
  });
});
