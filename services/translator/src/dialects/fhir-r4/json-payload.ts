/**
 * The checks a payload passes before and while it is parsed (spec §1): size, strict UTF-8,
 * nesting depth by a linear scan of the bytes, then JSON with numbers kept as text.
 */
import { LosslessNumber, parse } from "lossless-json";
import { InvalidInputError } from "@tongxing/domain";
import type { FhirR4Limits } from "./mapping-types.js";

// fatal: a malformed byte sequence is refused, not replaced with U+FFFD and passed on.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of `{`/`[` in `bytes`, stopping as soon as it exceeds `limit`. Brackets in
 * strings do not count; UTF-8 continuation bytes are never ASCII, so scanning bytes is exact. The
 * parser can only nest where this scan counted a bracket, so it never recurses deeper.
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

/**
 * Parses a payload as JSON after the cheap checks; numbers come back as LosslessNumber (their
 * source text). Every problem is an InvalidInputError on `payload`.
 */
export function parseJsonPayload(payload: Uint8Array, limits: FhirR4Limits): unknown {
  if (payload.byteLength === 0) throw InvalidInputError.of("payload", "is empty");
  if (payload.byteLength > limits.maxPayloadBytes) {
    throw InvalidInputError.of("payload", `is ${payload.byteLength} bytes; at most ${limits.maxPayloadBytes} (1 MiB) are accepted`);
  }
  let text: string;
  try {
    // The decoder drops a leading byte-order mark.
    text = UTF8.decode(payload);
  } catch (err) {
    throw new InvalidInputError([{ field: "payload", description: "is not valid UTF-8" }], { cause: err });
  }
  if (exceedsJsonDepth(payload, limits.maxDepth)) {
    throw InvalidInputError.of("payload", `JSON is nested deeper than ${limits.maxDepth} levels (the limit)`);
  }
  try {
    return parse(text, null, (digits) => new LosslessNumber(digits));
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 160) : "unreadable";
    throw new InvalidInputError([{ field: "payload", description: `is not valid JSON: ${why}` }], { cause: err });
  }
}
