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

/** The fund components a fund total of 0 must agree with (identity I4's parts, account aside). */
const FUND_COMPONENTS = ["hifpPay", "cvlservPay", "hifesPay", "hifmiPay", "hifobPay", "mafPay", "othPay"] as const satisfies readonly (keyof Adjudication)[];

const isZeroOrAbsent = (v: bigint | undefined) => v === undefined || v === 0n;

/**
 * Proto3 implicit presence on the canonical wire. Code generated from the schema before its
 * amounts gained field presence (the image published before 2026-12-04) leaves an amount of 0 off
 * the wire, and the bytes cannot tell that from an amount not sent. So in canonical (protobuf)
 * form, and only there, a *required* amount that is absent is read as the 0 such a sender meant
 * where the rest of the message agrees that it is 0: `fund_pay_sumamt` when no fund component pays
 * anything, `medfee_sumamt` when no line result bills anything, a per-line result's total and
 * split always (L1 checks them). Where the message disagrees (a fund total absent beside a
 * component that pays), the amount stays absent and is refused as missing. Optional components
 * stay absent, which the rules read as contributing nothing, as 0 would. The text dialects state
 * every amount they carry and keep refusing a missing one. Fills `a` in place and returns it.
 */
export function readImplicitRequiredAmounts(a: Adjudication): Adjudication {
  for (const line of a.feeLines) for (const [, field] of REQUIRED_LINE_RESULT_AMOUNTS) line[field] ??= 0n;
  if (a.fundPaySumamt === undefined && FUND_COMPONENTS.every((f) => isZeroOrAbsent(a[f]))) a.fundPaySumamt = 0n;
  if (a.medfeeSumamt === undefined && a.feeLines.every((l) => l.detItemFeeSumamt === 0n)) a.medfeeSumamt = 0n;
  return a;
}

/**
 * The claim's side of {@link readImplicitRequiredAmounts}: in canonical form an absent line
 * `det_item_fee_sumamt` is read as 0 where its price or quantity is 0, and an absent
 * `totals.medfee_sumamt` (where `totals` is sent) where every line's total is 0; otherwise they stay
 * absent and are refused as missing. Fills `c` in place and returns it.
 */
export function readImplicitRequiredClaimAmounts(c: Claim): Claim {
  for (const line of c.feeLines) if (line.detItemFeeSumamt === undefined && (line.pricE6 === 0n || line.cntE4 === 0n)) line.detItemFeeSumamt = 0n;
  if (c.totals !== undefined && c.totals.medfeeSumamt === undefined && c.feeLines.every((l) => l.detItemFeeSumamt === 0n)) c.totals.medfeeSumamt = 0n;
  return c;
}
