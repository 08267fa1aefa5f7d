import { create } from "@bufbuild/protobuf";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { ClaimStatus, LedgerEntryKind, ReviewDecisionSchema, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { Streams } from "@tongxing/nats";
import { ledgerSubjectOf } from "../ledger/post-ledger-entry.js";
import { DecisionFaultPoint } from "../review/decision-fault-point.js";
import { ReviewError, type ReviewInput } from "../review/review-error.js";
import type { SettleDeps } from "../settle-deps.js";
import { finishReversalDecision } from "./finish-reversal-decision.js";
import { reversalDecisionOf } from "./reversal-decision-of.js";

/**
 * A regulator's decision on a reversal the insured platform refused (REVERSAL_HELD), in
 * resumable steps with the record's status as the state. The decision is recorded first, by
 * compare-and-set (so it is taken once even if two regulators click at once): approve →
 * CANCEL_REQUESTED, reject → SETTLED (the settlement stands, nothing is posted), each carrying who,
 * why and when. Then {@link finishReversalDecision} posts an approval's negation, marks it
 * CANCELLED, answers the submitter and takes the claim off the review index; a crash between
 * steps is finished by the restarted auditor's decision sweep, or by the same decision asked
 * again, which answers the same outcome (a different one is 409).
 * A rejection that finds the negation already on the ledger (an approval by an auditor that
 * posted before recording the decision, and crashed in between) is refused with 409: the money
 * has moved, so the approval is finished instead, and the ledger never keeps a negation of a
 * settlement that stands.
 */
export async function decideHeldReversal(deps: SettleDeps, input: ReviewInput, current: ClaimRecord): Promise<ClaimRecord> {
  if (current.status !== ClaimStatus.REVERSAL_HELD) {
    // Decided already: a repeat of the same decision finishes what is left.
    const decided = reversalDecisionOf(current);
    if (decided === undefined || !decided.current || decided.approve !== input.approve) {
      throw new ReviewError(409, `claim ${input.claimId} is ${statusName(current.status)}, not a held reversal`);
    }
    return finish(deps, current, input);
  }
  if (!input.approve && (await negationPosted(deps, current))) {
    const finished = await decideHeldReversal(deps, { ...input, approve: true, reason: `finishing an approval already posted to the ledger (the rejection "${input.reason}" came after it)` }, current);
    throw new ReviewError(409, `claim ${input.claimId}: an earlier approval of this reversal is already on the ledger; it was finished as approved (now ${statusName(finished.status)})`);
  }
  let taken: ClaimRecord;
  try {
    const done = await deps.store.transition(input.claimId, AllowedFrom.REVERSAL_REVIEW, (record) => {
      const traceId = record.events[0]?.traceId ?? "";
      const who = `${input.reviewer}: ${input.approve ? "reversal approved" : "reversal rejected, the settlement stands"}: ${input.reason}`.slice(0, 500);
      const to = input.approve ? ClaimStatus.CANCEL_REQUESTED : ClaimStatus.SETTLED;
      return {
        to,
        events: [claimEvent(input.claimId, to, traceId, Actor.REGULATOR, who)],
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
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) && err.current !== undefined) {
      // Decided meanwhile: the same decision is a repeat; another one a conflict.
      return decideHeldReversal(deps, input, err.current);
    }
    if (isClaimStoreError(err) && err.retryable) throw new ReviewError(503, "the claim record is busy or the store unreachable; try again", { cause: err });
    throw err;
  }
  deps.faultPoint?.(DecisionFaultPoint.AFTER_RECORD);
  const next = await finish(deps, taken, input);
  deps.log.info({ claim_id: input.claimId, reviewer: input.reviewer, status: statusName(next.status) }, "held reversal decided by a regulator");
  return next;
}

async function finish(deps: SettleDeps, record: ClaimRecord, input: ReviewInput): Promise<ClaimRecord> {
  try {
    return await finishReversalDecision(deps, record);
  } catch (err) {
    deps.log.warn({ err, claim_id: input.claimId }, "finishing a reversal decision failed; the sweep completes it");
    throw new ReviewError(503, "the decision is taken; finishing it failed for now and will be completed (retry to see it)", { cause: err });
  }
}

/** Whether the claim's reversal entry is on the ledger already (its subject holds a message). */
async function negationPosted(deps: SettleDeps, record: ClaimRecord): Promise<boolean> {
  const jsm = await deps.js.jetstreamManager(false);
  const subject = ledgerSubjectOf(record, LedgerEntryKind.REVERSAL);
  try {
    return (await jsm.streams.getMessage(Streams.LEDGER, { last_by_subj: subject })) !== null;
  } catch (err) {
    throw new ReviewError(503, "the ledger is unreachable; try again", { cause: err });
  }
}
