/**
 * A figure's caption: the lesson, the frame and what happened in it, drawn in a band above the
 * picture, so a PNG, SVG, GIF or WebM on a slide still says "frame 132: copied pfn 8 to pfn 64
 * on node 1" once it has left the app.
 */

export interface Caption {
  /**
   * In bold: the lesson, the frame and its kernel function ("Workers pull their pages local ·
   * frame 132 of 193 · migrate_misplaced_page"), on two lines when one is too short for it.
   */
  readonly head: string;
  /** The frame's narration, wrapped under it (at most MAX_LINES lines). */
  readonly text: string;
}

const PAD = 12;
const HEAD_PX = 20;
const TEXT_PX = 17;
const LINE = 1.35;
const MAX_LINES = 3;
/** One line cut a lesson's title of ordinary length before the function's name. */
const HEAD_LINES = 2;
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
const headFont = `700 ${HEAD_PX}px ${FONT}`;
const textFont = `${TEXT_PX}px ${FONT}`;

type Measure = (text: string) => number;

/** `text` broken into lines no wider than `width`, at most `max` (the last one cut with "…"). */
export function wrapLines(text: string, width: number, measure: Measure, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next) <= width || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  let last = `${kept[max - 1]}…`;
  while (last.length > 1 && measure(last) > width) last = `${last.slice(0, -2)}…`;
  kept[max - 1] = last;
  return kept;
}

/**
 * The head on one line if it fits, else the lesson's title on the first and the frame and its
 * function on the second, each cut with "…" only if it alone is too wide: broken at any space,
 * a line could end with "·", and a cut fell on the function's name, which comes last.
 */
export function headLines(head: string, width: number, measure: Measure): string[] {
  if (measure(head) <= width) return [head];
  const [title = "", ...rest] = head.split(" · ");
  const lines = [title, rest.join(" · ")].filter(Boolean);
  return lines.slice(0, HEAD_LINES).map((l) => wrapLines(l, width, measure, 1)[0] ?? "");
}

/**
 * The caption laid out for a picture `width` pixels wide: its lines and the band's height;
 * `reserve`: room for the longest caption, whatever this one's length, so the frames of an
 * animation keep the picture in place.
 */
function layout(caption: Caption, width: number, reserve = false) {
  const ctx = document.createElement("canvas").getContext("2d");
  const measureIn = (font: string): Measure => {
    if (!ctx) return (t) => t.length * 9;
    return (t) => {
      ctx.font = font;
      return ctx.measureText(t).width;
    };
  };
  const inner = Math.max(100, width - 2 * PAD);
  const head = headLines(caption.head, inner, measureIn(headFont));
  const text = wrapLines(caption.text, inner, measureIn(textFont), MAX_LINES);
  const heads = reserve ? HEAD_LINES : head.length;
  const lines = reserve ? MAX_LINES : text.length;
  const top = PAD + heads * HEAD_PX * LINE + 4;
  const height = Math.ceil(top + PAD + lines * TEXT_PX * LINE);
  return { head, text, top, height };
}

/** The page's colours, so the band looks like the page the figure was taken from. */
function colours(): { background: string; ink: string } {
  const style = getComputedStyle(document.documentElement);
  return {
    background: style.backgroundColor || "#fff",
    ink: getComputedStyle(document.body).color || "#000",
  };
}

/** `picture` with the caption's band above it, on a new canvas (`reserve`: see layout). */
export function captionCanvas(
  picture: HTMLCanvasElement,
  caption: Caption,
  reserve = false,
): HTMLCanvasElement {
  const l = layout(caption, picture.width, reserve);
  const { background, ink } = colours();
  const out = document.createElement("canvas");
  out.width = picture.width;
  out.height = picture.height + l.height;
  const ctx = out.getContext("2d");
  if (!ctx) throw new Error("no 2D canvas to caption the figure on");
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = ink;
  ctx.textBaseline = "top";
  ctx.font = headFont;
  l.head.forEach((t, i) => {
    ctx.fillText(t, PAD, PAD + i * HEAD_PX * LINE);
  });
  ctx.font = textFont;
  l.text.forEach((t, i) => {
    ctx.fillText(t, PAD, l.top + i * TEXT_PX * LINE);
  });
  ctx.drawImage(picture, 0, l.height);
  return out;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** The same band on an SVG figure: the picture moved down, the caption as text above it. */
export function captionSvg(svg: SVGSVGElement, caption: Caption): void {
  const width = Number(svg.getAttribute("width")) || svg.viewBox.baseVal.width;
  const height = Number(svg.getAttribute("height")) || svg.viewBox.baseVal.height;
  const l = layout(caption, width);
  const { background, ink } = colours();
  const doc = svg.ownerDocument;
  const moved = doc.createElementNS(SVG_NS, "g");
  moved.setAttribute("transform", `translate(0 ${l.height})`);
  for (const child of [...svg.childNodes]) {
    // Style and definitions stay where they apply to the whole figure.
    if (child instanceof Element && (child.localName === "style" || child.localName === "defs"))
      continue;
    // Its "100%" would now be the taller figure's: the picture keeps its own size.
    if (child instanceof Element && child.localName === "foreignObject") {
      child.setAttribute("width", String(width));
      child.setAttribute("height", String(height));
    }
    moved.append(child);
  }
  const band = doc.createElementNS(SVG_NS, "rect");
  for (const [k, v] of Object.entries({ width, height: l.height, fill: background }))
    band.setAttribute(k, String(v));
  const text = (y: number, font: string, words: string) => {
    const t = doc.createElementNS(SVG_NS, "text");
    t.setAttribute("x", String(PAD));
    t.setAttribute("y", String(y));
    t.setAttribute("dominant-baseline", "hanging");
    t.setAttribute("fill", ink);
    t.setAttribute("style", `font: ${font}`);
    t.textContent = words;
    return t;
  };
  svg.append(band);
  l.head.forEach((t, i) => {
    svg.append(text(PAD + i * HEAD_PX * LINE, headFont, t));
  });
  l.text.forEach((t, i) => {
    svg.append(text(l.top + i * TEXT_PX * LINE, textFont, t));
  });
  svg.append(moved);
  const total = height + l.height;
  svg.setAttribute("height", String(total));
  svg.setAttribute("viewBox", `0 0 ${width} ${total}`);
}
