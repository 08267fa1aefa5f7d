/**
 * Input errors that name the offending field. The gRPC edge turns them into INVALID_ARGUMENT
 * with google.rpc.BadRequest field violations; nothing else in the hub needs to know gRPC.
 */

/** One field and what is wrong with it. `field` is a dotted path into the submitted message. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** A message the hub refuses because of its content. Carries every violation found. */
export class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  readonly violations: readonly FieldViolation[];

  constructor(violations: readonly FieldViolation[], options?: { cause?: unknown }) {
    const first = violations[0];
    const summary = first === undefined ? "invalid input" : `${first.field}: ${first.description}`;
    const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : "";
    super(summary + more, options);
    this.violations = violations;
  }

  /** Shorthand for a single violation. */
  static of(field: string, description: string): InvalidInputError {
    return new InvalidInputError([{ field, description }]);
  }
}

export function isInvalidInputError(err: unknown): err is InvalidInputError {
  return err instanceof InvalidInputError;
}
