import { REQUIRED_ADJUDICATION_AMOUNTS, type FieldViolation } from "@tongxing/domain";
import type { AdjudicatedFeeLine, Adjudication, Claim } from "@tongxing/proto";
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

/**
 * Proto3 implicit presence on the canonical wire. Code generated from the schema before its
 * amounts gained field presence (the image published before 2026-12-04) leaves an amount of 0 off
 * the wire, and the bytes cannot tell that from an amount not sent. So in canonical (protobuf)
 * form, and only there, a *required* amount that is absent is read as the 0 such a sender meant:
 * the adjudication's `medfee_sumamt` and `fund_pay_sumamt` and each per-line result's total and
 * split. The rules still check it (a fund total of 0 beside fund components that are not is
 * rejected by I4). Optional components stay absent, which the rules read as contributing nothing,
 * as 0 would. The text dialects state every amount they carry and keep refusing a missing one.
 * Fills `a` in place and returns it.
 */
export function readImplicitRequiredAmounts(a: Adjudication): Adjudication {
  for (const [, field] of REQUIRED_ADJUDICATION_AMOUNTS) a[field] ??= 0n;
  for (const line of a.feeLines) for (const [, field] of REQUIRED_LINE_RESULT_AMOUNTS) line[field] ??= 0n;
  return a;
}

/**
 * The claim's side of {@link readImplicitRequiredAmounts}: in canonical form an absent
 * `totals.medfee_sumamt` (where `totals` is sent) and an absent line `det_item_fee_sumamt` are read
 * as 0. Fills `c` in place and returns it.
 */
export function readImplicitRequiredClaimAmounts(c: Claim): Claim {
  if (c.totals !== undefined) c.totals.medfeeSumamt ??= 0n;
  for (const line of c.feeLines) line.detItemFeeSumamt ??= 0n;
  return c;
}
