import { create } from "@bufbuild/protobuf";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { ClaimStatus, ReviewDecisionSchema, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { publishResult } from "../publish-result.js";
import { recordSettlement } from "../record-settlement.js";
import type { SettleDeps } from "../settle-deps.js";

/** A regulator's decision as the API received it. */
export interface ReviewInput {
  readonly claimId: string;
  readonly reviewer: string;
  readonly approve: boolean;
  readonly reason: string;
}

/** Why a decision could not be taken; `status` is the HTTP status to answer with. */
export class ReviewError extends Error {
  override readonly name = "ReviewError";
  constructor(
    readonly status: 404 | 409 | 503,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Decides a held claim: approve → SETTLED (ledger entry, result to the submitter), reject →
 * REJECTED. The record keeps who decided, when and why (ReviewDecision and regulator events);
 * the claim store's compare-and-set makes a claim decided once even if two regulators click at
 * once (the second gets 409 with the status the first left).
 */
export async function decideHeldClaim(deps: SettleDeps, input: ReviewInput): Promise<ClaimRecord> {
  let next: ClaimRecord;
  try {
    const done = await deps.store.transition(input.claimId, AllowedFrom.REVIEW, (record) => {
      const traceId = record.events[0]?.traceId ?? "";
      const who = `${input.reviewer}: ${input.reason}`.slice(0, 500);
      return {
        to: input.approve ? ClaimStatus.SETTLED : ClaimStatus.REJECTED,
        events: input.approve
          ? [claimEvent(input.claimId, ClaimStatus.APPROVED, traceId, Actor.REGULATOR, who), claimEvent(input.claimId, ClaimStatus.SETTLED, traceId, Actor.REGULATOR, record.adjudication?.setlId ?? "")]
          : [claimEvent(input.claimId, ClaimStatus.REJECTED, traceId, Actor.REGULATOR, who)],
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
    if (isClaimStoreError(err, ClaimStoreErrorCode.NOT_FOUND)) throw new ReviewError(404, `claim ${input.claimId} not found`, { cause: err });
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED)) {
      throw new ReviewError(409, `claim ${input.claimId} is ${statusName(err.status ?? ClaimStatus.UNSPECIFIED)}, not held for review`, { cause: err });
    }
    if (isClaimStoreError(err) && err.retryable) throw new ReviewError(503, "the claim record is busy or the store unreachable; try again", { cause: err });
    throw err;
  }
  if (input.approve) await recordSettlement(deps, next);
  if (next.claim !== undefined) await publishResult(deps, next, next.claim, next.events[0]?.traceId ?? "");
  deps.log.info({ claim_id: input.claimId, reviewer: input.reviewer, status: statusName(next.status) }, "held claim decided by a regulator");
  return next;
}
