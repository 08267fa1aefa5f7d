import { formatFenAsYuan } from "@tongxing/domain";
import { lateSettlementRefundFen } from "@tongxing/lifecycle";
import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/**
 * LS1: a late claim (补录重新结算) is flagged for audit, with its cash receipt compared with the
 * settlement: the refund owed to the patient (cash paid − psn_cash_pay), and the receipt's total
 * against medfee_sumamt. Recorded only (INFO): it does not hold the claim; duplicate settlement of
 * the same encounter is D1's.
 */
export const lateSettlement: AuditRule = {
  id: "LS1",
  severity: FindingSeverity.INFO,
  description:
    "A late claim (补录: care paid in cash during a maintenance window or outage, settled afterwards) is flagged for audit with its outage and cash receipt: the refund owed to the patient (cash paid at the counter − the settlement's psn_cash_pay, fen; negative when the patient paid less than that share) and whether the receipt's total matches medfee_sumamt. Recorded only.",
  check({ claim, adjudication }) {
    const late = claim.lateSettlement;
    if (late === undefined) return [];
    const refund = lateSettlementRefundFen(claim, adjudication);
    const outage = `${late.outageBegin || "?"} – ${late.outageEnd}${late.windowId === "" ? "" : ` (window ${late.windowId})`}`;
    const receipt = late.cashReceiptNo === "" ? "cash receipt" : `cash receipt ${late.cashReceiptNo}`;
    const totalNote =
      late.cashMedfeeSumamt === undefined
        ? "receipt total not given"
        : late.cashMedfeeSumamt === adjudication.medfeeSumamt
          ? "receipt total matches medfee_sumamt"
          : `receipt total ${formatFenAsYuan(late.cashMedfeeSumamt)} ≠ medfee_sumamt ${adjudication.medfeeSumamt === undefined ? "absent" : formatFenAsYuan(adjudication.medfeeSumamt)}`;
    const refundNote =
      refund !== undefined
        ? `refund owed to the patient ${formatFenAsYuan(refund)} yuan (${refund} fen)`
        : late.cashPaidAmt === undefined
          ? "refund unknown (cash paid absent)"
          : "refund unknown (psn_cash_pay absent)";
    return [
      finding(
        this,
        `late settlement of care paid in cash during the outage ${outage}: ${receipt}, ${refundNote}; ${totalNote}`,
        late.cashPaidAmt ?? "absent",
        adjudication.psnCashPay,
      ),
    ];
  },
};
