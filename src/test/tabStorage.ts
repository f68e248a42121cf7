/** sessionStorage as a tab keeps it across reloads: one Map that outlives the stores and pages. */
import type { KeptStorage } from "../ui/callsKept.ts";

export function tabStorage(): KeptStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}
