import { describe, expect, it } from "vitest";
import { RFC_2012_SOURCES, sourceLabel, sourceOf, sourceUrl } from "./sources.ts";

describe("the kernel source table", () => {
  it("links an RFC function to its patch on the list archive, a 3.3 one to Elixir", () => {
    const rfc = sourceOf(RFC_2012_SOURCES, "migrate_pages_unmap_only");
    expect(sourceUrl("migrate_pages_unmap_only", rfc)).toBe(
      "https://lore.kernel.org/all/20120316144240.307470041@chello.nl/",
    );
    expect(sourceUrl("mpol_misplaced", sourceOf(RFC_2012_SOURCES, "mpol_misplaced"))).toMatch(
      /432892200/,
    );
    expect(sourceUrl("do_munmap", sourceOf(RFC_2012_SOURCES, "do_munmap"))).toBe(
      "https://elixir.bootlin.com/linux/v3.3/A/ident/do_munmap",
    );
    // A scenario op links to the kernel function it stands for: end_writeback is 3.3's inode
    // teardown (fs/inode.c), so the op's frames name end_page_writeback.
    expect(sourceUrl("end_writeback", sourceOf(RFC_2012_SOURCES, "end_writeback"))).toBe(
      "https://elixir.bootlin.com/linux/v3.3/A/ident/end_page_writeback",
    );
    expect(sourceLabel(sourceOf(RFC_2012_SOURCES, "end_writeback"))).toBe(
      "mm/filemap.c (end_page_writeback)",
    );
    expect(sourceUrl("ksm_merge", sourceOf(RFC_2012_SOURCES, "ksm_merge"))).toMatch(
      /ident\/try_to_merge_one_page$/,
    );
  });

  it("labels a frame with the file and the patch, and refuses an unknown function", () => {
    expect(sourceLabel(sourceOf(RFC_2012_SOURCES, "do_swap_page"))).toBe("mm/memory.c (RFC 07/26)");
    expect(sourceLabel(sourceOf(RFC_2012_SOURCES, "do_wp_page"))).toBe("mm/memory.c");
    expect(() => sourceOf(RFC_2012_SOURCES, "no_such_function")).toThrow(/sources.ts/);
  });
});
