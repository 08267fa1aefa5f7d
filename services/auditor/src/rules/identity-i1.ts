import { equality, Severity, type AuditRule } from "./rule.js";

/** I1: the total splits into in-policy, up-front self-pay, fully self-paid and over-cap amounts. */
export const identityI1: AuditRule = {
  id: "I1",
  severity: Severity.ERROR,
  description: "medfee_sumamt = inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay (holds in every province).",
  check({ adjudication: a }) {
    const parts = a.inscpScpAmt + a.preselfpayAmt + a.fulamtOwnpayAmt + a.overlmtSelfpay;
    return equality(this, "medfee_sumamt differs from inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay", parts, a.medfeeSumamt);
  },
};
