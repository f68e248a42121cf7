/**
 * The full-width `Timeline` slider, with the event strip under it. Dragging asks the store for the
 * latest position only: input events that arrive faster than frames paint are coalesced into one
 * seek per animation frame, so a drag never queues more work than its last position needs.
 */
import { useEffect, useLayoutEffect, useRef } from "react";
import { selectTotal, useApp, useRunStore } from "../app.ts";
import { useClientSize } from "../useClientSize.ts";
import { EventStrip } from "./EventStrip.tsx";

const valueText = (frame: number, total: number) => `Frame ${frame} of ${total}`;

export function Scrubber() {
  const run = useRunStore();
  const total = useApp(selectTotal);
  const input = useRef<HTMLInputElement>(null);
  /** Where the thumb was dragged to, until the next animation frame asks for it. */
  const pending = useRef<number | null>(null);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  /** The track's width: how far the thumb moves for a frame. */
  const track = useClientSize(input, "clientWidth", 0);

  // The thumb follows the frame outside React: a step writes the value and its words, where
  // re-rendering a controlled range input wrote five attributes (React resets its name and type).
  // Left alone while a drag waits for its animation frame; after that, written again when the
  // frame, the run's length or the run itself changes (a far seek answered later moves the frame).
  // The value itself is written only when the thumb would move a pixel, or while the slider has
  // the keyboard (its arrows step from the value; focusing it writes it too): setting a range
  // input's value costs a step 20-40 µs, and on the large machine a step moves the thumb about
  // 1/60 px. The words are always exact.
  // biome-ignore lint/correctness/useExhaustiveDependencies: total: written again once React has set the new max (the browser clamped a value above the old one)
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    let drawnAt = Number.NaN;
    const show = (cur: number, total: number) => {
      if (pending.current !== null) return;
      el.setAttribute("aria-valuetext", valueText(cur, total));
      const px = track > 0 && total > 0 ? Math.round((cur / total) * track) : cur;
      if (px === drawnAt && document.activeElement !== el) return;
      el.value = String(cur);
      drawnAt = px;
    };
    const s = run.getState();
    show(s.cur, s.total);
    return run.subscribe((s, prev) => {
      if (s.cur !== prev.cur || s.total !== prev.total || s.generation !== prev.generation)
        show(s.cur, s.total);
    });
  }, [run, total, track]);

  const onInput = (el: HTMLInputElement) => {
    const value = Number(el.value);
    el.setAttribute("aria-valuetext", valueText(value, run.getState().total));
    const first = pending.current === null;
    pending.current = value;
    if (!first) return;
    raf.current = requestAnimationFrame(() => {
      const to = pending.current;
      pending.current = null;
      const s = run.getState();
      if (to === null) return;
      if (s.playing) s.pause();
      s.goto(to);
    });
  };

  return (
    <div className="scrubber">
      <input
        ref={input}
        type="range"
        aria-label="Timeline"
        min={0}
        max={total}
        defaultValue={0}
        onFocus={(e) => {
          if (pending.current === null) e.currentTarget.value = String(run.getState().cur);
        }}
        onChange={(e) => onInput(e.currentTarget)}
      />
      <EventStrip />
    </div>
  );
}
