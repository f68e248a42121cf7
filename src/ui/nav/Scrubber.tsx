/**
 * The full-width `Timeline` slider, with the event strip under it. Dragging asks the store for the
 * latest position only: input events that arrive faster than frames paint are coalesced into one
 * seek per animation frame, so a drag never queues more work than its last position needs.
 */
import { useEffect, useRef, useState } from "react";
import { selectCur, selectTotal, useApp, useRunStore } from "../app.ts";
import { EventStrip } from "./EventStrip.tsx";

export function Scrubber() {
  const run = useRunStore();
  const cur = useApp(selectCur);
  const total = useApp(selectTotal);
  const pending = useRef<number | null>(null);
  /** Where the thumb is while a seek is pending (the controlled value would pull it back). */
  const [drag, setDrag] = useState<number | null>(null);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  const onInput = (value: number) => {
    const first = pending.current === null;
    pending.current = value;
    setDrag(value);
    if (!first) return;
    raf.current = requestAnimationFrame(() => {
      const to = pending.current;
      pending.current = null;
      const s = run.getState();
      setDrag(null);
      if (to === null) return;
      if (s.playing) s.pause();
      s.goto(to);
    });
  };

  return (
    <div className="scrubber">
      <input
        type="range"
        aria-label="Timeline"
        aria-valuetext={`Frame ${drag ?? cur} of ${total}`}
        min={0}
        max={total}
        value={drag ?? cur}
        onChange={(e) => onInput(Number(e.currentTarget.value))}
      />
      <EventStrip />
    </div>
  );
}
