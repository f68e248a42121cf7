/**
 * Frames of RGBA pixels to an animated GIF (gifenc). Pure: the export menu captures the frames,
 * this encodes them, and a node test checks the bytes. Imported lazily (the encoder is not small).
 */
import { applyPalette, GIFEncoder, quantize } from "gifenc";

export interface RgbaFrame {
  readonly width: number;
  readonly height: number;
  /** width * height * 4 bytes, row by row. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** An animated GIF, one image per frame, each shown `delayMs`, looping forever. */
export function encodeGif(frames: readonly RgbaFrame[], delayMs: number): Uint8Array {
  const first = frames[0];
  if (!first) throw new Error("a GIF needs at least one frame");
  const gif = GIFEncoder();
  for (const f of frames) {
    if (f.width !== first.width || f.height !== first.height)
      throw new Error(
        `frames differ in size: ${f.width}x${f.height} after ${first.width}x${first.height}`,
      );
    if (f.data.length !== f.width * f.height * 4)
      throw new Error(`a ${f.width}x${f.height} frame needs ${f.width * f.height * 4} bytes`);
    // One palette per frame: the app's few flat colours fit 256 without dithering.
    const palette = quantize(f.data, 256);
    gif.writeFrame(applyPalette(f.data, palette), f.width, f.height, {
      palette,
      delay: delayMs,
      repeat: 0,
    });
  }
  gif.finish();
  return gif.bytes();
}
