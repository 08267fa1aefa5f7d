import { equality, Severity, type AuditRule } from "./rule.js";

/** I4: the fund total is the sum of the individual funds. */
export const identityI4: AuditRule = {
  id: "I4",
  severity: Severity.ERROR,
  description:
    "fund_pay_sumamt = hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay (+ acct_pay where the platform's fund total includes the account).",
  check({ adjudication: a, policy }) {
    const funds = a.hifpPay + a.cvlservPay + a.hifesPay + a.hifmiPay + a.hifobPay + a.mafPay + a.othPay;
    const expected = policy.fundIncludesAcct ? funds + a.acctPay : funds;
    const how = policy.fundIncludesAcct ? "the sum of the fund payments plus acct_pay" : "the sum of the fund payments";
    return equality(this, `fund_pay_sumamt differs from ${how}`, expected, a.fundPaySumamt);
  },
};
