/**
 * The handout of a run as the app holds it: the raw scenario the worker accepted (title,
 * description, kernel, steps with their notes), the frames received, and the return values known.
 * Pure, so the export and its test build the same text as the CLI's handout.
 */
import type { HandoutFrame, HandoutRun, HandoutStep } from "../../scenario/handout.ts";
import { notesWrittenFor } from "../../scenario/library.ts";

export interface FrameMeta extends HandoutFrame {
  /** Index of the scenario step that produced the frame. */
  readonly step: number;
}

interface RawScenario {
  readonly title?: unknown;
  readonly description?: unknown;
  readonly kernel?: unknown;
  readonly steps?: unknown;
}

const str = (v: unknown): string | undefined =>
  typeof v === "string" && v.trim() !== "" ? v : undefined;

/**
 * Frames 1..total grouped under the step that produced them. `ret(i)` is the return value of step
 * i when the app knows it; an unknown one reads "?".
 */
export function handoutRun(
  scenario: unknown,
  total: number,
  meta: (frame: number) => FrameMeta | null,
  ret: (step: number) => string | number | undefined = () => undefined,
): HandoutRun {
  const raw = (typeof scenario === "object" && scenario !== null ? scenario : {}) as RawScenario;
  const steps = Array.isArray(raw.steps) ? (raw.steps as unknown[]) : [];
  const frames: HandoutFrame[][] = steps.map(() => []);
  const first: number[] = steps.map(() => 0);
  for (let f = 1; f <= total; f++) {
    const m = meta(f);
    const bucket = m ? frames[m.step] : undefined;
    if (!m || !bucket) continue;
    if (bucket.length === 0) first[m.step] = f;
    bucket.push({ fn: m.fn, file: m.file, text: m.text });
  }
  return {
    title: str(raw.title) ?? "Untitled scenario",
    description: str(raw.description),
    kernel: str(raw.kernel),
    notesFor: notesWrittenFor(scenario),
    steps: steps.map(
      (s, i): HandoutStep => ({
        step: (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>,
        ret: ret(i) ?? "?",
        note: str((s as { note?: unknown } | null)?.note),
        firstFrame: first[i] ?? 0,
        frames: frames[i] ?? [],
      }),
    ),
  };
}
