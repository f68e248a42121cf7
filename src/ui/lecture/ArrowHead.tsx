/** The arrowhead an overlay's arrows end in (`markerEnd="url(#id)"`), styled by `className`. */
export function ArrowHead({ id, className }: { id: string; className: string }) {
  return (
    <marker
      id={id}
      viewBox="0 0 10 10"
      refX="8"
      refY="5"
      markerWidth="5"
      markerHeight="5"
      orient="auto-start-reverse"
    >
      <path d="M0 0L10 5L0 10z" className={className} />
    </marker>
  );
}
