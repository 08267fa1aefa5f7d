import { REQUIRED_ADJUDICATION_AMOUNTS, type FieldViolation } from "@tongxing/domain";
import type { AdjudicatedFeeLine, Adjudication } from "@tongxing/proto";
import { MAX_FEE_LINES } from "./claim-validation.js";

/** A per-line result's amounts, every one required: the line total and its four-part split. */
export const REQUIRED_LINE_RESULT_AMOUNTS = [
  ["det_item_fee_sumamt", "detItemFeeSumamt"],
  ["fulamt_ownpay_amt", "fulamtOwnpayAmt"],
  ["overlmt_amt", "overlmtAmt"],
  ["preselfpay_amt", "preselfpayAmt"],
  ["inscp_scp_amt", "inscpScpAmt"],
] as const satisfies readonly (readonly [string, keyof AdjudicatedFeeLine])[];

/**
 * Every required amount an adjudication leaves absent, with canonical proto paths
 * (`fund_pay_sumamt`, `fee_lines[2].inscp_scp_amt`). Dialects check the same requirements with
 * their own paths while decoding; this is the check for an adjudication given in canonical form.
 */
export function validateAdjudication(a: Adjudication): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const [wire, field] of REQUIRED_ADJUDICATION_AMOUNTS) {
    if (a[field] === undefined) out.push({ field: wire, description: "is required" });
  }
  if (a.feeLines.length > MAX_FEE_LINES) {
    out.push({ field: "fee_lines", description: `has ${a.feeLines.length} lines; at most ${MAX_FEE_LINES} are accepted` });
    return out;
  }
  a.feeLines.forEach((line, i) => {
    if (line.feedetlSn === "") out.push({ field: `fee_lines[${i}].feedetl_sn`, description: "is required" });
    for (const [wire, field] of REQUIRED_LINE_RESULT_AMOUNTS) {
      if (line[field] === undefined) out.push({ field: `fee_lines[${i}].${wire}`, description: "is required" });
    }
  });
  return out;
}
