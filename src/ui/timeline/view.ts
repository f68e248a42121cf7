/** The view state at frame 0, built from the worker's init message, and its sizes. */
import { PAGE_COLS, SLOT_COLS, type View } from "../../worker/viewState.ts";

export { initialView } from "../../worker/viewCopy.ts";

export const pageCount = (v: View) => v.pages.length / PAGE_COLS;
export const slotCount = (v: View) => v.slots.length / SLOT_COLS;
