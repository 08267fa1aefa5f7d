export { Actor, claimEvent, isFinalStatus, statusName } from "./claim-event.js";
export { deriveClaimId, isClaimId } from "./claim-id.js";
export { settlementResultOf } from "./settlement-result.js";
export { intakeRecord, intakeRecordOfEnvelope } from "./intake-record.js";
export { beijingTimeMs, beijingTimeText, DEFAULT_LATE_SETTLEMENT_MONTHS, lateSettlementDeadlineMs, lateSettlementRefundFen } from "./late-settlement.js";
