import { create } from "@bufbuild/protobuf";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { ClaimStatus, LedgerEntryKind, ReviewDecisionSchema, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { Streams } from "@tongxing/nats";
import { ledgerSubjectOf, postLedgerEntry } from "../ledger/post-ledger-entry.js";
import { publishResult } from "../publish-result.js";
import { fundIncludesAcct, interimNetting } from "../record-settlement.js";
import { ReviewError, type ReviewInput } from "../review/review-error.js";
import type { SettleDeps } from "../settle-deps.js";

/**
 * A regulator's decision on a reversal the insured platform refused (REVERSAL_HELD). Approve:
 * the exact negation goes to the ledger (once: a repeated approval after a crash finds it there),
 * then → CANCELLED. Reject: → SETTLED, the settlement stands and nothing is posted. Either way the
 * submitter is answered and the decision is in the record's events (so in the audit chain).
 * A rejection that finds the negation already on the ledger (an approval that crashed after
 * posting it, before the record said so) is refused with 409: the money has moved, so the
 * approval is finished instead, and the ledger never keeps a negation of a settlement that stands.
 */
export async function decideHeldReversal(deps: SettleDeps, input: ReviewInput, held: ClaimRecord): Promise<ClaimRecord> {
  if (!input.approve && (await negationPosted(deps, held))) {
    const finished = await decideHeldReversal(deps, { ...input, approve: true, reason: `finishing an approval already posted to the ledger (the rejection "${input.reason}" came after it)` }, held);
    throw new ReviewError(409, `claim ${input.claimId}: an earlier approval of this reversal is already on the ledger; it was finished as approved (now ${statusName(finished.status)})`);
  }
  if (input.approve) {
    const includesAcct = fundIncludesAcct(deps, held);
    await postLedgerEntry(deps.js, held, LedgerEntryKind.REVERSAL, includesAcct, await interimNetting(deps, held, includesAcct));
  }
  let next: ClaimRecord;
  try {
    const done = await deps.store.transition(input.claimId, AllowedFrom.REVERSAL_REVIEW, (record) => {
      const traceId = record.events[0]?.traceId ?? "";
      const who = `${input.reviewer}: ${input.approve ? "reversal approved" : "reversal rejected, the settlement stands"}: ${input.reason}`.slice(0, 500);
      const to = input.approve ? ClaimStatus.CANCELLED : ClaimStatus.SETTLED;
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
    next = done.record;
  } catch (err) {
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED)) {
      throw new ReviewError(409, `claim ${input.claimId} is ${statusName(err.status ?? ClaimStatus.UNSPECIFIED)}, not a held reversal`, { cause: err });
    }
    if (isClaimStoreError(err) && err.retryable) throw new ReviewError(503, "the claim record is busy or the store unreachable; try again", { cause: err });
    throw err;
  }
  if (next.claim !== undefined) await publishResult(deps, next, next.claim, next.events[0]?.traceId ?? "");
  // Off the review queue last: a crash before leaves the key, and the decision sweep finishes it.
  await deps.store.closeReview(input.claimId);
  deps.log.info({ claim_id: input.claimId, reviewer: input.reviewer, status: statusName(next.status) }, "held reversal decided by a regulator");
  return next;
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
