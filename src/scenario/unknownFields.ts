/**
 * Fields a scenario names that no part of the format reads. The schema drops them (a scenario
 * from a newer lab still runs), so a misspelt field would change what runs without a word:
 * `"acess": "read"` leaves a touch a write. The validated copy keeps exactly the fields the format
 * knows, so any key of the input that it lacks is one nothing reads.
 */

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/** `steps[4].acess`-style paths of the input's keys that the validated `output` does not have. */
export function unknownFields(input: unknown, output: unknown, path = ""): string[] {
  if (Array.isArray(input) && Array.isArray(output)) {
    return input.flatMap((x, i) => unknownFields(x, output[i], `${path}[${i}]`));
  }
  if (!isObject(input) || !isObject(output)) return [];
  return Object.keys(input).flatMap((key) => {
    const at = path ? `${path}.${key}` : key;
    // Own keys only: `"constructor"` or `"toString"` are found `in` every object.
    return Object.hasOwn(output, key) ? unknownFields(input[key], output[key], at) : [at];
  });
}
