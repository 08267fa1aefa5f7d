/**
 * The result response (spec §4): a SETTLED, REJECTED or HELD SettlementResult rendered for the
 * treatment side's bus. Every time comes from the result; nothing reads the clock.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import {
  AdjudicationSchema,
  ClaimStatus,
  FindingSeverity,
  type Adjudication,
  type AuditVerdict,
  type Claim,
  type SettlementResult,
} from "@tongxing/proto";
import { negatedAdjudication } from "../negated-adjudication.js";
import { encodeDocument } from "./mapping-encoder.js";
import type { ResultCodes, XmlEsbMapping } from "./mapping-types.js";
import { responseHeadFor, type ResponseHead } from "./response-head.js";
import { sanitizeXmlText } from "./xml-text.js";

/** Why a claim was rejected or held, as `Reject` / `Hold` carry it. */
export interface ReasonView {
  source?: string;
  reasonCode: string;
  reasonMsg: string;
}

/** A settled late claim's answer (补录): what the patient paid in cash, their cash share, the refund owed (fen). */
export interface LateSettlementView {
  windowId: string;
  cashReceiptNo: string;
  cashPaidAmt: bigint;
  /** Absent where the adjudication did not state it. */
  psnCashPay?: bigint;
  /** Negative when the patient paid less than their cash share. */
  refundAmt: bigint;
}

/** Everything the result response says (the mapping's `result` rules name these fields). */
export interface ResultView extends ResponseHead {
  adjudication?: Adjudication;
  lateSetl?: LateSettlementView;
  reject?: ReasonView;
  hold?: ReasonView;
}

const TEXT_ENCODER = new TextEncoder();
const HOUR_MS = 3_600_000;
const UTC_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/;
/** Return codes of a cancel's answer (spec §7.1). */
const CANCEL_CODES = {
  cancelled: { code: "0000", message: "撤销成功" },
  reversalHeld: { code: "2002", message: "撤销待人工审核" },
} as const;
/** Longest ReasonCode written (the mapping's maximum for it). */
const MAX_REASON_CODE = 200;

/** Renders a final result for the claim it answers. Values the envelope cannot hold are left out. */
export function encodeResultMessage(result: SettlementResult, claim: Claim, mapping: XmlEsbMapping): Uint8Array {
  const view = resultViewOf(result, claim, mapping);
  return TEXT_ENCODER.encode(encodeDocument(mapping.result, view as unknown as Record<string, unknown>).xml);
}

/** What the response says for `result`; InvalidInputError on `status` for a non-final status. */
export function resultViewOf(result: SettlementResult, claim: Claim, mapping: XmlEsbMapping): ResultView {
  const codes = mapping.resultCodes;
  const head: ResponseHead = {
    ...responseHeadFor(claim),
    msgId: result.claimId,
    refMsgId: result.msgid === "" ? claim.msgid : result.msgid,
    sender: mapping.hubNode,
    receiver: claim.fixmedinsCode,
    respTime: beijingTimeOf(result.verdict?.decidedAt ?? ""),
  };
  switch (result.status) {
    case ClaimStatus.SETTLED: {
      // A SETTLED result always carries its adjudication; should one not, the block the spec
      // requires is written with its two required totals 0.00 and every other amount left out.
      const adjudication = result.adjudication ?? create(AdjudicationSchema, { medfeeSumamt: 0n, fundPaySumamt: 0n });
      const respTime = adjudication.setlTime === "" ? head.respTime : adjudication.setlTime;
      return { ...head, respTime, retCode: codes.settled.code, retMsg: codes.settled.message, adjudication, ...lateSettlementView(result, claim, adjudication) };
    }
    case ClaimStatus.REJECTED: {
      const refusal = result.refusal;
      if (refusal !== undefined) {
        const reject = { source: codes.refusalSource, reasonCode: fit(refusal.code, MAX_REASON_CODE), reasonMsg: fit(refusal.message, codes.maxReasonLength) };
        return { ...head, ...returnCode(codes.refused.code, codes.refused.message, refusal.message || refusal.code, codes), reject };
      }
      const reason = auditReason(result.verdict, FindingSeverity.ERROR, codes.noRuleRejected, codes);
      return { ...head, ...returnCode(codes.auditRejected.code, codes.auditRejected.message, reason.reasonCode, codes), reject: { source: codes.auditSource, ...reason } };
    }
    case ClaimStatus.HELD: {
      const reason = auditReason(result.verdict, FindingSeverity.WARNING, codes.noRuleHeld, codes);
      return { ...head, ...returnCode(codes.held.code, codes.held.message, reason.reasonCode, codes), hold: reason };
    }
    case ClaimStatus.CANCELLED: {
      // A cancel's answer: the settlement's exact negation, as the national 2208 answer carries it.
      const adjudication = negatedAdjudication(result.adjudication ?? create(AdjudicationSchema));
      return { ...head, retCode: CANCEL_CODES.cancelled.code, retMsg: CANCEL_CODES.cancelled.message, adjudication };
    }
    case ClaimStatus.REVERSAL_HELD: {
      const hold = { reasonCode: "REVERSAL_REFUSED", reasonMsg: `the insured region refused the reversal; held for regulator review (claim ${result.claimId})` };
      return { ...head, ...returnCode(CANCEL_CODES.reversalHeld.code, CANCEL_CODES.reversalHeld.message, hold.reasonCode, codes), hold };
    }
    default:
      throw InvalidInputError.of("status", `cannot render status ${ClaimStatus[result.status] ?? String(result.status)}; only SETTLED, REJECTED, HELD, CANCELLED and REVERSAL_HELD are final`);
  }
}

