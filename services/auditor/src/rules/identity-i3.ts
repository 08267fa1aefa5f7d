import { FindingSeverity } from "@tongxing/proto";
import { identityFindings, type AuditRule } from "./rule.js";

/**
 * I3: the patient's share is paid from the personal account and in cash (every province).
 * Checked where the adjudication states psn_part_amt; acct_pay or psn_cash_pay not stated
 * contributes nothing. An unstated psn_part_amt counts as nothing in I2, which then catches a
 * patient's share left out.
 */
export const identityI3: AuditRule = {
  id: "I3",
  severity: FindingSeverity.ERROR,
  description: "psn_part_amt = acct_pay + psn_cash_pay (the same in every province), where psn_part_amt is stated; acct_pay or psn_cash_pay not stated contributes nothing.",
  check({ adjudication: a }) {
    return identityFindings(identityI3, "psn_part_amt differs from acct_pay + psn_cash_pay", [a.acctPay, a.psnCashPay], a.psnPartAmt);
  },
};
