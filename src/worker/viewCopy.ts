/**
 * A view copied, and a view as plain data (for comparing two views in tests: PTE maps without
 * the empty per-pid maps a delete leaves, in order).
 */
import type { View } from "./protocol.ts";

export function copyView(v: View): View {
  return {
    pages: v.pages.slice(),
    slots: v.slots.slice(),
    counters: v.counters.slice(),
    ptes: new Map([...v.ptes].map(([pid, m]) => [pid, new Map(m)])),
    layout: v.layout,
  };
}

export function plainView(v: View) {
  const ptes = [...v.ptes]
    .map(([pid, m]) => [pid, [...m].sort((a, b) => a[0] - b[0])] as const)
    .filter(([, m]) => m.length > 0)
    .sort((a, b) => a[0] - b[0]);
  return {
    pages: [...v.pages],
    slots: [...v.slots],
    counters: [...v.counters],
    ptes,
    layout: v.layout,
  };
}
