import { equality, Severity, type AuditRule } from "./rule.js";

/** I3: the patient's share is paid from the personal account and in cash. */
export const identityI3: AuditRule = {
  id: "I3",
  severity: Severity.ERROR,
  description: "psn_part_amt = acct_pay + psn_cash_pay.",
  check({ adjudication: a }) {
    return equality(this, "psn_part_amt differs from acct_pay + psn_cash_pay", a.acctPay + a.psnCashPay, a.psnPartAmt);
  },
};
