import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { ClaimStatus, LedgerEntryKind, type ClaimRecord } from "@tongxing/proto";
import { postLedgerEntry } from "../ledger/post-ledger-entry.js";
import { publishResult } from "../publish-result.js";
import { fundIncludesAcct, interimNetting } from "../record-settlement.js";
import { DecisionFaultPoint } from "../review/decision-fault-point.js";
import type { SettleDeps } from "../settle-deps.js";
import { reversalDecisionOf } from "./reversal-decision-of.js";

/**
 * The steps after a regulator's decision on a held reversal is recorded, each idempotent so a
 * repeat (a retried decision, the restarted auditor's decision sweep) redoes only what is left.
 * Approved (CANCEL_REQUESTED, carrying the decision): the exact negation to the ledger (once,
 * ever: its subject must be empty) → CANCELLED (compare-and-set; found CANCELLED already is taken
 * as it is) → the result to the submitter (deduplicated per claim and status) → off the review
 * index. Rejected (SETTLED): the result → off the index. A record moved on since (the settlement
 * that stood cancelled later) needs only the index.
 */
export async function finishReversalDecision(deps: SettleDeps, decided: ClaimRecord): Promise<ClaimRecord> {
  let record = decided;
  const claimId = record.claimId;
  const traceId = record.events[0]?.traceId ?? "";
  const decision = reversalDecisionOf(record);
  if (decision === undefined) throw new Error(`claim ${claimId} carries no regulator's decision on a held reversal`);
  if (!decision.current) {
    await deps.store.closeReview(claimId);
    return record;
  }
  if (record.status === ClaimStatus.CANCEL_REQUESTED) {
    const includesAcct = fundIncludesAcct(deps, record);
    await postLedgerEntry(deps.js, record, LedgerEntryKind.REVERSAL, includesAcct, await interimNetting(deps, record, includesAcct));
    deps.faultPoint?.(DecisionFaultPoint.AFTER_LEDGER);
    try {
      const done = await deps.store.transition(claimId, AllowedFrom.REVERSAL, (current) => ({
        to: ClaimStatus.CANCELLED,
        events: [claimEvent(claimId, ClaimStatus.CANCELLED, traceId, Actor.REGULATOR, `${current.review?.reviewer ?? "regulator"}: reversal approved; the settlement is negated on the ledger`.slice(0, 500))],
      }));
      record = done.record;
    } catch (err) {
      // Another finisher (the sweep, a retried decision) cancelled it first.
      if (!isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) || err.current?.status !== ClaimStatus.CANCELLED) throw err;
      record = err.current;
    }
    deps.faultPoint?.(DecisionFaultPoint.AFTER_FINAL);
  } else {
    // A repeat after the final status: its index writes may have been cut short by a crash.
    await deps.store.repairIndexes(record);
  }
  if (record.claim !== undefined) await publishResult(deps, record, record.claim, traceId);
  deps.faultPoint?.(DecisionFaultPoint.AFTER_RESULT);
  await deps.store.closeReview(claimId);
  return record;
}
