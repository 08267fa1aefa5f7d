/**
 * The boundary of every decode: whatever the bytes, only InvalidInputError leaves it. An
 * unexpected error (a codec bug) becomes a violation on `payload`, with the error as its cause.
 */
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";

/** Runs `decode`, turning any error other than InvalidInputError into one on `payload`. */
export function guardDecode<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (isInvalidInputError(err)) throw err;
    throw new InvalidInputError([{ field: "payload", description: "could not be decoded" }], { cause: err });
  }
}
