/**
 * JSON text as the hub writes it: 2-space indentation, LF line ends, a final LF; numbers written
 * from their exact decimal text (LosslessNumber), never through a float.
 */
import { stringify } from "lossless-json";

const ENCODER = new TextEncoder();

/** The UTF-8 bytes of `value` as JSON text. */
export function toJsonBytes(value: unknown): Uint8Array {
  return ENCODER.encode(`${stringify(value, null, 2) ?? "null"}\n`);
}
