/** A QR code of a URL (the current share link), drawn as SVG once the encoder has loaded. */
import { useEffect, useState } from "react";
import type { QrDrawing } from "./qr.ts";

export interface QrCodeProps {
  readonly url: string;
  /** Rendered width and height in CSS pixels, at least (a dense code is drawn larger). */
  readonly size?: number;
}

/**
 * CSS pixels per module at least: a long scenario link makes a code of up to 185 modules, which
 * at 280 px had 1.5 px modules that a phone could not read off a projected screen. Three fit the
 * largest code in 555 px, under the header of a 1280x720 screen.
 */
const MIN_MODULE_PX = 3;

export function QrCode({ url, size = 240 }: QrCodeProps) {
  const [drawing, setDrawing] = useState<QrDrawing | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setDrawing(null);
    setError(null);
    import("./qr.ts")
      .then(({ qrDrawing }) => live && setDrawing(qrDrawing(url)))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [url]);
  if (error) return <p className="qr-error">{error}</p>;
  if (!drawing) return <p className="qr-loading">Drawing the QR code…</p>;
  const drawn = Math.max(size, drawing.size * MIN_MODULE_PX);
  return <QrSvg drawing={drawing} size={drawn} label={`QR code of ${url}`} />;
}

export function QrSvg({
  drawing,
  size,
  label,
}: {
  drawing: QrDrawing;
  size: number;
  label: string;
}) {
  return (
    <svg
      className="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${drawing.size} ${drawing.size}`}
      shapeRendering="crispEdges"
    >
      <rect width={drawing.size} height={drawing.size} fill="#fff" />
      <path d={drawing.path} fill="#000" />
    </svg>
  );
}
