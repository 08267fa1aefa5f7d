import { FindingSeverity } from "@tongxing/proto";
import { identityFindings, type AuditRule } from "./rule.js";

/**
 * I1: the total splits into in-policy, up-front self-pay, fully self-paid and over-cap amounts.
 * The most portable identity: it holds in every province, whatever its fund convention. A part
 * the adjudication does not state contributes nothing; none stated holds only for a total of 0.
 */
export const identityI1: AuditRule = {
  id: "I1",
  severity: FindingSeverity.ERROR,
  description:
    "medfee_sumamt = inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay (the same in every province); a part the adjudication does not state contributes nothing, and with none stated the identity holds only for a total of 0.",
  check({ adjudication: a }) {
    return identityFindings(identityI1, "medfee_sumamt differs from inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay", [a.inscpScpAmt, a.preselfpayAmt, a.fulamtOwnpayAmt, a.overlmtSelfpay], a.medfeeSumamt);
  },
};
