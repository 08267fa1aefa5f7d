// How the auditor turns a claim-store error into a JetStream message outcome (one place).
import assert from "node:assert/strict";
import { test } from "node:test";
import { ClaimStoreError, ClaimStoreErrorCode } from "@tongxing/claim-store";
import { createAuditorMetrics, createServiceRegistry, ErrorKind, type AuditorMetrics } from "@tongxing/metrics";
import { create } from "@bufbuild/protobuf";
import { ClaimRecordSchema, ClaimStatus } from "@tongxing/proto";
import { retryOutcomeOf } from "./store-outcome.js";

function countingMetrics(): { metrics: AuditorMetrics; errors: ErrorKind[] } {
  const errors: ErrorKind[] = [];
  const real = createAuditorMetrics(createServiceRegistry());
  return { metrics: { ...real, error: (kind) => void errors.push(kind) }, errors };
}

test("a contended record or an absent NATS becomes the message's retry, with the error's delay", () => {
  const { metrics, errors } = countingMetrics();
  const contended = retryOutcomeOf(new ClaimStoreError(ClaimStoreErrorCode.CONTENDED, "busy", { claimId: "C1" }), metrics);
  assert.deepEqual(contended, { kind: "retry", delayMs: 500, reason: "busy" });
  assert.deepEqual(errors, [ErrorKind.RECORD_CONTENDED]);
  const away = retryOutcomeOf(new ClaimStoreError(ClaimStoreErrorCode.UNAVAILABLE, "away", { claimId: "C1", cause: new Error("closed") }), metrics);
  assert.deepEqual(away, { kind: "retry", delayMs: 1_000, reason: "away" });
  assert.equal(errors.length, 1, "only contention is counted as such");
});

test("a refusal, a missing record or any other error is not a retry", () => {
  const { metrics } = countingMetrics();
  const current = create(ClaimRecordSchema, { claimId: "C1", status: ClaimStatus.SETTLED });
  assert.equal(retryOutcomeOf(new ClaimStoreError(ClaimStoreErrorCode.REFUSED, "settled", { claimId: "C1", current }), metrics), undefined);
  assert.equal(retryOutcomeOf(new ClaimStoreError(ClaimStoreErrorCode.NOT_FOUND, "none", { claimId: "C1" }), metrics), undefined);
  assert.equal(retryOutcomeOf(new Error("bug"), metrics), undefined);
});
