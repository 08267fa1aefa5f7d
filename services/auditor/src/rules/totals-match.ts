import { FindingSeverity, type ClaimTotals, type Adjudication, type Finding } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** The restated totals: wire name, the claim's value, the adjudication's value. */
const RESTATED: readonly (readonly [string, (t: ClaimTotals | undefined) => bigint | undefined, (a: Adjudication) => bigint | undefined])[] = [
  ["medfee_sumamt", (t) => t?.medfeeSumamt, (a) => a.medfeeSumamt],
  ["fulamt_ownpay_amt", (t) => t?.fulamtOwnpayAmt, (a) => a.fulamtOwnpayAmt],
  ["overlmt_selfpay", (t) => t?.overlmtSelfpay, (a) => a.overlmtSelfpay],
  ["preselfpay_amt", (t) => t?.preselfpayAmt, (a) => a.preselfpayAmt],
  ["inscp_scp_amt", (t) => t?.inscpScpAmt, (a) => a.inscpScpAmt],
];

/**
 * C1: the insured side adjudicated the claim that was submitted, not different totals. Expected is
 * the claim's value, actual the adjudication's. A split part the claim did not send is the insured
 * side's to state (absent is not zero: it is not compared, and I1 checks the adjudication's split);
 * one the claim sent and the adjudication leaves out is a difference ("absent").
 */
export const totalsMatch: AuditRule = {
  id: "C1",
  severity: FindingSeverity.ERROR,
  description:
    "The adjudication restates the claim's totals: its medfee_sumamt equals the submitted claim's, and so does each of fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and inscp_scp_amt that the claim sent (one it did not send is the insured side's to state; one it sent that the adjudication does not state is a difference; absent is not zero).",
  check({ claim, adjudication }) {
    const out: Finding[] = [];
    for (const [name, submitted, restated] of RESTATED) {
      const expected = submitted(claim.totals);
      const actual = restated(adjudication);
      if (expected !== undefined && expected !== actual) out.push(finding(totalsMatch, `${name} of the adjudication differs from the claim's ${name}`, expected, actual));
    }
    return out;
  },
};
