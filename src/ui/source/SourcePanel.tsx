/**
 * The panel named `Source`: the model function that produced the current frame, its line
 * highlighted and kept in view as the frames move (the way a debugger shows the current line),
 * and beside it the kernel function it follows, linked to a public cross-reference (never copied).
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { kernelSourceLink } from "../../worker/kernelSources.ts";
import { loadModelFiles } from "./loadModelFiles.ts";
import { filesFor, locate, type ModelFiles, type SourceExcerpt } from "./locate.ts";
import "./source.css";

export interface SourceProps {
  /** The current frame's kernel function (empty before the first frame). */
  readonly fn: string;
  /** The current frame's narration. */
  readonly narration: string;
  /** Its sentence template (Narration.template), when known: found once per template. */
  readonly template?: string | null | undefined;
  /** The scenario's kernel variant, when it names one. */
  readonly kernel?: string | null | undefined;
  /** The head ("model: file:line", the kernel function), the listing, or both (the default). */
  readonly part?: "head" | "listing" | undefined;
}

/**
 * The panel's box and heading, drawn with the page; its body (`SourcePanel`) is given, so the app
 * can have the body follow the frames only while it is seen (App.tsx).
 */
export function SourceSection({ children }: { children: React.ReactNode }) {
  return (
    <section className="panel source" aria-label="Source">
      {/* Focusable from script: the link's focus lands here when frame 0 takes the link away. */}
      <h2 tabIndex={-1}>Source</h2>
      {children}
    </section>
  );
}

