import { create } from "@bufbuild/protobuf";
import { ClaimStatus, SettlementResultSchema, type PreSettlement, type SettlementResult } from "@tongxing/proto";

/**
 * A pre-settlement's answer in the shape a dialect renders results: the computation as a
 * settlement (SETTLED, setl_id empty: nothing was booked), a refusal as REJECTED. Dialects whose
 * pre-settle answer is their settle answer (national 2206 output is 2207's setlinfo) render this.
 */
export function preSettlementAsResult(p: PreSettlement): SettlementResult {
  const adjudication = p.adjudication;
  return create(SettlementResultSchema, {
    claimId: p.preSettleId,
    msgid: p.claim?.msgid ?? "",
    infno: p.claim?.infno ?? "",
    status: adjudication === undefined ? ClaimStatus.REJECTED : ClaimStatus.SETTLED,
    ...(adjudication === undefined ? {} : { adjudication }),
    ...(p.refusal === undefined ? {} : { refusal: p.refusal }),
  });
}
