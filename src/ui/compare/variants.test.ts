import { describe, expect, it } from "vitest";
import { LESSONS, lessonById } from "../../scenario/library.ts";
import { parseScenario } from "../../scenario/parse.ts";
import { availableVariations, flagNames, vary } from "./variants.ts";

const seed = () => lessonById("seed-workers-pull-local")?.json();
type Step = { op: string; flags?: unknown; mode?: unknown; nodes?: unknown };
const stepsOf = (s: unknown) => (s as { steps: Step[] }).steps;

describe("vary: the second run of a comparison", () => {
  it("toggles MPOL_MF_LAZY on the migrating mbind calls only, and labels both runs", () => {
    const v = vary(seed(), { kind: "lazy" });
    expect(v.a).toBe("MPOL_MF_MOVE|MPOL_MF_LAZY");
    expect(v.b).toBe("MPOL_MF_MOVE");
    const mbinds = stepsOf(v.scenario).filter((s) => s.op === "mbind");
    expect(mbinds.map((s) => s.flags)).toEqual([["MPOL_MF_MOVE"]]);
    // Toggling twice gives the first run back.
    const back = vary(v.scenario, { kind: "lazy" });
    expect(stepsOf(back.scenario).map((s) => s.flags)).toEqual(stepsOf(seed()).map((s) => s.flags));
  });

  it("reads flags given as a number", () => {
    expect(flagNames(2 | 8)).toEqual(["MPOL_MF_MOVE", "MPOL_MF_LAZY"]);
  });

  it("every variation of every lesson is a valid scenario", () => {
    for (const lesson of LESSONS.filter((l) => !l.large)) {
      const json = lesson.json();
      for (const kind of availableVariations(json)) {
        const variations =
          kind === "policy"
            ? (["MPOL_BIND", "MPOL_DEFAULT", "MPOL_INTERLEAVE"] as const).map((mode) => ({
                kind,
                mode,
              }))
            : [{ kind }];
        for (const v of variations) {
          const r = parseScenario(vary(json, v as never).scenario);
          expect(r.ok ? [] : r.errors, `${lesson.id} ${JSON.stringify(v)}`).toEqual([]);
        }
      }
    }
  });

  it("another policy mode: nodes follow what the mode needs", () => {
    const bind = vary(seed(), { kind: "policy", mode: "MPOL_BIND" });
    // Each label with its node mask: B's says why nothing moves (node 0 is allowed too).
    expect(bind.a).toBe("MPOL_PREFERRED {}");
    expect(bind.b).toBe("MPOL_BIND {0,1,2}");
    const m = stepsOf(bind.scenario).find((s) => s.op === "mbind");
    expect(m?.mode).toBe("MPOL_BIND");
    expect(m?.nodes).toEqual([0, 1, 2]);
    const def = vary(seed(), { kind: "policy", mode: "MPOL_DEFAULT" });
    expect(stepsOf(def.scenario).find((s) => s.op === "mbind")?.nodes).toEqual([]);
  });

  it("the other kernel: mainline is named, the RFC's is the default (no field)", () => {
    const v = vary(seed(), { kind: "kernel" });
    expect((v.scenario as { kernel?: string }).kernel).toBe("mainline");
    const back = vary(v.scenario, { kind: "kernel" });
    expect("kernel" in (back.scenario as object)).toBe(false);
    expect(back.b).toMatch(/RFC 2012/);
  });

  it("names the kernel in both labels when the runs are on 6.1", () => {
    const v = vary({ ...(seed() as object), kernel: "mainline" }, { kind: "lazy" });
    expect(v.a).toBe("MPOL_MF_MOVE|MPOL_MF_LAZY · Linux 6.1 (mainline)");
    expect(v.b).toBe("MPOL_MF_MOVE · Linux 6.1 (mainline)");
  });

  it("offers LAZY only where an mbind migrates", () => {
    const noMbind = {
      ...(seed() as object),
      steps: stepsOf(seed()).filter((s) => s.op !== "mbind"),
    };
    expect(availableVariations(noMbind)).toEqual(["kernel"]);
    expect(availableVariations(seed())).toEqual(["lazy", "policy", "kernel"]);
  });
});
