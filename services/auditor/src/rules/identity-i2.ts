import { FindingSeverity } from "@tongxing/proto";
import { findingUnlessEqual, type AuditRule } from "./rule.js";

/**
 * I2: who pays the total — the funds, the patient, the hospital. Where the platform's
 * fund_pay_sumamt includes acct_pay, the account is part of the patient's share already and is
 * taken out of the fund total first, so it is not counted twice.
 */
export const identityI2: AuditRule = {
  id: "I2",
  severity: FindingSeverity.ERROR,
  description:
    "medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt; where the platform's fund_pay_sumamt includes acct_pay: medfee_sumamt = fund_pay_sumamt − acct_pay + psn_part_amt + hosp_part_amt.",
  check({ adjudication: a, policy }) {
    const fund = policy.fundIncludesAcct ? a.fundPaySumamt - a.acctPay : a.fundPaySumamt;
    const payers = fund + a.psnPartAmt + a.hospPartAmt;
    const fundText = policy.fundIncludesAcct ? "fund_pay_sumamt − acct_pay" : "fund_pay_sumamt";
    return findingUnlessEqual(identityI2, `medfee_sumamt differs from ${fundText} + psn_part_amt + hosp_part_amt`, payers, a.medfeeSumamt);
  },
};
