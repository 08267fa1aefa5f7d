import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { ClaimRecord, ClaimStatus } from "@tongxing/proto";

/** Why the claim store did not do what it was asked. */
export const ClaimStoreErrorCode = {
  /** No record under that claim id (nor a starting record to create one from). */
  NOT_FOUND: "NOT_FOUND",
  /** The record's current status does not allow the transition (a lost race, or a repeat). */
  REFUSED: "REFUSED",
  /** Every compare-and-set attempt found the record changed underneath; try again later. */
  CONTENDED: "CONTENDED",
  /** NATS did not answer (connection closed, timeout, no JetStream); try again later. */
  UNAVAILABLE: "UNAVAILABLE",
} as const;
export type ClaimStoreErrorCode = (typeof ClaimStoreErrorCode)[keyof typeof ClaimStoreErrorCode];

/** Whether a caller may simply try the same thing again later, per code. */
const RETRYABLE: Record<ClaimStoreErrorCode, boolean> = { NOT_FOUND: false, REFUSED: false, CONTENDED: true, UNAVAILABLE: true };

/** Structured fields of a {@link ClaimStoreError}. */
export interface ClaimStoreErrorFields {
  readonly claimId: string;
  /** REFUSED: the record as it stands (its status is why). */
  readonly current?: ClaimRecord;
  readonly cause?: unknown;
}

/**
 * The claim store's one error type. Retryability is data (`retryable`, `retryDelayMs`), so a
 * JetStream handler maps it to nak(delay) or done, and a gRPC route to UNAVAILABLE or
 * FAILED_PRECONDITION, without parsing messages.
 */
export class ClaimStoreError extends Error {
  override readonly name = "ClaimStoreError";
  readonly claimId: string;
  readonly retryable: boolean;
  /** A sensible wait before the retry, when `retryable`. */
  readonly retryDelayMs: number | undefined;
  /** REFUSED: the record as it stands. */
  readonly current: ClaimRecord | undefined;

  constructor(
    readonly code: ClaimStoreErrorCode,
    message: string,
    fields: ClaimStoreErrorFields,
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.claimId = fields.claimId;
    this.retryable = RETRYABLE[code];
    this.retryDelayMs = code === ClaimStoreErrorCode.CONTENDED ? 500 : code === ClaimStoreErrorCode.UNAVAILABLE ? 1_000 : undefined;
    this.current = fields.current;
  }

  /** REFUSED: the status the record is in. */
  get status(): ClaimStatus | undefined {
    return this.current?.status;
  }
}

export function isClaimStoreError(err: unknown, code?: ClaimStoreErrorCode): err is ClaimStoreError {
  return err instanceof ClaimStoreError && (code === undefined || err.code === code);
}

/** A KV write refused because the key's revision is not the one expected (a compare-and-set lost). */
export function isRevisionConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence || err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

/** Any other failure of a KV call, as the retryable UNAVAILABLE. */
export function unavailable(claimId: string, what: string, cause: unknown): ClaimStoreError {
  return cause instanceof ClaimStoreError ? cause : new ClaimStoreError(ClaimStoreErrorCode.UNAVAILABLE, `claim store unavailable (${what})`, { claimId, cause });
}
