/**
 * A frame's sentence as text, its error codes kept whole: a line may break after a hyphen, and on
 * a projector "says -" / "EAGAIN" read as two words.
 */
const ERROR_CODE = /(-E[A-Z0-9]+)/;

export function NarrationText({ text }: { text: string }) {
  const parts = text.split(ERROR_CODE);
  if (parts.length === 1) return text;
  // split() with a capture group puts each code at an odd index.
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed sentence, in order
      <span key={i} className="error-code">
        {part}
      </span>
    ) : (
      part
    ),
  );
}
