import { InvalidInputError } from "@tongxing/domain";

/** Largest message this dialect parses (the gateway's own limit may be lower). */
export const MAX_NHSA_JSON_BYTES = 1024 * 1024;

/** Deepest nesting accepted in a JSON message (a settle message needs 4: root, input, feedetail, line). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Rejects JSON nested deeper than {@link MAX_JSON_DEPTH} with one linear scan of the bytes,
 * before the recursive parser sees it (100,000 `[` must cost microseconds, not a stack overflow).
 * Brackets inside strings do not count; UTF-8 continuation bytes are never ASCII, so scanning
 * bytes is exact. The parser can only nest where this scan counted a bracket, so it never goes
 * deeper than the limit even on malformed input.
 */
export function assertJsonDepth(bytes: Uint8Array, field = "payload"): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
      continue;
    }
    if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > MAX_JSON_DEPTH) throw InvalidInputError.of(field, `JSON is nested deeper than ${MAX_JSON_DEPTH} levels (the limit)`);
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
}
