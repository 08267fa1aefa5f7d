import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import { publishResult } from "../publish-result.js";
import { recordSettlement } from "../record-settlement.js";
import type { SettleDeps } from "../settle-deps.js";
import { DecisionFaultPoint } from "./decision-fault-point.js";

/**
 * The steps after a regulator's decision is recorded, each idempotent so that a repeat (a
 * retried decision, the restarted auditor's sweep) simply redoes what is left:
 * APPROVED → the ledger entry (exactly once: its subject must be empty) and the person's history
 * → SETTLED (compare-and-set; a record found SETTLED already is taken as it is) → the result to
 * the submitter (deduplicated per claim and status) → off the review index. A REJECTED record
 * needs only the result and the index.
 */
export async function finishDecision(deps: SettleDeps, decided: ClaimRecord): Promise<ClaimRecord> {
  let record = decided;
  const claimId = record.claimId;
  const traceId = record.events[0]?.traceId ?? "";
  if (record.status === ClaimStatus.APPROVED) {
    await recordSettlement(deps, record);
    deps.faultPoint?.(DecisionFaultPoint.AFTER_LEDGER);
    try {
      const settled = await deps.store.transition(claimId, AllowedFrom.REVIEW_SETTLEMENT, (current) => ({
        to: ClaimStatus.SETTLED,
        events: [claimEvent(claimId, ClaimStatus.SETTLED, traceId, Actor.REGULATOR, current.adjudication?.setlId ?? "")],
      }));
      record = settled.record;
    } catch (err) {
      // Another finisher (the sweep, a retried decision) settled it first.
      if (!isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) || err.current?.status !== ClaimStatus.SETTLED) throw err;
      record = err.current;
    }
    deps.faultPoint?.(DecisionFaultPoint.AFTER_FINAL);
  } else if (record.status === ClaimStatus.SETTLED) {
    // A repeat after the settlement: its index writes may have been cut short by a crash.
    await deps.store.repairIndexes(record);
  }
  if (record.status === ClaimStatus.HELD) return record;
  if (record.status !== ClaimStatus.SETTLED && record.status !== ClaimStatus.REJECTED) {
    // Moved on since (a cancel of the settlement): its answer went out; only the index is left.
    await deps.store.closeReview(claimId);
    return record;
  }
  if (record.claim !== undefined) await publishResult(deps.js, record, record.claim, traceId);
  deps.faultPoint?.(DecisionFaultPoint.AFTER_RESULT);
  await deps.store.closeReview(claimId);
  return record;
}
