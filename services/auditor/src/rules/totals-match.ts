import { FindingSeverity, type ClaimTotals, type Adjudication, type Finding } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** The restated totals: wire name, the claim's value, the adjudication's value. */
const RESTATED: readonly (readonly [string, (t: ClaimTotals | undefined) => bigint, (a: Adjudication) => bigint])[] = [
  ["medfee_sumamt", (t) => t?.medfeeSumamt ?? 0n, (a) => a.medfeeSumamt],
  ["fulamt_ownpay_amt", (t) => t?.fulamtOwnpayAmt ?? 0n, (a) => a.fulamtOwnpayAmt],
  ["overlmt_selfpay", (t) => t?.overlmtSelfpay ?? 0n, (a) => a.overlmtSelfpay],
  ["preselfpay_amt", (t) => t?.preselfpayAmt ?? 0n, (a) => a.preselfpayAmt],
  ["inscp_scp_amt", (t) => t?.inscpScpAmt ?? 0n, (a) => a.inscpScpAmt],
];

/**
 * C1: the insured side adjudicated the claim that was submitted, not different totals. Expected is
 * the claim's value, actual the adjudication's; a claim without totals counts as all zero.
 */
export const totalsMatch: AuditRule = {
  id: "C1",
  severity: FindingSeverity.ERROR,
  description:
    "The adjudication restates the claim's totals: its medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and inscp_scp_amt equal the submitted claim's.",
  check({ claim, adjudication }) {
    const out: Finding[] = [];
    for (const [name, submitted, restated] of RESTATED) {
      const expected = submitted(claim.totals);
      const actual = restated(adjudication);
      if (expected !== actual) out.push(finding(totalsMatch, `${name} of the adjudication differs from the claim's ${name}`, expected, actual));
    }
    return out;
  },
};
