import { describe, expect, it } from "vitest";
import { encodeGif, type RgbaFrame } from "./gif.ts";

function solid(width: number, height: number, rgb: [number, number, number]): RgbaFrame {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

const ascii = (b: Uint8Array, from: number, n: number) =>
  String.fromCharCode(...b.subarray(from, from + n));

describe("encodeGif", () => {
  it("writes a looping GIF89a of the frames' size, one image per frame", () => {
    const bytes = encodeGif(
      [solid(8, 6, [255, 0, 0]), solid(8, 6, [0, 0, 255]), solid(8, 6, [0, 0, 0])],
      500,
    );
    expect(ascii(bytes, 0, 6)).toBe("GIF89a");
    expect((bytes[6] as number) | ((bytes[7] as number) << 8)).toBe(8);
    expect((bytes[8] as number) | ((bytes[9] as number) << 8)).toBe(6);
    // Image descriptors (0x2c) after graphic-control blocks (0x21 0xf9): one per frame.
    let images = 0;
    for (let i = 0; i + 1 < bytes.length; i++)
      if (bytes[i] === 0x21 && bytes[i + 1] === 0xf9 && bytes[i + 8] === 0x2c) images++;
    expect(images).toBe(3);
    expect(ascii(bytes, 0, bytes.length)).toContain("NETSCAPE2.0");
    expect(bytes[bytes.length - 1]).toBe(0x3b);
  });

  it("refuses frames that do not fit", () => {
    expect(() => encodeGif([], 100)).toThrow(/at least one frame/);
    expect(() => encodeGif([solid(4, 4, [0, 0, 0]), solid(5, 4, [0, 0, 0])], 100)).toThrow(
      /differ in size/,
    );
    expect(() => encodeGif([{ width: 4, height: 4, data: new Uint8Array(3) }], 100)).toThrow(
      /needs 64 bytes/,
    );
  });
});
