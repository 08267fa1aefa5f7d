import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { ClaimStore } from "@tongxing/claim-store";
import { lateSettlementRefundFen, statusName } from "@tongxing/lifecycle";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import { maskIdNumber, maskName } from "@tongxing/telemetry";
import { scopeCovers, type Principal } from "./account.js";

/** A claim's record, or undefined when absent. */
export async function readRecord(store: ClaimStore, claimId: string): Promise<ClaimRecord | undefined> {
  return (await store.read(claimId))?.record;
}

/** Whether the caller's scope covers this claim (a provincial account: treated or insured there). */
export function canSee(principal: Principal, record: ClaimRecord): boolean {
  return scopeCovers(principal.scope, record.claim?.mdtrtareaAdmvs ?? "", record.claim?.insuplcAdmdvs ?? "");
}

/** The amount a claim is decided on, in fen: the adjudicated total, else the submitted one. */
export function claimAmountFen(record: ClaimRecord): bigint {
  return record.adjudication?.medfeeSumamt ?? record.claim?.totals?.medfeeSumamt ?? 0n;
}

/** When the claim was held (its HELD event), in ms since the epoch; undefined if never held. */
export function heldAtMs(record: ClaimRecord): number | undefined {
  const e = record.events.find((x) => x.status === ClaimStatus.HELD);
  return e?.at === undefined ? undefined : timestampDate(e.at).getTime();
}

/**
 * What the console shows of a claim: amounts as integer fen text, times as ISO instants (the page
 * shows them in Asia/Shanghai), personal identifiers masked unless `unmasked`.
 */
export function claimView(record: ClaimRecord, unmasked = false) {
  const c = record.claim;
  const psnNo = c?.person?.psnNo ?? "";
  const psnName = c?.person?.psnName ?? "";
  return {
    claim_id: record.claimId,
    status: statusName(record.status),
    insuplc_admdvs: c?.insuplcAdmdvs ?? "",
    mdtrtarea_admvs: c?.mdtrtareaAdmvs ?? "",
    fixmedins_code: c?.fixmedinsCode ?? "",
    psn_no: unmasked ? psnNo : maskIdNumber(psnNo),
    psn_name: unmasked ? psnName : maskName(psnName),
    medfee_sumamt_fen: claimAmountFen(record).toString(),
    fund_pay_sumamt_fen: (record.adjudication?.fundPaySumamt ?? 0n).toString(),
    findings: (record.verdict?.findings ?? []).map((f) => ({ rule_id: f.ruleId, message: f.message, expected: f.expected, actual: f.actual })),
    late_settlement: lateSettlementView(record),
    review: record.review === undefined ? null : { reviewer: record.review.reviewer, reason: record.review.reason, decided_at: record.review.decidedAt },
    events: record.events.map((e) => ({ status: statusName(e.status), actor: e.actor, detail: e.actor === "regulator" ? e.detail : e.detail.slice(0, 80), at: e.at === undefined ? "" : timestampDate(e.at).toISOString() })),
  };
}
export type ClaimView = ReturnType<typeof claimView>;

/** A late claim's (补录) outage, cash receipt and refund owed to the patient (fen text); null for any other claim. */
function lateSettlementView(record: ClaimRecord) {
  const late = record.claim?.lateSettlement;
  if (late === undefined) return null;
  const refund = record.status === ClaimStatus.SETTLED ? lateSettlementRefundFen(record.claim, record.adjudication) : undefined;
  return {
    flagged_for_audit: true,
    window_id: late.windowId,
    outage_begin: late.outageBegin,
    outage_end: late.outageEnd,
    cash_receipt_no: late.cashReceiptNo,
    cash_medfee_sumamt_fen: late.cashMedfeeSumamt?.toString() ?? null,
    cash_paid_fen: late.cashPaidAmt?.toString() ?? null,
    refund_owed_fen: refund?.toString() ?? null,
  };
}
