import { equality, Severity, type AuditRule } from "./rule.js";

/** I2: who pays the total — the funds, the patient, the hospital. */
export const identityI2: AuditRule = {
  id: "I2",
  severity: Severity.ERROR,
  description:
    "medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt; where the platform's fund_pay_sumamt includes acct_pay, acct_pay is taken out of it first.",
  check({ adjudication: a, policy }) {
    const fund = policy.fundIncludesAcct ? a.fundPaySumamt - a.acctPay : a.fundPaySumamt;
    const payers = fund + a.psnPartAmt + a.hospPartAmt;
    const how = policy.fundIncludesAcct ? "(fund_pay_sumamt − acct_pay)" : "fund_pay_sumamt";
    return equality(this, `medfee_sumamt differs from ${how} + psn_part_amt + hosp_part_amt`, payers, a.medfeeSumamt);
  },
};
