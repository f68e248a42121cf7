/**
 * A prefix for the ids a panel gives its heading (aria-labelledby) or its SVG markers: "" in the
 * app, one per side in the compare view, where the same panels appear twice. Duplicate ids named
 * both columns' regions after side A's headings.
 */
import { createContext, useContext } from "react";

export const IdPrefix = createContext("");

export const useIdPrefix = (): string => useContext(IdPrefix);
