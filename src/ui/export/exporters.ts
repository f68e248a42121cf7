/**
 * Figures to take away: the current frame as PNG or SVG, a range of frames as an animated GIF or
 * a WebM video, a run as a Markdown handout. Each returns a Blob; `download` saves one. The
 * screenshot library and the GIF encoder are imported on first use, so the page does not load them.
 */
import { type HandoutRun, handoutMarkdown } from "../../scenario/handout.ts";
import { type Caption, captionCanvas, captionSvg } from "./caption.ts";

/** Shows frame `n` (the app's navigation) and resolves once the store has it. */
export type ShowFrame = (n: number) => void | Promise<void>;

export interface FrameRange {
  readonly first: number;
  readonly last: number;
}

/** More frames than this make a GIF or video no one would put on a slide (and a long wait). */
export const MAX_ANIMATION_FRAMES = 120;

const screenshot = () => import("modern-screenshot");

export interface FigureOptions {
  /** Elements matching this CSS selector are left out of the figure (the LRU lists, say). */
  readonly exclude?: string;
  /** The caption drawn above the figure, read as each frame is taken (null: none). */
  readonly caption?: (() => Caption | null) | undefined;
  /** How long each frame of an animation is shown. */
  readonly delayMs?: number;
  /** Told what an animation does once its frames are taken (encoding can take seconds). */
  readonly stage?: (what: string) => void;
}

/** Say `what`, and let the page show it before a long synchronous step. */
async function announce(opts: FigureOptions, what: string): Promise<void> {
  opts.stage?.(what);
  await new Promise((r) => setTimeout(r, 0));
}

/** Marks the elements whose height must be worked out again in the figure (see captureOptions). */
const REFLOW = "data-figure-reflow";
/**
 * On the document while a figure is taken: presentation hides the colour legend to save the
 * screen's room, but a figure on a slide needs it (lecture.css shows it again while this is on).
 */
const CAPTURING = "figure-capture";

/**
 * The figure's height, and the elements to lay out again in it: the screenshot library copies
 * each element's computed height (and a grid's row sizes), so a panel left out would leave its
 * container's height behind as a blank band (with, at 1280 px, the legend pushed below it).
 * Measured with the left-out elements hidden for a moment, in one task: the page is never
 * painted without them.
 */
function figureLayout(el: HTMLElement, exclude: string): { height: number; reflow: Element[] } {
  if (!exclude) return { height: el.scrollHeight, reflow: [] };
  const hidden = [...el.querySelectorAll<HTMLElement>(exclude)];
  const reflow = new Set<Element>();
  for (const h of hidden) {
    for (let a = h.parentElement; a && a !== el; a = a.parentElement) reflow.add(a);
  }
  const was = hidden.map((h) => h.style.display);
  for (const h of hidden) h.style.display = "none";
  const height = el.scrollHeight;
  hidden.forEach((h, i) => {
    h.style.display = was[i] ?? "";
  });
  return { height, reflow: [...reflow] };
}

/**
 * The library's options for a figure of `el` (the page's own background behind the panels, so the
 * figure looks as the screen does), and `done`, to call once the capture is over.
 */
function captureOptions(el: HTMLElement, { exclude = "" }: FigureOptions) {
  document.documentElement.classList.add(CAPTURING);
  const { height, reflow } = figureLayout(el, exclude);
  for (const a of reflow) a.setAttribute(REFLOW, "");
  const options = {
    backgroundColor: getComputedStyle(document.documentElement).backgroundColor || "#fff",
    scale: 1,
    height,
    filter: (n: Node) => !(exclude && n instanceof Element && n.matches(exclude)),
    onCloneEachNode: (n: Node) => {
      if (!(n instanceof HTMLElement) || !n.hasAttribute(REFLOW)) return;
      n.removeAttribute(REFLOW);
      n.style.removeProperty("height");
      n.style.removeProperty("block-size");
      // A grid's rows are copied as the sizes they had, the left-out panel's row included.
      if (n.style.gridTemplateRows) n.style.gridTemplateRows = "none";
    },
  };
  const done = () => {
    document.documentElement.classList.remove(CAPTURING);
    for (const a of reflow) a.removeAttribute(REFLOW);
  };
  return { options, done };
}

/** Capture with the options for `el`, then take the marks off the page whatever happens. */
async function capture<T>(
  el: HTMLElement,
  opts: FigureOptions,
  take: (o: ReturnType<typeof captureOptions>["options"]) => Promise<T>,
): Promise<T> {
  const { options, done } = captureOptions(el, opts);
  try {
    return await take(options);
  } finally {
    done();
  }
}

/** A figure of `el` on a canvas, under its caption when it has one (`animated`: one of many). */
async function figureCanvas(
  el: HTMLElement,
  opts: FigureOptions,
  animated = false,
): Promise<HTMLCanvasElement> {
  const { domToCanvas } = await screenshot();
  // Read with the picture, not after it: the frame may move while it is taken.
  const caption = opts.caption?.();
  const picture = await capture(el, opts, (o) => domToCanvas(el, o));
  return caption ? captionCanvas(picture, caption, animated) : picture;
}

export async function exportPng(el: HTMLElement, opts: FigureOptions = {}): Promise<Blob> {
  const canvas = await figureCanvas(el, opts);
  return new Promise((ok, fail) =>
    canvas.toBlob(
      (b) => (b ? ok(b) : fail(new Error("the figure could not be encoded as PNG"))),
      "image/png",
    ),
  );
}