/** A settled late claim's `LateSetl` (absent for every other claim, and without the cash paid). */
function lateSettlementView(result: SettlementResult, claim: Claim, adjudication: Adjudication): { lateSetl?: LateSettlementView } {
  const late = claim.lateSettlement;
  const refund = result.lateSettlementRefundFen;
  if (late === undefined || refund === undefined || late.cashPaidAmt === undefined) return {};
  return {
    lateSetl: {
      windowId: sanitizeXmlText(late.windowId),
      cashReceiptNo: sanitizeXmlText(late.cashReceiptNo),
      cashPaidAmt: late.cashPaidAmt,
      ...(adjudication.psnCashPay === undefined ? {} : { psnCashPay: adjudication.psnCashPay }),
      refundAmt: refund,
    },
  };
}

function returnCode(code: string, label: string, detail: string, codes: ResultCodes): Pick<ResponseHead, "retCode" | "retMsg"> {
  return { retCode: code, retMsg: fit(detail === "" ? label : `${label}: ${detail}`, codes.maxRetMsgLength) };
}

/**
 * The rule ids and messages of the verdict's findings of at least `severity` (all findings when
 * none is that severe), in order, ids without repeats.
 */
function auditReason(verdict: AuditVerdict | undefined, severity: FindingSeverity, fallback: string, codes: ResultCodes): ReasonView {
  const findings = verdict?.findings ?? [];
  const severe = findings.filter((f) => f.severity >= severity);
  const chosen = severe.length > 0 ? severe : findings;
  const ids = [...new Set(chosen.map((f) => f.ruleId).filter((id) => id !== ""))];
  const messages = chosen.map((f) => (f.ruleId === "" ? f.message : `${f.ruleId}: ${f.message}`));
  return { reasonCode: fit(ids.length === 0 ? fallback : ids.join(","), MAX_REASON_CODE), reasonMsg: fit(messages.join("; "), codes.maxReasonLength) };
}

/** `text` made XML-safe and cut to `max` characters (code points). */
function fit(text: string, max: number): string {
  const safe = sanitizeXmlText(text);
  return safe.length <= max ? safe : Array.from(safe).slice(0, max).join("");
}

/** A verdict's "yyyy-MM-dd HH:mm:ss[.SSS]" UTC as Beijing time (UTC+8), or "" when it is not a time. */
export function beijingTimeOf(utc: string): string {
  const m = UTC_TIME.exec(utc);
  if (m === null) return "";
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return "";
  const local = new Date(ms + 8 * HOUR_MS).toISOString();
  return /^\d{4}-/.test(local) ? `${local.slice(0, 10)} ${local.slice(11, 19)}` : "";
}
