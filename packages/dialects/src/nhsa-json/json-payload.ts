import { parse } from "lossless-json";
import { InvalidInputError } from "@tongxing/domain";
import { assertJsonDepth, MAX_NHSA_JSON_BYTES } from "./json-limits.js";
import { NumericText } from "./numeric-text.js";

// fatal: a malformed byte sequence is refused, not replaced with U+FFFD and passed on.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses JSON bytes after the cheap checks, in this order: size (≤ 1 MiB), UTF-8, nesting depth.
 * Numbers come back as {@link NumericText} (their source text), so no amount ever passes through
 * a float; duplicate keys with different values are refused. Every problem is an
 * InvalidInputError on `field`.
 */
export function parseJsonPayload(payload: Uint8Array, field = "payload"): unknown {
  if (payload.byteLength > MAX_NHSA_JSON_BYTES) {
    throw InvalidInputError.of(field, `is ${payload.byteLength} bytes; the limit is ${MAX_NHSA_JSON_BYTES} bytes (1 MiB)`);
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    throw InvalidInputError.of(field, "is not valid UTF-8");
  }
  assertJsonDepth(payload, field);
  try {
    return parse(text, null, (digits) => new NumericText(digits));
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 120) : "unreadable";
    throw new InvalidInputError([{ field, description: `is not valid JSON: ${why}` }], { cause: err });
  }
}
