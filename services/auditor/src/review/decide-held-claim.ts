import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { heldIndexKey } from "@tongxing/nats";
import { ClaimRecordSchema, ClaimStatus, ReviewDecisionSchema, VerdictOutcome, type ClaimRecord } from "@tongxing/proto";
import { publishResult, recordSettlement, releaseEncounter, type SettleDeps } from "../settle-claim.js";

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
  ) {
    super(message);
  }
}

/**
 * Decides a held claim: approve → SETTLED (ledger entry, result to the submitter), reject →
 * REJECTED. The record keeps who decided, when and why (ReviewDecision and a regulator event);
 * compare-and-set on the record makes a claim decided once even if two regulators click at once.
 */
export async function decideHeldClaim(deps: SettleDeps, input: ReviewInput): Promise<ClaimRecord> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const entry = await deps.claims.get(input.claimId);
    const record = entry === null || entry.operation !== "PUT" ? undefined : fromBinary(ClaimRecordSchema, entry.value);
    if (record === undefined || entry === null) throw new ReviewError(404, `claim ${input.claimId} not found`);
    if (record.status !== ClaimStatus.HELD) throw new ReviewError(409, `claim ${input.claimId} is ${statusName(record.status)}, not held for review`);
    const traceId = record.events[0]?.traceId ?? "";
    const who = `${input.reviewer}: ${input.reason}`.slice(0, 500);
    const events = input.approve
      ? [claimEvent(input.claimId, ClaimStatus.APPROVED, traceId, Actor.REGULATOR, who), claimEvent(input.claimId, ClaimStatus.SETTLED, traceId, Actor.REGULATOR, record.adjudication?.setlId ?? "")]
      : [claimEvent(input.claimId, ClaimStatus.REJECTED, traceId, Actor.REGULATOR, who)];
    const next = create(ClaimRecordSchema, {
      ...record,
      status: input.approve ? ClaimStatus.SETTLED : ClaimStatus.REJECTED,
      events: [...record.events, ...events],
      review: create(ReviewDecisionSchema, {
        reviewer: input.reviewer,
        outcome: input.approve ? VerdictOutcome.APPROVE : VerdictOutcome.REJECT,
        reason: input.reason,
        decidedAt: new Date().toISOString().replace("T", " ").slice(0, 23),
      }),
    });
    await deps.chain.append(next.events.slice(record.chainedEvents));
    next.chainedEvents = next.events.length;
    try {
      await deps.claims.update(input.claimId, toBinary(ClaimRecordSchema, next), entry.revision);
    } catch {
      continue;
    }
    if (input.approve) await recordSettlement(deps, next);
    else if (next.claim !== undefined) await releaseEncounter(deps, next.claim);
    await deps.claims.delete(heldIndexKey(input.claimId));
    if (next.claim !== undefined) await publishResult(deps.js, next, next.claim, traceId);
    deps.log.info({ claim_id: input.claimId, reviewer: input.reviewer, status: statusName(next.status) }, "held claim decided by a regulator");
    return next;
  }
  throw new ReviewError(503, "the claim record is contended; try again");
}
