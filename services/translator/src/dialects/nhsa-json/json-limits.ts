import { InvalidInputError } from "@tongxing/domain";

/** Deepest nesting accepted in a JSON message (national messages need 4). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Rejects JSON nested deeper than {@link MAX_JSON_DEPTH} with one linear scan of the bytes,
 * before any recursive parser sees it (100,000 `[` must cost microseconds, not a stack overflow).
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
      if (depth > MAX_JSON_DEPTH) throw InvalidInputError.of(field, `JSON is nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
}
