import { Actor } from "@tongxing/lifecycle";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";

/** A regulator's decision on a claim's latest held reversal, as its record holds it. */
export interface ReversalDecision {
  readonly approve: boolean;
  /** Whether the record still stands where the decision left it or on the way (not moved on since by a later cancel). */
  readonly current: boolean;
}

/**
 * The regulator's decision on the record's latest refused reversal (the first event after its
 * last REVERSAL_HELD event, by a regulator): an approval is `CANCEL_REQUESTED` (recorded before
 * the negation is posted; `CANCELLED` from an auditor older than that), a rejection `SETTLED`.
 * Undefined while the reversal waits (still REVERSAL_HELD) or when the claim never had one.
 * `current`: an approval while the record is CANCEL_REQUESTED or CANCELLED, a rejection while it
 * is SETTLED; a later cancel of a settlement that stood moves it on.
 */
export function reversalDecisionOf(record: ClaimRecord): ReversalDecision | undefined {
  const events = record.events;
  let held = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]?.status === ClaimStatus.REVERSAL_HELD) {
      held = i;
      break;
    }
  }
  const decision = held < 0 ? undefined : events[held + 1];
  if (decision === undefined || decision.actor !== Actor.REGULATOR) return undefined;
  if (decision.status === ClaimStatus.CANCEL_REQUESTED || decision.status === ClaimStatus.CANCELLED) {
    const current = record.status === ClaimStatus.CANCEL_REQUESTED || record.status === ClaimStatus.CANCELLED;
    return { approve: true, current };
  }
  if (decision.status === ClaimStatus.SETTLED) {
    // Still the settlement that stood only while no later cancel was taken up.
    const current = record.status === ClaimStatus.SETTLED && events.slice(held + 2).every((e) => e.status !== ClaimStatus.CANCEL_REQUESTED);
    return { approve: false, current };
  }
  return undefined;
}
