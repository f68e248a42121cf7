import { describe, expect, it } from "vitest";
import { gotoNote } from "./NavBar.tsx";

describe("gotoNote: what became of a number typed in Go to frame", () => {
  it("says nothing for a frame of the run", () => {
    expect(gotoNote("0", 0, 193)).toBe("");
    expect(gotoNote("193", 193, 193)).toBe("");
    expect(gotoNote("1e2", 100, 193)).toBe("");
  });
  it("names the frame it went to, and why", () => {
    expect(gotoNote("99999", 99999, 193)).toBe("99999: the run ends at frame 193, so frame 193");
    expect(gotoNote("-5", -5, 193)).toBe("-5: frames start at 0, so frame 0");
    expect(gotoNote(" 12.7", 12.7, 193)).toBe("12.7: frames are whole numbers, so frame 13");
    // While the run is still being made, its end is not known yet.
    expect(gotoNote("500", 500, 212, true)).toBe(
      "500: the run has reached frame 212 so far, so frame 212",
    );
  });
});
