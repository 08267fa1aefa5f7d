import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { isInvalidInputError } from "@tongxing/domain";
import { isNatsUnavailableError, NATS_RETRY_AFTER_MS } from "@tongxing/nats";
import { invalidArgumentError, unavailableError } from "@tongxing/proto/grpc";
import type { Logger } from "@tongxing/telemetry";
import { HubError } from "./hub-error.js";

/**
 * The one place an error becomes a gRPC status: field problems → INVALID_ARGUMENT with
 * google.rpc.BadRequest details; HubError → its code; anything else → INTERNAL with a generic
 * message (the original is logged, never shown).
 */
export function toStatus(err: unknown, log: Logger): Partial<ServiceError> {
  if (isInvalidInputError(err)) return invalidArgumentError(err.message, err.violations);
  if (err instanceof HubError) return { code: err.code, details: err.message };
  if (isNatsUnavailableError(err) || (isClaimStoreError(err) && err.code === ClaimStoreErrorCode.UNAVAILABLE)) {
    // Retryable as it was: every intake step is idempotent under the same idempotency key.
    // The retry hint travels as google.rpc.RetryInfo and as grpc-retry-pushback-ms.
    log.warn({ err }, "NATS unavailable; answered UNAVAILABLE");
    return unavailableError(`the hub's message store is unavailable; resend the same claim (same idempotency key) after ${NATS_RETRY_AFTER_MS / 1_000} s`, NATS_RETRY_AFTER_MS);
  }
  log.error({ err }, "internal error");
  return { code: GrpcStatus.INTERNAL, details: "internal error; the hub logged the cause" };
}
