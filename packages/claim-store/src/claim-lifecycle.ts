import { ClaimStatus } from "@tongxing/proto";

/**
 * Every status change the claim store makes, from → to. `UNSPECIFIED` stands for "no record
 * stored yet". The store refuses (with a plain Error: a bug, not a race) any step not listed;
 * docs/architecture.md has the same table with who asks for each.
 */
export const CLAIM_TRANSITIONS: ReadonlyMap<ClaimStatus, readonly ClaimStatus[]> = new Map<ClaimStatus, readonly ClaimStatus[]>([
  // Intake creates; the auditor decides even a claim whose intake record is missing.
  [ClaimStatus.UNSPECIFIED, [ClaimStatus.RECEIVED, ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]],
  [ClaimStatus.RECEIVED, [ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]],
  [ClaimStatus.ROUTED, [ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]],
  [ClaimStatus.DELIVERED, [ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]],
  [ClaimStatus.ADJUDICATED, [ClaimStatus.SETTLED, ClaimStatus.REJECTED, ClaimStatus.HELD]],
  // A regulator's decision: an approval is taken (APPROVED, carrying the decision), then the
  // ledger entry is posted, then it is SETTLED; a rejection is final at once.
  [ClaimStatus.HELD, [ClaimStatus.APPROVED, ClaimStatus.REJECTED]],
  [ClaimStatus.APPROVED, [ClaimStatus.SETTLED]],
  // A cancel: accepted at the edge, taken up by the auditor (SETTLED → CANCEL_REQUESTED), reversed
  // when the insured platform acknowledges, held for a regulator when it refuses.
  [ClaimStatus.SETTLED, [ClaimStatus.CANCEL_REQUESTED]],
  [ClaimStatus.CANCEL_REQUESTED, [ClaimStatus.CANCELLED, ClaimStatus.REVERSAL_HELD]],
  // A regulator's decision on a refused reversal: an approval is taken (CANCEL_REQUESTED, carrying
  // the decision), then the negation is posted, then it is CANCELLED; reject → the settlement stands.
  // (REVERSAL_HELD → CANCELLED: an approval by an auditor from before the approval was recorded first.)
  [ClaimStatus.REVERSAL_HELD, [ClaimStatus.CANCEL_REQUESTED, ClaimStatus.CANCELLED, ClaimStatus.SETTLED]],
]);

/** Whether the lifecycle allows `from → to`. */
export function isAllowedTransition(from: ClaimStatus, to: ClaimStatus): boolean {
  return CLAIM_TRANSITIONS.get(from)?.includes(to) ?? false;
}

/**
 * The `allowedFrom` sets the hub's callers pass to `transition`, one per kind of step. A status
 * outside the set is a lost race or a repeat: the store answers REFUSED with the record as it is.
 */
export const AllowedFrom = {
  /** The auditor's decision on an adjudication or refusal (settle, reject, hold). */
  DECISION: [ClaimStatus.UNSPECIFIED, ClaimStatus.RECEIVED, ClaimStatus.ROUTED, ClaimStatus.DELIVERED, ClaimStatus.ADJUDICATED],
  /** A regulator's decision on a held claim. */
  REVIEW: [ClaimStatus.HELD],
  /** The settlement of a regulator's approval, once its ledger entry is posted. */
  REVIEW_SETTLEMENT: [ClaimStatus.APPROVED],
  /** A submitter's cancel of its settlement. */
  CANCEL_REQUEST: [ClaimStatus.SETTLED],
  /** The auditor's reversal of a settlement whose cancel was accepted (insured side acknowledged, or refused: held). */
  REVERSAL: [ClaimStatus.CANCEL_REQUESTED],
  /** A regulator's decision on a reversal the insured platform refused. */
  REVERSAL_REVIEW: [ClaimStatus.REVERSAL_HELD],
} as const satisfies Record<string, readonly ClaimStatus[]>;
