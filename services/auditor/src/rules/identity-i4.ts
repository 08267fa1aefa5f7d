import { FindingSeverity } from "@tongxing/proto";
import { findingUnlessEqual, type AuditRule } from "./rule.js";

/** I4: the fund total is the sum of the individual funds, plus the account where the platform counts it there. */
export const identityI4: AuditRule = {
  id: "I4",
  severity: FindingSeverity.ERROR,
  description:
    "fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay, plus acct_pay where the platform's fund_pay_sumamt includes acct_pay.",
  check({ adjudication: a, policy }) {
    const funds = a.hifpPay + a.cvlservPay + a.hifesPay + a.hifmiPay + a.hifobPay + a.mafPay + a.othPay;
    const expected = policy.fundIncludesAcct ? funds + a.acctPay : funds;
    const partsText = "hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay" + (policy.fundIncludesAcct ? " + acct_pay" : "");
    return findingUnlessEqual(identityI4, `fund_pay_sumamt differs from ${partsText}`, expected, a.fundPaySumamt);
  },
};
