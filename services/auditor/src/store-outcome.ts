import { isClaimStoreError } from "@tongxing/claim-store";
import { ErrorKind, type AuditorMetrics } from "@tongxing/metrics";
import { Outcome, type MessageOutcome } from "@tongxing/nats";

/**
 * A claim-store error a JetStream message can wait out (contended record, NATS away) as the
 * message's retry; undefined for anything else, which the caller handles or throws.
 */
export function retryOutcomeOf(err: unknown, metrics: AuditorMetrics): MessageOutcome | undefined {
  if (!isClaimStoreError(err) || !err.retryable) return undefined;
  if (err.code === "CONTENDED") metrics.error(ErrorKind.RECORD_CONTENDED);
  return Outcome.retry(err.message, err.retryDelayMs);
}
