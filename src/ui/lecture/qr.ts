/**
 * A QR code as one SVG path (uqr encodes; this draws), so students in the room can open the
 * frame on screen. Imported lazily by QrCode.tsx.
 */
import { encode } from "uqr";

/** Modules of white around the code, as the QR standard asks for a reader to find it. */
export const QUIET_ZONE = 4;

export interface QrDrawing {
  /** Modules per side, quiet zone included (the SVG's viewBox). */
  readonly size: number;
  /** One unit square per dark module. */
  readonly path: string;
}

/** The code of `text`, or an error a lecturer can act on (a scenario too long for one code). */
export function qrDrawing(text: string): QrDrawing {
  let data: boolean[][];
  try {
    // Low error correction leaves room for the longest share links; a projector is not a scratch.
    data = encode(text, { ecc: "L", border: 0 }).data;
  } catch {
    // The encoder's own message ("Data too long") says no more than this.
    throw new Error(
      `This link (${text.length.toLocaleString("en")} characters) is too long for a QR code: share a lesson, or a shorter scenario.`,
    );
  }
  const parts: string[] = [];
  data.forEach((row, y) => {
    row.forEach((dark, x) => {
      if (dark) parts.push(`M${x + QUIET_ZONE} ${y + QUIET_ZONE}h1v1h-1z`);
    });
  });
  return { size: data.length + 2 * QUIET_ZONE, path: parts.join("") };
}
