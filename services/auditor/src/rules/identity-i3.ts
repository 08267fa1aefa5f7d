import { FindingSeverity } from "@tongxing/proto";
import { findingUnlessEqual, type AuditRule } from "./rule.js";

/** I3: the patient's share is paid from the personal account and in cash (every province). */
export const identityI3: AuditRule = {
  id: "I3",
  severity: FindingSeverity.ERROR,
  description: "psn_part_amt = acct_pay + psn_cash_pay (the same in every province).",
  check({ adjudication: a }) {
    return findingUnlessEqual(identityI3, "psn_part_amt differs from acct_pay + psn_cash_pay", a.acctPay + a.psnCashPay, a.psnPartAmt);
  },
};