/** The panel's body: loads the model's files on first mount, then shows the excerpt. */
export function SourcePanel(props: SourceProps) {
  const [files, setFiles] = useState<ModelFiles | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadModelFiles().then(
      (f) => live && setFiles(f),
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return <SourceView files={files} error={error} {...props} />;
}

export interface SourceViewProps extends SourceProps {
  readonly files: ModelFiles | null;
  readonly error?: string | null;
}

export function SourceView({
  files,
  error,
  fn,
  narration,
  template,
  kernel,
  part,
}: SourceViewProps) {
  const link = fn ? kernelSourceLink(fn, kernel) : null;
  const model = link?.model ?? null;
  const excerpt = useMemo(
    () =>
      files && fn
        ? locate(filesFor(files, kernel === "mainline"), fn, narration, model, template ?? null)
        : null,
    [files, fn, narration, template, model, kernel],
  );
  let body: React.ReactNode;
  if (error) body = <p className="source-missing">The model's files could not be loaded.</p>;
  else if (!fn) body = <p className="source-missing">No frame yet: step to see the code.</p>;
  else if (!files) body = <p className="source-missing">Loading the model's code…</p>;
  else if (!excerpt) body = <p className="source-missing">No model line found for {fn}.</p>;
  else body = <Recent excerpt={excerpt} />;

  if (part === "listing") return body;
  const head = (
    <p className="source-head">
      {excerpt && (
        <span className="file">
          model: src/kernel/{excerpt.file}:{excerpt.line}
        </span>
      )}
      {link && (
        <span className="source-kernel">
          follows <KernelLink url={link.url} fn={link.fn} /> in{" "}
          <span className="file">{link.label}</span> (Linux {link.version})
        </span>
      )}
    </p>
  );
  if (part === "head") return head;
  return (
    <>
      {head}
      {body}
    </>
  );
}

/**
 * The link to the kernel function. Frame 0 has none: a link taken away under the keyboard's
 * focus would leave it on the page's body (Home, pressed with the focus here), so it is handed
 * to the panel's heading first. A layout effect's cleanup runs while the link is still in the
 * page and focused.
 */
function KernelLink({ url, fn }: { url: string; fn: string }) {
  const ref = useRef<HTMLAnchorElement>(null);
  useLayoutEffect(() => {
    const a = ref.current;
    return () => {
      if (!a || document.activeElement !== a) return;
      a.closest("section")?.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
    };
  }, []);
  return (
    <a ref={ref} href={url} target="_blank" rel="noopener noreferrer">
      <span className="fn">{fn}</span>
    </a>
  );
}

/** Functions kept drawn (hidden) after they were shown: a step often goes back and forth. */
const KEEP = 6;
const regionOf = (e: SourceExcerpt) => `${e.file}:${e.first}`;

/**
 * The current excerpt, and the few functions shown before it kept in the page but hidden
 * (`content-visibility: hidden` keeps their layout), so a step that returns to one of them
 * shows it again instead of building and laying out its lines anew.
 */
function Recent({ excerpt }: { excerpt: SourceExcerpt }) {
  const recent = useRef<SourceExcerpt[]>([]);
  const key = regionOf(excerpt);
  // Most recent first; a render that repeats this is harmless.
  const list = [excerpt, ...recent.current.filter((e) => regionOf(e) !== key)].slice(0, KEEP);
  recent.current = list;
  const shown = [...list].sort((a, b) => (regionOf(a) < regionOf(b) ? -1 : 1));
  return (
    <>
      {shown.map((e) => {
        const here = regionOf(e) === key;
        return <Code key={regionOf(e)} excerpt={here ? excerpt : e} active={here} />;
      })}
    </>
  );
}

/**
 * The excerpt's lines, the current one highlighted and kept in view inside the panel without
 * scrolling the page. The lines are built once per function (`Lines`); a frame's highlight is
 * then written onto the few lines whose mark changed (`markLines`), so a step that moves the line
 * or swaps the function shown re-renders no line.
 */
const Code = memo(function Code({ excerpt, active }: { excerpt: SourceExcerpt; active: boolean }) {
  const scroller = useRef<HTMLElement>(null);
  const list = useRef<HTMLOListElement>(null);
  /** Each line's marks as the list shows them (as `Lines` built them, then as last written). */
  const shown = useRef<Shown | null>(null);
  shown.current ??= {
    cls: excerpt.lines.map((_, k) => classOf(markOf(excerpt, excerpt.first + k))),
    current: excerpt.lines.map((_, k) => isCurrent(excerpt, active, k)),
  };
  // Before paint, in the same commit as the rest of the frame.
  useLayoutEffect(() => {
    if (list.current && shown.current) markLines(list.current, excerpt, active, shown.current);
  }, [excerpt, active]);
  // Scroll in the next animation frame: by then the browser lays the page out for painting anyway,
  // so reading the line's offset does not force a second layout in the middle of a step.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again when the line moves
  useEffect(() => {
    if (!active) return;
    const raf = requestAnimationFrame(() => {
      const box = scroller.current;
      const from = box?.querySelector<HTMLLIElement>("li.ran, li.current");
      const call = [...(box?.querySelectorAll<HTMLLIElement>("li.current") ?? [])].at(-1);
      if (!box || !from || !call) return;
      // The lines run and the call, from a line above them; if they are too many, the call at
      // the bottom under as many of them as fit.
      const top = from.offsetTop - 30;
      const bottom = call.offsetTop + call.offsetHeight + 30;
      box.scrollTop = Math.max(
        0,
        bottom - top <= box.clientHeight ? top : bottom - box.clientHeight,
      );
    });
    return () => cancelAnimationFrame(raf);
  }, [excerpt, active]);
  return (
    <section
      className={`source-code${active ? "" : " source-idle"}`}
      ref={scroller}
      // A Tab stop, so ↑ / ↓ (which step nothing) scroll it from the keyboard.
      tabIndex={active ? 0 : -1}
      aria-label={`Listing of src/kernel/${excerpt.file}`}
      aria-hidden={active ? undefined : true}
    >
      <ol ref={list} start={excerpt.first} aria-label={`src/kernel/${excerpt.file}`}>
        <Lines excerpt={excerpt} active={active} />
      </ol>
    </section>
  );
});

type LineMark = "call" | "current" | "ran" | "";

/** "call": the frame's first line (where the reader's "current line" is); "current": the rest of
 * the call; "ran": run for this frame before it. */
function markOf(e: SourceExcerpt, n: number): LineMark {
  if (n === e.line) return "call";
  if (n > e.line && n <= e.callEnd) return "current";
  return n >= e.ranFrom && n < e.line ? "ran" : "";
}

/** A line's class for its mark: the call's first line is also `call` (bold). */
const classOf = (mark: LineMark) => (mark === "call" ? "current call" : mark);

/**
 * Whether line `k` is the `current` line a screen reader announces: the call's first line of the
 * excerpt shown only. A hidden excerpt keeps its lines' classes (it is not drawn), so a step that
 * comes back to it at the same line, as the frames of a loop go round its functions, changes none
 * of them.
 */
const isCurrent = (e: SourceExcerpt, active: boolean, k: number) =>
  active && e.first + k === e.line;

/** Per line, the class and whether it is current, as the list shows them. */
interface Shown {
  readonly cls: string[];
  readonly current: boolean[];
}

/** Write each line's marks where they differ from what it shows (`shown`, kept up to date). */
function markLines(ol: HTMLOListElement, e: SourceExcerpt, active: boolean, shown: Shown) {
  for (let k = 0; k < e.lines.length; k++) {
    const li = ol.children[k];
    if (!li) continue;
    const cls = classOf(markOf(e, e.first + k));
    if (cls !== shown.cls[k]) {
      shown.cls[k] = cls;
      if (cls) li.className = cls;
      else li.removeAttribute("class");
    }
    const current = isCurrent(e, active, k);
    if (current !== shown.current[k]) {
      shown.current[k] = current;
      if (current) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
    }
  }
}

/**
 * The function's numbered lines, marked as the excerpt they were built from marks them (what a
 * page rendered on the server shows). Built once per function: later marks are `markLines`'.
 */
const Lines = memo(
  function Lines({ excerpt, active }: { excerpt: SourceExcerpt; active: boolean }) {
    return (
      <>
        {excerpt.lines.map((text, k) => {
          const n = excerpt.first + k;
          return (
            <li
              key={n}
              className={classOf(markOf(excerpt, n)) || undefined}
              aria-current={isCurrent(excerpt, active, k) ? "step" : undefined}
              value={n}
            >
              <code>{text || " "}</code>
            </li>
          );
        })}
      </>
    );
  },
  // The same function's lines (an excerpt per line of it, each with its own copy of them).
  (a, b) =>
    a.excerpt.file === b.excerpt.file &&
    a.excerpt.first === b.excerpt.first &&
    a.excerpt.lines.length === b.excerpt.lines.length,
);
