import { create } from "@bufbuild/protobuf";
import { ClaimStatus, SettlementResultSchema, type ClaimRecord, type SettlementResult } from "@tongxing/proto";
import { lateSettlementRefundFen } from "./late-settlement.js";

/** The submitter's view of a final claim record (without the dialect rendering). */
export function settlementResultOf(record: ClaimRecord): SettlementResult {
  // A settled late claim states the refund owed to the patient who paid in cash.
  const refund = record.status === ClaimStatus.SETTLED ? lateSettlementRefundFen(record.claim, record.adjudication) : undefined;
  return create(SettlementResultSchema, {
    ...(refund === undefined ? {} : { lateSettlementRefundFen: refund }),
    claimId: record.claimId,
    status: record.status,
    msgid: record.claim?.msgid ?? "",
    infno: record.claim?.infno ?? "",
    dialect: record.claim?.dialect ?? "",
    ...(record.adjudication === undefined ? {} : { adjudication: record.adjudication }),
    ...(record.verdict === undefined ? {} : { verdict: record.verdict }),
    ...(record.refusal === undefined ? {} : { refusal: record.refusal }),
  });
}
