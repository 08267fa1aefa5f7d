import { InvalidInputError } from "@tongxing/domain";
import { exceedsJsonDepth } from "../json-nesting.js";

/** Largest message this dialect parses (the gateway's own limit may be lower). */
export const MAX_NHSA_JSON_BYTES = 1024 * 1024;

/** Deepest nesting accepted in a JSON message (a settle message needs 4: root, input, feedetail, line). */
export const MAX_JSON_DEPTH = 32;

/**
 * Rejects JSON nested deeper than {@link MAX_JSON_DEPTH} before the recursive parser sees it
 * (see {@link exceedsJsonDepth}).
 */
export function assertJsonDepth(bytes: Uint8Array, field = "payload"): void {
  if (exceedsJsonDepth(bytes, MAX_JSON_DEPTH)) throw InvalidInputError.of(field, `JSON is nested deeper than ${MAX_JSON_DEPTH} levels (the limit)`);
}
