/**
 * prettyJson - JSON as a person would write a scenario: a value that fits on one line within
 * `width` stays on it (`{ "cpus": [0], "frames": 64 }`), a longer one is broken one member a line.
 * The output parses back to the same value (JSON.parse(prettyJson(v)) deep-equals v).
 */
export function prettyJson(value: unknown, width = 96): string {
  return `${format(value, "", width)}\n`;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    if (members.length === 0) return "{}";
    return `{ ${members.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

/** `prefix`: characters before the value on its first line (a member's `"key": `). */
function format(value: unknown, indent: string, width: number, prefix = 0): string {
  const one = inline(value);
  if (indent.length + prefix + one.length <= width || value === null || typeof value !== "object") {
    return one;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + format(v, inner, width)).join(",\n")}\n${indent}]`;
  }
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  const lines = members.map(
    ([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner, width, k.length + 4)}`,
  );
  return `{\n${lines.join(",\n")}\n${indent}}`;
}
