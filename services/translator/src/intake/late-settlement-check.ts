import { InvalidInputError } from "@tongxing/domain";
import { beijingTimeMs, beijingTimeText, DEFAULT_LATE_SETTLEMENT_MONTHS, lateSettlementDeadlineMs } from "@tongxing/lifecycle";
import type { Claim } from "@tongxing/proto";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";

/**
 * A late claim (补录重新结算: paid in cash during a maintenance window or outage) is accepted
 * only after its outage ended and within `months` of that end; past the deadline it is refused
 * FAILED_PRECONDITION naming the deadline. An ordinary claim passes untouched.
 */
export function refuseLateSettlementPastDeadline(claim: Claim, nowMs: number, months = DEFAULT_LATE_SETTLEMENT_MONTHS): void {
  const late = claim.lateSettlement;
  if (late === undefined) return;
  const endMs = beijingTimeMs(late.outageEnd);
  if (endMs === undefined) throw InvalidInputError.of("late_settlement.outage_end", 'must be "yyyy-MM-dd HH:mm:ss" or "yyyy-MM-dd" (Beijing time)');
  if (endMs > nowMs) throw InvalidInputError.of("late_settlement.outage_end", `is in the future (${late.outageEnd}): a late claim is submitted after its outage ended`);
  const deadlineMs = lateSettlementDeadlineMs(endMs, months);
  if (nowMs > deadlineMs) {
    throw new HubError(
      HubErrorCode.FAILED_PRECONDITION,
      `late settlement deadline ${beijingTimeText(deadlineMs)} (Beijing time; ${months} months after the outage ended ${late.outageEnd}) has passed: ` +
        "the hub no longer settles this care; the insured region reimburses it by its manual procedure",
    );
  }
}
