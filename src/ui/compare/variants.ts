/**
 * What the second run of a comparison varies, as a change to the first run's raw scenario: the
 * same calls with MPOL_MF_LAZY toggled on the migrating mbind calls, another policy mode, or the
 * other kernel. Raw in, raw out (the worker validates it like any scenario); pure, so tests run it.
 */
import { KERNEL_NAMES, type KernelName, kernelOf } from "../../scenario/format.ts";
import { FLAG_NAMES, MODE_NAMES } from "../../scenario/schema.ts";

export type Variation =
  | { readonly kind: "lazy" }
  | { readonly kind: "policy"; readonly mode: string }
  | { readonly kind: "kernel" };

/** Modes a user can pick for the second run (the RFC's 3.3 has no MPOL_PREFERRED_MANY). */
export const POLICY_MODES = [
  "MPOL_DEFAULT",
  "MPOL_PREFERRED",
  "MPOL_BIND",
  "MPOL_INTERLEAVE",
  "MPOL_LOCAL",
] as const;
const NEEDS_NODES = new Set(["MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_PREFERRED_MANY"]);
const NO_NODES = new Set(["MPOL_DEFAULT", "MPOL_LOCAL"]);

type Raw = Record<string, unknown> & { steps?: unknown[] };
type RawStep = Record<string, unknown>;

export interface Varied {
  readonly scenario: unknown;
  /** What each run is, in a few words: "MPOL_MF_MOVE", "MPOL_MF_MOVE|MPOL_MF_LAZY". */
  readonly a: string;
  readonly b: string;
}

/** An mbind's flags as names, whether the file gave names or a number. */
export function flagNames(flags: unknown): string[] {
  if (Array.isArray(flags)) return flags.map(String);
  if (typeof flags !== "number") return [];
  return Object.entries(FLAG_NAMES)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name);
}

/** A mode as its name (numbers as the file may give them, mode flags ignored). */
function modeName(mode: unknown): string {
  if (typeof mode === "string") return mode;
  const m = typeof mode === "number" ? mode & 0xff : -1;
  return Object.entries(MODE_NAMES).find(([, v]) => v === m)?.[0] ?? String(mode);
}

const steps = (raw: Raw): RawStep[] =>
  Array.isArray(raw.steps)
    ? (raw.steps as RawStep[]).filter((s) => s && typeof s === "object")
    : [];
const migrating = (s: RawStep) =>
  s.op === "mbind" &&
  flagNames(s.flags).some((f) => f === "MPOL_MF_MOVE" || f === "MPOL_MF_MOVE_ALL");
const policyCalls = (raw: Raw) => {
  const mbinds = steps(raw).filter((s) => s.op === "mbind");
  return mbinds.length > 0 ? mbinds : steps(raw).filter((s) => s.op === "set_mempolicy");
};

/** Which variations change anything in this scenario (the kernel always can). */
export function availableVariations(scenario: unknown): Variation["kind"][] {
  const raw = (scenario ?? {}) as Raw;
  const out: Variation["kind"][] = [];
  if (steps(raw).some(migrating)) out.push("lazy");
  if (policyCalls(raw).length > 0) out.push("policy");
  out.push("kernel");
  return out;
}

const join = (names: readonly string[]) => (names.length ? names.join("|") : "no flags");

/** The second run's scenario, and labels for both runs (which kernel, when it is not the RFC's). */
export function vary(scenario: unknown, v: Variation): Varied {
  const varied = varyRaw(scenario, v);
  const raw = (scenario ?? {}) as Raw;
  if (v.kind === "kernel" || kernelOf(raw) === "rfc-2012") return varied;
  const on = ` · ${KERNEL_NAMES.mainline.name}`;
  return { ...varied, a: varied.a + on, b: varied.b + on };
}

function varyRaw(scenario: unknown, v: Variation): Varied {
  const raw = (scenario ?? {}) as Raw;
  const all = steps(raw);
  const title = typeof raw.title === "string" ? raw.title : "scenario";
  const retitle = (what: string) => `${title} · ${what}`.slice(0, 200);
  switch (v.kind) {
    case "lazy": {
      const first = all.find(migrating);
      const had = flagNames(first?.flags);
      const lazy = had.includes("MPOL_MF_LAZY");
      const toggle = (names: string[]) =>
        lazy ? names.filter((n) => n !== "MPOL_MF_LAZY") : [...names, "MPOL_MF_LAZY"];
      const b = toggle(had);
      return {
        a: join(had),
        b: join(b),
        scenario: {
          ...raw,
          title: retitle(join(b)),
          steps: (raw.steps ?? []).map((s) =>
            s && typeof s === "object" && migrating(s as RawStep)
              ? { ...(s as RawStep), flags: toggle(flagNames((s as RawStep).flags)) }
              : s,
          ),
        },
      };
    }
    case "policy": {
      const calls = new Set(policyCalls(raw));
      const before = [...calls][0];
      const allNodes = Array.isArray((raw.machine as { nodes?: unknown[] })?.nodes)
        ? ((raw.machine as { nodes: unknown[] }).nodes.map((_, i) => i) as number[])
        : [0];
      const varied = (step: RawStep): RawStep => {
        const nodes = Array.isArray(step.nodes) ? step.nodes : [];
        return {
          ...step,
          mode: v.mode,
          // A mode that needs nodes gets every node when the call gave none; one that takes
          // none gets none (either would otherwise be -EINVAL, comparing nothing).
          nodes: NO_NODES.has(v.mode)
            ? []
            : NEEDS_NODES.has(v.mode) && nodes.length === 0
              ? allNodes
              : nodes,
        };
      };
      // With the node mask: "MPOL_BIND {0,1,2}" says why nothing moves (node 0 is allowed).
      const policy = (step: RawStep) =>
        `${modeName(step.mode)} {${(Array.isArray(step.nodes) ? step.nodes : []).join(",")}}`;
      return {
        a: before ? policy(before) : "no policy call",
        b: before ? policy(varied(before)) : v.mode,
        scenario: {
          ...raw,
          title: retitle(v.mode),
          steps: (raw.steps ?? []).map((s) => (calls.has(s as RawStep) ? varied(s as RawStep) : s)),
        },
      };
    }
    case "kernel": {
      const now = kernelOf(raw);
      const other: KernelName = now === "mainline" ? "rfc-2012" : "mainline";
      const { kernel: _, ...rest } = raw;
      return {
        a: KERNEL_NAMES[now].name,
        b: KERNEL_NAMES[other].name,
        scenario: {
          ...(other === "rfc-2012" ? rest : { ...rest, kernel: other }),
          title: retitle(KERNEL_NAMES[other].name),
        },
      };
    }
  }
}
