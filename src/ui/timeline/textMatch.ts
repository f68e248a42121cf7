/**
 * The trace search's test of a text: a substring, except that a number typed is a whole number
 * of the text ("pfn 6" does not find "pfn 67", nor "67" find "167"), as pfns, slots and
 * addresses are words of the narration.
 */

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Does `hay` contain `needle` (both lower case), with any number at either end of it whole? */
export function containsWhole(hay: string, needle: string): boolean {
  const digitFirst = isDigit(needle.charCodeAt(0));
  const digitLast = isDigit(needle.charCodeAt(needle.length - 1));
  if (!digitFirst && !digitLast) return hay.includes(needle);
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    if (digitFirst && isDigit(hay.charCodeAt(at - 1))) continue;
    if (digitLast && isDigit(hay.charCodeAt(at + needle.length))) continue;
    return true;
  }
  return false;
}

/** Whether `containsWhole` can refuse a match that `includes` finds (a digit at an end). */
export const digitAtEnd = (needle: string): boolean =>
  isDigit(needle.charCodeAt(0)) || isDigit(needle.charCodeAt(needle.length - 1));
