import { create } from "@bufbuild/protobuf";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { ClaimStatus, ReviewDecisionSchema, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { decideHeldReversal } from "../reversals/decide-held-reversal.js";
import { reversalDecisionOf } from "../reversals/reversal-decision-of.js";
import type { SettleDeps } from "../settle-deps.js";
import { ReviewError, type ReviewInput } from "./review-error.js";
import { finishDecision } from "./finish-decision.js";
import { DecisionFaultPoint } from "./decision-fault-point.js";

export { ReviewError } from "./review-error.js";
export type { ReviewInput } from "./review-error.js";

/**
 * Decides a held claim in resumable steps: the record first moves HELD → APPROVED (or REJECTED)
 * carrying the decision (who, outcome, reason, when), by the claim store's compare-and-set, so a
 * claim is decided once even if two regulators click at once; then {@link finishDecision} posts
 * an approval's ledger entry (once, by its subject), marks it SETTLED, publishes the result and
 * takes the claim off the review index. A crash between steps leaves the record APPROVED or the
 * index in place, and a restarted auditor's sweep finishes it. The same decision asked again (a
 * retry after a timeout or a crash) finishes and answers the same outcome; a different one is 409.
 * A held reversal (REVERSAL_HELD) is decided by {@link decideHeldReversal}.
 */
export async function decideHeldClaim(deps: SettleDeps, input: ReviewInput): Promise<ClaimRecord> {
  // A reversal its insured platform refused is decided by its own steps (reversals/), and so is
  // a repeat of such a decision.
  const current = (await deps.store.read(input.claimId).catch(() => undefined))?.record;
  if (current !== undefined && (current.status === ClaimStatus.REVERSAL_HELD || reversalDecisionOf(current) !== undefined)) return decideHeldReversal(deps, input, current);
  let taken: ClaimRecord;
  try {
    const done = await deps.store.transition(input.claimId, AllowedFrom.REVIEW, (record) => {
      const traceId = record.events[0]?.traceId ?? "";
      const who = `${input.reviewer}: ${input.reason}`.slice(0, 500);
      return {
        to: input.approve ? ClaimStatus.APPROVED : ClaimStatus.REJECTED,
        events: [claimEvent(input.claimId, input.approve ? ClaimStatus.APPROVED : ClaimStatus.REJECTED, traceId, Actor.REGULATOR, who)],
        set: {
          review: create(ReviewDecisionSchema, {
            reviewer: input.reviewer,
            outcome: input.approve ? VerdictOutcome.APPROVE : VerdictOutcome.REJECT,
            reason: input.reason,
            decidedAt: new Date().toISOString().replace("T", " ").slice(0, 23),
          }),
        },
      };
    });
    taken = done.record;
  } catch (err) {
    if (isClaimStoreError(err, ClaimStoreErrorCode.NOT_FOUND)) throw new ReviewError(404, `claim ${input.claimId} not found`, { cause: err });
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED)) {
      const current = err.current;
      if (current !== undefined && isSameDecision(current, input.approve)) return finish(deps, current, input);
      throw new ReviewError(409, `claim ${input.claimId} is ${statusName(err.status ?? ClaimStatus.UNSPECIFIED)}, not held for review`, { cause: err });
    }
    if (isClaimStoreError(err) && err.retryable) throw new ReviewError(503, "the claim record is busy or the store unreachable; try again", { cause: err });
    throw err;
  }
  deps.faultPoint?.(DecisionFaultPoint.AFTER_RECORD);
  const next = await finish(deps, taken, input);
  deps.log.info({ claim_id: input.claimId, reviewer: input.reviewer, status: statusName(next.status) }, "held claim decided by a regulator");
  return next;
}

/** Whether a decided record already carries this outcome (a repeat of the decision, not a second one). */
export function isSameDecision(record: ClaimRecord, approve: boolean): boolean {
  const outcome = record.review?.outcome;
  if (approve) return outcome === VerdictOutcome.APPROVE && (record.status === ClaimStatus.APPROVED || record.status === ClaimStatus.SETTLED);
  return outcome === VerdictOutcome.REJECT && record.status === ClaimStatus.REJECTED;
}

async function finish(deps: SettleDeps, record: ClaimRecord, input: ReviewInput): Promise<ClaimRecord> {
  try {
    return await finishDecision(deps, record);
  } catch (err) {
    deps.log.warn({ err, claim_id: input.claimId }, "finishing a decision failed; the sweep completes it");
    throw new ReviewError(503, "the decision is taken; finishing it failed for now and will be completed (retry to see it)", { cause: err });
  }
}