export async function exportSvg(el: HTMLElement, opts: FigureOptions = {}): Promise<Blob> {
  const { domToForeignObjectSvg } = await screenshot();
  const caption = opts.caption?.();
  const svg = await capture(el, opts, (o) => domToForeignObjectSvg(el, o));
  if (caption) captionSvg(svg as SVGSVGElement, caption);
  const text = new XMLSerializer().serializeToString(svg);
  return new Blob([text], { type: "image/svg+xml" });
}

export function exportHandout(run: HandoutRun): Blob {
  return new Blob([handoutMarkdown(run)], { type: "text/markdown" });
}

/** The frame numbers of `range`, checked: a clear error rather than a ten-minute capture. */
export function framesOf(range: FrameRange): number[] {
  const { first, last } = range;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || last < first)
    throw new Error(`frame range ${first}..${last} is not a range of frames`);
  if (last - first + 1 > MAX_ANIMATION_FRAMES)
    throw new Error(
      `${last - first + 1} frames: at most ${MAX_ANIMATION_FRAMES} go into an animation`,
    );
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Two animation frames: React has committed and the browser has painted. */
const painted = () =>
  new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/** Capture `el` at each frame of the range, in order; `show` moves the app there first. */
async function captures(
  el: HTMLElement,
  range: FrameRange,
  show: ShowFrame,
  opts: FigureOptions,
): Promise<HTMLCanvasElement[]> {
  const out: HTMLCanvasElement[] = [];
  for (const n of framesOf(range)) {
    await show(n);
    await painted();
    out.push(await figureCanvas(el, opts, true));
  }
  return out;
}

/** The largest width and height among `sizes`, each made even (and at least 2). */
export function commonSize(sizes: readonly { width: number; height: number }[]): {
  width: number;
  height: number;
} {
  const even = (n: number) => n + (n % 2);
  return {
    width: even(Math.max(1, ...sizes.map((c) => c.width))),
    height: even(Math.max(1, ...sizes.map((c) => c.height))),
  };
}

/**
 * The frames' common size: the largest of each side (a frame whose page table gained a row is
 * taller), made even (video encoders want even sizes). Each is drawn at the top left on the
 * page's background: none is cut, and a shorter one shows no band of another colour.
 */
function fitted(shots: readonly HTMLCanvasElement[]): {
  width: number;
  height: number;
  draw: (ctx: CanvasRenderingContext2D, shot: HTMLCanvasElement) => void;
} {
  const { width, height } = commonSize(shots);
  const background = getComputedStyle(document.documentElement).backgroundColor || "#fff";
  return {
    width,
    height,
    draw: (ctx, shot) => {
      ctx.fillStyle = background;
      ctx.fillRect(0, 0, width, height);
      ctx.drawImage(shot, 0, 0);
    },
  };
}

export async function exportGif(
  el: HTMLElement,
  range: FrameRange,
  show: ShowFrame,
  opts: FigureOptions = {},
): Promise<Blob> {
  const delayMs = opts.delayMs ?? 700;
  const { encodeGif } = await import("./gif.ts");
  const shots = await captures(el, range, show, opts);
  const { width, height, draw } = fitted(shots);
  const frames = shots.map((shot) => {
    const fit = document.createElement("canvas");
    fit.width = width;
    fit.height = height;
    const ctx = fit.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas to capture the frames on");
    draw(ctx, shot);
    return { width, height, data: ctx.getImageData(0, 0, width, height).data };
  });
  await announce(opts, `Encoding the GIF (${frames.length} frames)…`);
  const bytes = encodeGif(frames, delayMs);
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "image/gif" });
}

/** How long before a video frame's end it is drawn again, for the recorder to take in time. */
const END_MARK_MS = 100;

/**
 * The frames as a WebM video, through the browser's own MediaRecorder on a canvas stream. Every
 * frame is taken first (about a second each), then recorded at 0.7 s each: recorded as they were
 * taken, each lasted that second longer than the GIF's, and unevenly.
 */
export async function exportWebm(
  el: HTMLElement,
  range: FrameRange,
  show: ShowFrame,
  opts: FigureOptions = {},
): Promise<Blob> {
  const delayMs = opts.delayMs ?? 700;
  if (typeof MediaRecorder === "undefined") throw new Error("this browser cannot record video");
  const mimeType = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find((t) =>
    MediaRecorder.isTypeSupported(t),
  );
  if (!mimeType) throw new Error("this browser cannot record WebM");
  const shots = await captures(el, range, show, opts);
  const { width, height, draw } = fitted(shots);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas to record on");
  const chunks: Blob[] = [];
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType });
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve) => {
    recorder.onstop = () => resolve();
  });
  recorder.start();
  await announce(opts, `Recording the video (${shots.length} frames)…`);
  for (const shot of shots) {
    // The stream gives a frame when the canvas is drawn on; drawn again near the end of its time,
    // the last frame too has one after it to end it (a frame lasts until the next one).
    draw(ctx, shot);
    await new Promise((r) => setTimeout(r, Math.max(0, delayMs - END_MARK_MS)));
    draw(ctx, shot);
    await new Promise((r) => setTimeout(r, Math.min(delayMs, END_MARK_MS)));
  }
  await announce(opts, "Finishing the video…");
  recorder.stop();
  await stopped;
  return new Blob(chunks, { type: "video/webm" });
}

/** Save `blob` as `name` through the browser's download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
