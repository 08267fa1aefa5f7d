import { FindingSeverity } from "@tongxing/proto";
import { findingUnlessEqual, type AuditRule } from "./rule.js";

/**
 * I1: the total splits into in-policy, up-front self-pay, fully self-paid and over-cap amounts.
 * The most portable identity: it holds in every province, whatever its fund convention.
 */
export const identityI1: AuditRule = {
  id: "I1",
  severity: FindingSeverity.ERROR,
  description: "medfee_sumamt = inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay (the same in every province).",
  check({ adjudication: a }) {
    const parts = a.inscpScpAmt + a.preselfpayAmt + a.fulamtOwnpayAmt + a.overlmtSelfpay;
    return findingUnlessEqual(identityI1, "medfee_sumamt differs from inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay", parts, a.medfeeSumamt);
  },
};
