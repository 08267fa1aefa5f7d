import { FindingSeverity } from "@tongxing/proto";
import { identityFindings, type AuditRule } from "./rule.js";

/**
 * I2: who pays the total — the funds, the patient, the hospital. Where the platform's
 * fund_pay_sumamt includes acct_pay, the account is part of the patient's share already and is
 * taken out of the fund total first, so it is not counted twice. A share the adjudication does
 * not state (psn_part_amt, hosp_part_amt, acct_pay) contributes nothing (DOMAIN.md: missing → 0).
 */
export const identityI2: AuditRule = {
  id: "I2",
  severity: FindingSeverity.ERROR,
  description:
    "medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt; where the platform's fund_pay_sumamt includes acct_pay: medfee_sumamt = fund_pay_sumamt − acct_pay + psn_part_amt + hosp_part_amt. psn_part_amt, hosp_part_amt and acct_pay not stated contribute nothing.",
  check({ adjudication: a, policy }) {
    const fund = a.fundPaySumamt === undefined ? undefined : policy.fundIncludesAcct ? a.fundPaySumamt - (a.acctPay ?? 0n) : a.fundPaySumamt;
    const fundText = policy.fundIncludesAcct ? "fund_pay_sumamt − acct_pay" : "fund_pay_sumamt";
    return identityFindings(identityI2, `medfee_sumamt differs from ${fundText} + psn_part_amt + hosp_part_amt`, [fund, a.psnPartAmt, a.hospPartAmt], a.medfeeSumamt);
  },
};
