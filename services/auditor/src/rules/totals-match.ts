import type { Finding } from "@tongxing/proto";
import { finding, Severity, type AuditRule } from "./rule.js";

/** C1: the insured side adjudicated the claim that was submitted, not different totals. */
export const totalsMatch: AuditRule = {
  id: "C1",
  severity: Severity.ERROR,
  description: "The adjudication restates the claim's totals: medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and inscp_scp_amt equal the submitted ones.",
  check({ claim, adjudication: a }) {
    const t = claim.totals;
    const pairs: [string, bigint, bigint][] = [
      ["medfee_sumamt", t?.medfeeSumamt ?? 0n, a.medfeeSumamt],
      ["fulamt_ownpay_amt", t?.fulamtOwnpayAmt ?? 0n, a.fulamtOwnpayAmt],
      ["overlmt_selfpay", t?.overlmtSelfpay ?? 0n, a.overlmtSelfpay],
      ["preselfpay_amt", t?.preselfpayAmt ?? 0n, a.preselfpayAmt],
      ["inscp_scp_amt", t?.inscpScpAmt ?? 0n, a.inscpScpAmt],
    ];
    const out: Finding[] = [];
    for (const [name, submitted, adjudicated] of pairs) {
      if (submitted !== adjudicated) out.push(finding(this, `${name} of the adjudication differs from the submitted claim`, submitted, adjudicated));
    }
    return out;
  },
};
