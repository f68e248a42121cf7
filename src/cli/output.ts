/**
 * The CLI's output, written out as it is made. A run's JSON lists every page of every process
 * and its trace has a line a frame: as one string, four million pages (`--json`) or a trace of
 * 480 MB went past V8's limit on a string's length, and the CLI died with a stack trace.
 */
import type { Kernel } from "../kernel/machine.ts";
import { eachPageReport, nodesReport } from "../kernel/report.ts";
import type { StepResult } from "../kernel/run.ts";
import { vmstat } from "../kernel/vmstat_read.ts";

/** Collects text and hands it to `write` in pieces of about a megabyte. */
export class Chunked {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly write: (text: string) => void) {}

  add(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.write(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

/** Where the pages go in the report's text: a string no report holds. */
const PAGES = "\u0000pages\u0000";

/**
 * The report (src/kernel/report.ts) as JSON, pretty (`indent` 2) or compact, the same text
 * JSON.stringify(report(...)) gives, its pages written one at a time.
 */
export function writeReport(
  k: Kernel,
  frames: number,
  steps: StepResult[],
  indent: 2 | undefined,
  write: (text: string) => void,
): void {
  const head = {
    frames,
    steps,
    pages: PAGES,
    vmstat: vmstat(k),
    nodes: nodesReport(k),
    swap: { slots: k.swap.slots, used: k.swap.used },
  };
  const [before, after] = JSON.stringify(head, null, indent).split(JSON.stringify(PAGES));
  const out = new Chunked(write);
  out.add(`${before}[`);
  // Inside the report the pages are two levels deep: each line of a page indented by four more.
  const inner = indent ? "\n    " : "";
  let any = false;
  for (const page of eachPageReport(k)) {
    const text = JSON.stringify(page, null, indent);
    out.add(`${any ? "," : ""}${inner}${indent ? text.replaceAll("\n", inner) : text}`);
    any = true;
  }
  out.add(`${any && indent ? "\n  " : ""}]${after}`);
  out.flush();
}
