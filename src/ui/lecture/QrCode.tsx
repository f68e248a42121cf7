/** A QR code of a URL (the current share link), drawn as SVG once the encoder has loaded. */
import { useEffect, useState } from "react";
import type { QrDrawing } from "./qr.ts";

export interface QrCodeProps {
  readonly url: string;
  /** Rendered width and height in CSS pixels. */
  readonly size?: number;
}

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
  return <QrSvg drawing={drawing} size={size} label={`QR code of ${url}`} />;
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
