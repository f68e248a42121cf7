import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NarrationText } from "./NarrationText.tsx";

const html = (text: string) => renderToStaticMarkup(createElement(NarrationText, { text }));

describe("a frame's sentence", () => {
  it("keeps each error code on one line, and the words as they were", () => {
    const text = "migrate_page_move_mapping says -EAGAIN: give up; mbind returns -EIO.";
    expect(html(text)).toBe(
      'migrate_page_move_mapping says <span class="error-code">-EAGAIN</span>: give up; mbind returns <span class="error-code">-EIO</span>.',
    );
  });

  it("leaves a sentence without one as plain text (a hyphen in a word is not a code)", () => {
    expect(html("a write-fault on node 1, pfn 3")).toBe("a write-fault on node 1, pfn 3");
  });
});
