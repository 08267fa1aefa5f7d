import { create } from "@bufbuild/protobuf";
import { SettlementResultSchema, type ClaimRecord, type SettlementResult } from "@tongxing/proto";

/** The submitter's view of a final claim record (without the dialect rendering). */
export function settlementResultOf(record: ClaimRecord): SettlementResult {
  return create(SettlementResultSchema, {
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
