import { FindingSeverity } from "@tongxing/proto";
import { identityFindings, type AuditRule } from "./rule.js";

/**
 * I4: the fund total is the sum of the individual funds, plus the account where the platform
 * counts it there. A fund the adjudication does not state paid nothing; with none stated the
 * identity holds only for a fund total of 0.
 */
export const identityI4: AuditRule = {
  id: "I4",
  severity: FindingSeverity.ERROR,
  description:
    "fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay, plus acct_pay where the platform's fund_pay_sumamt includes acct_pay; a fund (or acct_pay) not stated contributes nothing, and with none stated the identity holds only for a fund total of 0.",
  check({ adjudication: a, policy }) {
    const funds = [a.hifpPay, a.cvlservPay, a.hifesPay, a.hifmiPay, a.hifobPay, a.mafPay, a.othPay];
    const parts = policy.fundIncludesAcct ? [...funds, a.acctPay] : funds;
    const partsText = "hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay" + (policy.fundIncludesAcct ? " + acct_pay" : "");
    return identityFindings(identityI4, `fund_pay_sumamt differs from ${partsText}`, parts, a.fundPaySumamt);
  },
};
