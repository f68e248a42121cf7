/** Form controls that carry their own label and error message (for getByLabel and screen readers). */
import type { ReactNode } from "react";

/** A labelled control with its error message wired up (aria-invalid + aria-describedby). */
export function FieldBox(p: {
  id: string;
  label: string;
  error: string | undefined;
  children: (a: object) => ReactNode;
}) {
  const errId = `${p.id}-error`;
  const aria = p.error
    ? { "aria-invalid": true, "aria-describedby": errId, id: p.id }
    : { id: p.id };
  return (
    <div className={`field${p.error ? " invalid" : ""}`}>
      <label htmlFor={p.id}>{p.label}</label>
      {p.children(aria)}
      {p.error && (
        <p id={errId} role="alert" className="field-error">
          {p.error}
        </p>
      )}
    </div>
  );
}

export function Checks(p: {
  legend: string;
  names: string[];
  values: string[];
  error: string | undefined;
  onChange: (v: string[]) => void;
  labels?: string[];
}) {
  const errId = `${p.legend.replace(/\W+/g, "-")}-error`;
  return (
    <fieldset
      className={`checks${p.error ? " invalid" : ""}`}
      aria-describedby={p.error ? errId : undefined}
    >
      <legend>{p.legend}</legend>
      {p.names.map((n, i) => (
        <label key={n}>
          <input
            type="checkbox"
            checked={p.values.includes(n)}
            aria-invalid={p.error ? true : undefined}
            onChange={(e) =>
              p.onChange(
                e.currentTarget.checked ? [...p.values, n] : p.values.filter((x) => x !== n),
              )
            }
          />
          {p.labels?.[i] ?? n}
        </label>
      ))}
      {p.error && (
        <p id={errId} role="alert" className="field-error">
          {p.error}
        </p>
      )}
    </fieldset>
  );
}
