/** The nesting scan every JSON dialect runs before it parses (nhsa-json, fhir-r4). */

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `bytes` nest `{`/`[` deeper than `limit`, in one linear scan that stops as soon as they
 * do (100,000 `[` cost microseconds, never a stack overflow). Brackets in strings do not count;
 * UTF-8 continuation bytes are never ASCII, so scanning bytes is exact. A recursive parser can
 * only nest where this scan counted a bracket, so after it passes, the parser never goes deeper
 * than the limit, even on malformed input.
 */
export function exceedsJsonDepth(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return false;
}
