/**
 * What the UI may know of the kernel-source table (src/kernel/sources.ts): the UI imports the
 * model only through the worker side, so the source panel reads the table from here.
 */
import { MAINLINE_61_SOURCES } from "../kernel/mainline/sources.ts";
import {
  type KernelSource,
  RFC_2012_SOURCES,
  type SourceTable,
  sourceLabel,
  sourceUrl,
} from "../kernel/sources.ts";

export type { KernelSource };

export interface KernelSourceLink {
  /** The function's name in that kernel (6.1's folio names differ from the model's). */
  readonly fn: string;
  /** Path in the kernel tree, e.g. "mm/migrate.c". */
  readonly file: string;
  /** "3.3" or "3.3 + RFC 03/26". */
  readonly version: string;
  /** The model file that implements it, relative to src/kernel/ (e.g. "mainline/mempolicy.ts"). */
  readonly model: string;
  /** The file, with the RFC patch when the model follows one. */
  readonly label: string;
  /** Where to read the kernel code (linked, never copied). */
  readonly url: string;
}

/** Tables by the scenario's `kernel`; a scenario without one runs the 2012 RFC kernel. */
const TABLES: Readonly<Record<string, SourceTable>> = {
  "rfc-2012": RFC_2012_SOURCES,
  mainline: MAINLINE_61_SOURCES,
};

/** The kernel code behind `fn`, or null for a function the table does not know (never throws). */
export function kernelSourceLink(fn: string, kernel?: string | null): KernelSourceLink | null {
  const table = (kernel ? TABLES[kernel] : undefined) ?? RFC_2012_SOURCES;
  const s = Object.hasOwn(table, fn) ? table[fn] : undefined;
  if (!s) return null;
  return {
    fn: s.name ?? fn,
    file: s.file,
    version: s.version,
    model: s.model,
    label: sourceLabel(s),
    url: sourceUrl(fn, s),
  };
}
