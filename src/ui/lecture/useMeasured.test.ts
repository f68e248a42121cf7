import { describe, expect, it } from "vitest";
import { sameArrows } from "./useMeasured.ts";

describe("sameArrows", () => {
  const a = { arrows: [{ from: 1, to: 70, d: "M0 0Q5 5 10 10" }], hidden: 0 };
  it("holds for drawings whose arrows agree field for field", () => {
    expect(sameArrows(a, { arrows: [{ ...a.arrows[0] }], hidden: 0 })).toBe(true);
  });
  it("fails when an arrow moved, one more is drawn, or another is left out", () => {
    expect(sameArrows(a, { arrows: [{ from: 1, to: 70, d: "M0 0Q6 6 12 12" }], hidden: 0 })).toBe(
      false,
    );
    expect(
      sameArrows(a, { arrows: [...a.arrows, { from: 2, to: 71, d: "M1 1" }], hidden: 0 }),
    ).toBe(false);
    expect(sameArrows(a, { arrows: a.arrows, hidden: 1 })).toBe(false);
  });
});
