/**
 * The checks a payload passes before and while it is parsed (spec §1): size, strict UTF-8,
 * nesting depth by a linear scan of the bytes, then JSON with numbers kept as text.
 */
import { LosslessNumber, parse } from "lossless-json";
import { InvalidInputError } from "@tongxing/domain";
import { exceedsJsonDepth } from "../json-nesting.js";
import type { FhirR4Limits } from "./mapping-types.js";

// fatal: a malformed byte sequence is refused, not replaced with U+FFFD and passed on.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses a payload as JSON after the cheap checks; numbers come back as LosslessNumber (their
 * source text). Every problem is an InvalidInputError on `payload`.
 */
export function parseJsonPayload(payload: Uint8Array, limits: FhirR4Limits): unknown {
  if (payload.byteLength === 0) throw InvalidInputError.of("payload", "is empty");
  if (payload.byteLength > limits.maxPayloadBytes) {
    throw InvalidInputError.of("payload", `is ${payload.byteLength} bytes; at most ${limits.maxPayloadBytes} are accepted`);
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
