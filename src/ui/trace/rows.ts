/**
 * What the trace list writes onto its rows outside React, and its keys. Rows are recycled by slot
 * (TracePanel), so a row element shows frame after frame: the current row's marks are written
 * onto whichever row shows the current frame, at every render, and re-rendering no row.
 */

/** Frame `f`'s row button, if it is drawn. */
const rowButton = (root: Element, f: number) =>
  root.querySelector<HTMLElement>(`button[data-f="${f}"]`);

/** The row marked current and the Tab stop, per list: a step moves them, and reads no other row. */
interface Marks {
  current: Element | null;
  stop: HTMLElement | null;
}
const marksOf = new WeakMap<HTMLOListElement, Marks>();
function marks(ol: HTMLOListElement): Marks {
  let m = marksOf.get(ol);
  if (!m) {
    m = { current: null, stop: null };
    marksOf.set(ol, m);
  }
  return m;
}

/**
 * Puts `aria-current="step"` on the row of frame `cur` and on no other, and keeps the list one Tab
 * stop (`holdTabStop`): the row holding the focus, else the current frame's row, else the first
 * row in view (its top at or below `viewTop`, the list's scrollTop). Tab passes the list in one
 * press, where it walked a row at a time through every frame of the run, each row it focused
 * scrolling the next one in. The arrows move between rows (`rowKeyTarget`). Only the rows marked
 * before and now are written: going over every row at each step cost 60 µs.
 */
export function markCurrentRow(ol: HTMLOListElement | null, cur: number, viewTop: number): void {
  if (!ol) return;
  const m = marks(ol);
  const button = rowButton(ol, cur);
  const li = button?.parentElement ?? null;
  if (m.current !== li) {
    m.current?.removeAttribute("aria-current");
    li?.setAttribute("aria-current", "step");
    m.current = li;
  }
  const focused = document.activeElement;
  const holding = focused instanceof HTMLElement && focused.parentElement?.parentElement === ol;
  holdTabStop(ol, holding ? focused : (button ?? firstInView(ol, viewTop)));
}

/** The button of the first row whose top is at or below `viewTop` (inline tops: no layout). */
function firstInView(ol: HTMLOListElement, viewTop: number): HTMLElement | null {
  let best: HTMLElement | null = null;
  let bestTop = Number.POSITIVE_INFINITY;
  for (const li of ol.children) {
    const top = Number.parseFloat((li as HTMLElement).style.top);
    if (top >= viewTop && top < bestTop) {
      bestTop = top;
      best = li.firstElementChild as HTMLElement | null;
    }
  }
  return best;
}

/** Makes `button` (a row's) the list's one Tab stop, in place of the last one. */
export function holdTabStop(ol: HTMLOListElement, button: HTMLElement | null): void {
  const m = marks(ol);
  if (m.stop === button) return;
  if (m.stop) m.stop.tabIndex = -1;
  if (button) button.tabIndex = 0;
  m.stop = button;
}

/**
 * A row whose button holds the keyboard focus and now shows another frame than the one focused
 * (rows are recycled by slot) gives the focus to the current frame's row, where the move went (or
 * to the list, if that row is not drawn): Enter never goes to a frame the user did not choose.
 * So does a focused row that was removed (`lost`: its slot is not drawn any more), whose focus the
 * browser dropped to the page.
 */
export function keepFocusOnItsFrame(
  list: HTMLElement | null,
  frame: number | undefined,
  lost = false,
): void {
  const now = document.activeElement;
  if (!list) return;
  const dropped = lost && (now === null || now === document.body);
  if (!dropped) {
    if (!(now instanceof HTMLElement) || now === list || !list.contains(now)) return;
    if (now.dataset.f === String(frame)) return;
  }
  const current = list.querySelector<HTMLElement>("li[aria-current] button");
  (current ?? list).focus({ preventScroll: true });
}

/**
 * ↑ / ↓ on a row: the frame whose row should take the focus (the one before / after `from`, the
 * frame last moved to, within 1 to `total`), the key's default (scrolling) prevented; null when
 * the key is not the list's. The panel scrolls the list, never the page, to that row.
 */
export function rowKeyTarget(e: KeyboardEvent, from: number | null, total: number): number | null {
  if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return null;
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || from === null) return null;
  e.preventDefault();
  return Math.min(total, Math.max(1, from + (e.key === "ArrowDown" ? 1 : -1)));
}

/** The frame of the row button `el` is in, or null. */
export function rowFrame(el: EventTarget | null): number | null {
  const button = el instanceof Element ? el.closest<HTMLElement>("button[data-f]") : null;
  return button ? Number(button.dataset.f) : null;
}

/** Focuses frame `f`'s row if it is drawn (without scrolling anything); whether it was. */
export function focusRow(list: HTMLElement, f: number): boolean {
  const row = rowButton(list, f);
  row?.focus({ preventScroll: true });
  return row !== null;
}
