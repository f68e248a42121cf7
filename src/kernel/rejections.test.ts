/** A call turned away names the kernel function that decided it, on both kernels. */
import { describe, expect, it } from "vitest";
import { mbind, mmap, runChecked, scenario } from "../test/harness.ts";

const KERNELS = ["rfc-2012", "mainline"] as const;
/** The first step's entry function on each kernel (its frame opens the call). */
const ENTRY = { "rfc-2012": "sys_mbind", mainline: "kernel_mbind" } as const;

/** The function named by the frame that gives the call's return value. */
function rejectedBy(kernel: (typeof KERNELS)[number], call: object): { fn: string; ret: unknown } {
  const r = runChecked(scenario([mmap(2), call], { kernel }));
  const last = r.frames[r.frames.length - 1];
  expect(String(last?.text)).toMatch(/^mbind returns -E/);
  return { fn: last?.fn ?? "", ret: r.rets[1] };
}

describe.each(KERNELS)("mbind rejections on %s", (kernel) => {
  const modeChecker = kernel === "mainline" ? "sanitize_mpol_flags" : "sys_mbind";

  it("an unknown mode is the syscall's own check", () => {
    expect(rejectedBy(kernel, mbind(0, 2, "MPOL_BIND", [0], [], { mode: 99 }))).toEqual({
      fn: modeChecker,
      ret: "-EINVAL",
    });
  });

  it("a node id past MAX_NUMNODES is get_nodes'", () => {
    expect(rejectedBy(kernel, mbind(0, 2, "MPOL_BIND", [4096], []))).toEqual({
      fn: "get_nodes",
      ret: "-EINVAL",
    });
  });

  it("a mask the mode forbids is mpol_new's", () => {
    expect(rejectedBy(kernel, mbind(0, 2, "MPOL_DEFAULT", [0], []))).toEqual({
      fn: "mpol_new",
      ret: "-EINVAL",
    });
  });

  it("a mask of nodes the machine lacks is mpol_set_nodemask's", () => {
    expect(rejectedBy(kernel, mbind(0, 2, "MPOL_BIND", [5], []))).toEqual({
      fn: "mpol_set_nodemask",
      ret: "-EINVAL",
    });
  });

  it("an unaligned start stays do_mbind's, after the entry frame", () => {
    const r = runChecked(
      scenario([mmap(2), { ...mbind(0, 2, "MPOL_BIND", [0], []), addr: "0x7f0000000010" }], {
        kernel,
      }),
    );
    expect(r.frames.slice(-2).map((f) => f.fn)).toEqual([ENTRY[kernel], "do_mbind"]);
    expect(r.rets[1]).toBe("-EINVAL");
  });
});

describe("a mode wider than 32 bits", () => {
  // 2^32 + MPOL_BIND: sys_mbind's unsigned long keeps the high bit (>= MPOL_MAX); 6.1's
  // kernel_mbind reads it into an int lmode, which keeps only MPOL_BIND.
  const wide = mbind(0, 2, "MPOL_BIND", [0], ["MPOL_MF_MOVE"], { mode: 2 ** 32 + 2 });

  it("is -EINVAL under 3.3, the syscall's own check", () => {
    expect(rejectedBy("rfc-2012", wide)).toEqual({ fn: "sys_mbind", ret: "-EINVAL" });
  });

  it("is MPOL_BIND under 6.1, which truncates it", () => {
    expect(runChecked(scenario([mmap(2), wide], { kernel: "mainline" })).rets[1]).toBe(0);
  });
});

describe.each(KERNELS)("flags no caller can name, on %s", (kernel) => {
  it("print as a number in the call's frame, and are -EINVAL", () => {
    // 0x10 is MPOL_MF_DISCONTIG_OK inside the kernel, a bit mbind sets for itself: user space
    // has no name for it.
    const r = runChecked(scenario([mmap(2), mbind(0, 2, "MPOL_BIND", [0], 0x12)], { kernel }));
    const entry = r.frames.find((f) => f.fn === ENTRY[kernel]);
    expect(String(entry?.text)).toMatch(/MPOL_MF_MOVE\|0x10\)/);
    expect(String(entry?.text)).not.toMatch(/DISCONTIG/);
    expect(r.rets[1]).toBe("-EINVAL");
  });
});

