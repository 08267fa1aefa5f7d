/**
 * The boundary of every decode: whatever the bytes, only InvalidInputError leaves it. An
 * unexpected error (a codec bug) becomes a violation on `payload`, with the error as its cause.
 */
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";

/**
 * Runs `decode`, turning any error other than InvalidInputError into one on `payload` with
 * `description` (each dialect words it for its format). Every dialect's decoders go through it.
 */
export function guardDecode<T>(decode: () => T, description = "could not be decoded"): T {
  try {
    return decode();
  } catch (err) {
    if (isInvalidInputError(err)) throw err;
    throw new InvalidInputError([{ field: "payload", description }], { cause: err });
  }
}
