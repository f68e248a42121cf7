/**
 * The `Export` menu: the current frame as PNG or SVG, the frames of a range as GIF or WebM, the
 * run as a Markdown handout. It knows nothing of the store: the app hands it the element to
 * capture, how to show a frame, the range and the handout.
 */
import { useEffect, useRef, useState } from "react";
import type { HandoutRun } from "../../scenario/handout.ts";
import type { Caption } from "./caption.ts";
import type { FrameRange, ShowFrame } from "./exporters.ts";
import "./export.css";
import { setRecording } from "./recording.ts";

export interface ExportMenuProps {
  /** The element whose picture is exported (the node grids and page table, say). */
  readonly target: () => HTMLElement | null;
  /** The frame on screen, shown again after an animation has stepped through its range. */
  readonly current: () => number;
  /**
   * The frames an animation covers (the current system call's, say), read when exporting; `call`,
   * when the range is a stretch of a longer call, so the menu can say so.
   */
  readonly range: () => FrameRange & { readonly call?: FrameRange };
  readonly showFrame: ShowFrame;
  readonly handout: () => HandoutRun;
  /** File names start with this (the scenario's title, made safe). */
  readonly name: string;
  /** A CSS selector of what a figure leaves out (panels that do not belong on a slide). */
  readonly exclude?: string;
  /** The caption above a figure: read as each frame is taken. */
  readonly caption?: () => Caption | null;
  /** The run is still coming: the handout, which lists every call's frames, waits for it. */
  readonly loading?: boolean;
}

type Kind = "png" | "svg" | "gif" | "webm" | "md";

const LABELS: readonly [Kind, string][] = [
  ["png", "Export PNG"],
  ["svg", "Export SVG"],
  ["gif", "Export GIF"],
  ["webm", "Export WebM"],
  ["md", "Export handout"],
];

/**
 * What an animation of `range` leaves out of its call, said after it is saved (empty when it
 * holds the whole call): an animation holds a slide's worth of frames, not a 104-frame mbind.
 */
export function stretchNote(range: FrameRange & { readonly call?: FrameRange }): string {
  const { first, last, call } = range;
  if (!call || (call.first >= first && call.last <= last)) return "";
  return ` It holds frames ${first}-${last} of this call's ${call.first}-${call.last} (${last - first + 1} frames a file): step elsewhere in the call to record another stretch.`;
}

/** A file name from a title: lower case, words joined by dashes. */
export function fileStem(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "numa-lab"
  );
}

export function ExportMenu(props: ExportMenuProps) {
  const [busy, setBusy] = useState<Kind | null>(null);
  const [status, setStatus] = useState("");

  async function run(kind: Kind) {
    const range = props.range();
    const current = props.current();
    const { first, last } = range;
    const ex = await import("./exporters.ts");
    const el = props.target();
    const opts = { exclude: props.exclude ?? "", caption: props.caption, stage: setStatus };
    // Say which frame is being recorded: an animation takes a moment per frame.
    const show = async (n: number) => {
      setStatus(`Recording frame ${n} of ${first}-${last}…`);
      await props.showFrame(n);
    };
    if (!el && kind !== "md") throw new Error("nothing on screen to export yet");
    const target = el as HTMLElement;
    const frames = first === last ? `frame ${first}` : `frames ${first}-${last}`;
    switch (kind) {
      case "png":
        return { blob: await ex.exportPng(target, opts), file: `frame-${current}.png` };
      case "svg":
        return { blob: await ex.exportSvg(target, opts), file: `frame-${current}.svg` };
      case "gif":
      case "webm": {
        setRecording(true);
        try {
          const make = kind === "gif" ? ex.exportGif : ex.exportWebm;
          const blob = await make(target, { first, last }, show, opts);
          return { blob, file: `${frames.replace(" ", "-")}.${kind}`, part: stretchNote(range) };
        } finally {
          await props.showFrame(current);
          setRecording(false);
        }
      }
      case "md":
        return { blob: ex.exportHandout(props.handout()), file: "handout.md" };
    }
  }

  async function onExport(kind: Kind) {
    setBusy(kind);
    setStatus(kind === "gif" || kind === "webm" ? "Recording the frames…" : "Exporting…");
    try {
      const { blob, file, part = "" } = await run(kind);
      const name = `${fileStem(props.name)}-${file}`;
      (await import("./exporters.ts")).download(blob, name);
      setStatus(`Saved ${name} (${Math.ceil(blob.size / 1024)} KiB).${part}`);
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  }

  const menu = useRef<HTMLDetailsElement>(null);
  const busyNow = useRef(false);
  busyNow.current = busy !== null;
  const [open, setOpen] = useState(false);
  // A menu: Esc or a press anywhere else closes it (Esc gives the keyboard back to Export).
  useEffect(() => {
    const el = menu.current;
    if (!open || !el) return;
    const close = () => {
      el.open = false;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      close();
      el.querySelector("summary")?.focus();
    };
    // While an export records, its progress and then its result stay in view.
    const onPress = (e: PointerEvent) => {
      if (!el.contains(e.target as Node) && !busyNow.current) close();
    };
    // Tab out of it closes it too, as a menu does.
    const onFocusOut = (e: FocusEvent) => {
      const to = e.relatedTarget as Node | null;
      if (to && !el.contains(to) && !busyNow.current) close();
    };
    el.addEventListener("keydown", onKey);
    el.addEventListener("focusout", onFocusOut);
    document.addEventListener("pointerdown", onPress);
    return () => {
      el.removeEventListener("focusout", onFocusOut);
      el.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPress);
    };
  }, [open]);

  return (
    <details className="export-menu" ref={menu} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Export</summary>
      <div className="export-pop">
        <div className="export-buttons">
          {LABELS.map(([kind, label]) => (
            <button
              key={kind}
              type="button"
              disabled={busy !== null || (kind === "md" && props.loading === true)}
              title={
                kind === "md" && props.loading
                  ? "The run is still loading: the handout lists every call's frames"
                  : undefined
              }
              aria-busy={busy === kind}
              onClick={() => void onExport(kind)}
            >
              {label}
            </button>
          ))}
        </div>
        <p className="export-status" role="status">
          {status}
        </p>
      </div>
    </details>
  );
}