describe.each(KERNELS)("mpol_new says which rule a refused mask breaks, on %s", (kernel) => {
  const said = (call: object) => {
    const r = runChecked(scenario([mmap(2), call], { kernel }));
    return { fn: r.frames.at(-1)?.fn, ret: r.rets[1], text: String(r.frames.at(-1)?.text) };
  };
  it.each([
    ["MPOL_BIND", [], 0, /: MPOL_BIND needs at least one node, and the mask is empty\.$/],
    [
      "MPOL_INTERLEAVE",
      [],
      0,
      /: MPOL_INTERLEAVE needs at least one node, and the mask is empty\.$/,
    ],
    ["MPOL_DEFAULT", [1], 0, /: MPOL_DEFAULT takes no nodes, and the mask names some\.$/],
    [
      "MPOL_PREFERRED",
      [],
      ["MPOL_F_STATIC_NODES"],
      /: an empty MPOL_PREFERRED mask means allocate locally, which cannot take MPOL_F_STATIC_NODES or MPOL_F_RELATIVE_NODES\.$/,
    ],
  ] as const)("%s with nodes %j and mode flags %j", (mode, nodes, modeFlags, why) => {
    const out = said(mbind(0, 2, mode, [...nodes], [], { modeFlags }));
    expect(out).toMatchObject({ fn: "mpol_new", ret: "-EINVAL" });
    expect(out.text).toMatch(why);
  });
  it("set_mempolicy gives the same reason", () => {
    const r = runChecked(
      scenario([mmap(2), { op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [] }], {
        kernel,
      }),
    );
    expect(r.rets[1]).toBe("-EINVAL");
    expect(String(r.frames.at(-1)?.text)).toMatch(
      /MPOL_BIND needs at least one node, and the mask is empty\.$/,
    );
  });
});

describe("3.3's set_mempolicy and mbind name the mode flags and say why", () => {
  const last = (call: object) => {
    const r = runChecked(scenario([mmap(2), call]));
    return {
      ret: r.rets[1],
      text: String(r.frames.at(-1)?.text),
      first: String(r.frames.find((f) => f.step === 1)?.text),
    };
  };
  it("set_mempolicy to nodes the machine lacks says so", () => {
    const out = last({ op: "set_mempolicy", tid: 100, mode: "MPOL_BIND", nodes: [7] });
    expect(out.ret).toBe("-EINVAL");
    expect(out.text).toMatch(/mpol_set_nodemask: none of the mask's nodes exists/);
  });
  it("a refused mask with a mode flag shows the flag in the call it names", () => {
    const flags = { modeFlags: ["MPOL_F_STATIC_NODES"] };
    const set = last({
      op: "set_mempolicy",
      tid: 100,
      mode: "MPOL_PREFERRED",
      nodes: [],
      ...flags,
    });
    expect(set.text).toMatch(
      /^set_mempolicy\(MPOL_PREFERRED\|MPOL_F_STATIC_NODES, \{\}\).*returns -EINVAL: mpol_new: /,
    );
    const bind = last(mbind(0, 2, "MPOL_PREFERRED", [], [], flags));
    expect(bind.first).toMatch(
      /calls mbind\(0x[0-9a-f]+, \d+ bytes, MPOL_PREFERRED\|MPOL_F_STATIC_NODES, /,
    );
  });
  it("set_mempolicy's own checks are named as its own", () => {
    const out = last({
      op: "set_mempolicy",
      tid: 100,
      mode: "MPOL_BIND",
      nodes: [0],
      modeFlags: ["MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES"],
    });
    expect(out.text).toMatch(
      /returns -EINVAL: sys_set_mempolicy: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES together/,
    );
  });
});

describe("flags with bit 31 set (mbind's flags are an unsigned int)", () => {
  it.each(KERNELS)("%s: -EINVAL, the bit written as 0x80000000", (kernel) => {
    const r = runChecked(
      scenario([mmap(2), mbind(0, 1, "MPOL_BIND", [1], 2 ** 31 + 2)], { kernel }),
    );
    expect(r.rets[1]).toBe("-EINVAL");
    expect(r.frames.map((f) => f.text).join("\n")).not.toMatch(/0x-/);
    if (kernel === "mainline")
      expect(r.frames.some((f) => f.text.includes("MPOL_MF_MOVE|0x80000000"))).toBe(true);
  });
});
