import { PAGE_SIZE } from "../scenario/format.ts";
import { selectFocus, useApp } from "./app.ts";
import type { Focus } from "./selection.ts";

/** The current selection's linked targets (a new object only when they change). */
export function useFocus(): Focus {
  return useApp(selectFocus);
}

export const hex = (n: number) => `0x${n.toString(16)}`;
export const addrOfVpn = (vpn: number) => hex(vpn * PAGE_SIZE);
