import { createHash } from "node:crypto";
import { LosslessNumber } from "lossless-json";
import { formatFenAsYuan } from "@tongxing/domain";
import { ClaimStatus, type Adjudication, type Claim, type SettlementResult } from "@tongxing/proto";
import { negatedAdjudication } from "../negated-adjudication.js";
import { SETLINFO_AMOUNTS, SETLINFO_TEXTS } from "./setlinfo-fields.js";

/** An amount as a JSON number with exactly two decimals, written from fen (never a float). */
function yuan(fen: bigint): LosslessNumber {
  return new LosslessNumber(formatFenAsYuan(fen));
}

/** "2026-11-24 12:30:00.123" or "2026-11-24 12:30:00" → digits "20261124123000123" (17) */
function compactTime(text: string): string {
  return (text.replace(/\D/g, "") + "00000000000000000").slice(0, 17);
}

/** inf_refmsgid: insured region (6) + time (14) + a 10-digit serial derived from the claim id. */
function refMsgId(claim: Claim, time17: string, claimId: string): string {
  const serial = BigInt("0x" + createHash("sha256").update(claimId).digest("hex").slice(0, 12)) % 10_000_000_000n;
  return (claim.insuplcAdmdvs || "000000") + time17.slice(0, 14) + serial.toString().padStart(10, "0");
}

/**
 * The national setlinfo object of an adjudication, amounts as exact two-decimal numbers; an
 * amount the adjudication does not state is left out (absent is not zero).
 */
export function setlinfo(a: Adjudication, claim: Claim): Record<string, unknown> {
  const out: Record<string, unknown> = {
    setl_id: a.setlId,
    mdtrt_id: claim.encounter?.mdtrtId ?? "",
    psn_no: claim.person?.psnNo ?? "",
    psn_name: claim.person?.psnName ?? "",
    insutype: claim.person?.insutype ?? "",
    med_type: claim.encounter?.medType ?? "",
  };
  for (const [wire, field] of SETLINFO_AMOUNTS) {
    const fen = a[field];
    if (fen !== undefined) out[wire] = yuan(fen);
  }
  for (const [wire, field] of SETLINFO_TEXTS) out[wire] = a[field];
  out.insuplc_admdvs = claim.insuplcAdmdvs;
  out.mdtrtarea_admvs = claim.mdtrtareaAdmvs;
  return out;
}

/**
 * A settled late claim's `output.late_setl`: the cash the patient paid, the patient's cash share
 * of the settlement, and the refund owed (`refd_amt`, negative when the patient paid too little).
 */
function lateSettlementOutput(result: SettlementResult, claim: Claim): { late_setl?: Record<string, unknown> } {
  const late = claim.lateSettlement;
  const refund = result.lateSettlementRefundFen;
  if (late === undefined || refund === undefined || late.cashPaidAmt === undefined) return {};
  return {
    late_setl: {
      win_id: late.windowId,
      cash_rcpt_no: late.cashReceiptNo,
      cash_pay_amt: yuan(late.cashPaidAmt),
      ...(result.adjudication?.psnCashPay === undefined ? {} : { psn_cash_pay: yuan(result.adjudication.psnCashPay) }),
      refd_amt: yuan(refund),
    },
  };
}

function rejectionText(result: SettlementResult): string {
  if (result.refusal !== undefined) return `${result.refusal.code}: ${result.refusal.message}`;
  const findings = result.verdict?.findings ?? [];
  if (findings.length === 0) return "rejected";
  return "rejected by audit: " + findings.map((f) => `[${f.ruleId}] ${f.message}`).join("; ");
}

/**
 * The national response message for a final result. Times come from the result, so the same
 * result always renders to the same bytes.
 */
export function buildResultMessage(result: SettlementResult, claim: Claim): Record<string, unknown> {
  const time = compactTime(result.verdict?.decidedAt || result.adjudication?.setlTime || "");
  const common = { inf_refmsgid: refMsgId(claim, time, result.claimId), refmsg_time: time, respond_time: time };
  switch (result.status) {
    case ClaimStatus.SETTLED:
      if (result.adjudication === undefined) break;
      return { infcode: "0", ...common, err_msg: "", warn_msg: "", output: { setlinfo: setlinfo(result.adjudication, claim), ...lateSettlementOutput(result, claim) } };
    case ClaimStatus.CANCELLED:
      if (result.adjudication === undefined) break;
      // A reversal answers with the exact negation of the settlement, field by field.
      return { infcode: "0", ...common, err_msg: "", warn_msg: "", output: { setlinfo: setlinfo(negatedAdjudication(result.adjudication), claim) } };
    case ClaimStatus.REJECTED:
      return { infcode: "-1", ...common, err_msg: rejectionText(result), warn_msg: "", output: {} };
    case ClaimStatus.HELD: {
      const rules = (result.verdict?.findings ?? []).map((f) => f.ruleId).join(",");
      const text = `held for regulator review (claim ${result.claimId})${rules === "" ? "" : `: ${rules}`}`;
      return { infcode: "-1", ...common, err_msg: text, warn_msg: text, output: {} };
    }
    case ClaimStatus.REVERSAL_HELD: {
      // The cancel is not done: the insured region refused the reversal; a regulator decides.
      const text = `cancel held for regulator review: the insured region refused the reversal (claim ${result.claimId})`;
      return { infcode: "-1", ...common, err_msg: text, warn_msg: text, output: {} };
    }
    default:
      break;
  }
  return { infcode: "-1", ...common, err_msg: `claim ${result.claimId} is not final`, warn_msg: "", output: {} };
}
