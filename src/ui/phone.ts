/** The phone layout: one column of panels, the stepper fixed to the bottom (styles/narrow.css). */
export const ONE_COLUMN = "(max-width: 760px)";
