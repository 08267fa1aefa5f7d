/**
 * What a final result says in a response record (spec §6.2): return code, status, reason, message,
 * date, and the adjudication whose figures it carries. Times come from the result, never the clock.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimStatus, FindingSeverity, type Adjudication, type AuditVerdict, type Claim, type SettlementResult } from "@tongxing/proto";
import { negatedAdjudication } from "../negated-adjudication.js";
import { utcToBeijingTime } from "./calendar-date.js";
import type { JinbaoMapping, ReplyItem, ReplyOutcome } from "./mapping-types.js";

/** The answers to a cancel file (spec §9): reversed, or refused by the insured side and held. */
const CANCEL_REPLIES = {
  cancelled: { retCode: "0000", status: "CANCELLED", message: "撤销成功" },
  reversalHeld: { retCode: "2002", status: "REVERSAL_HELD", message: "撤销待人工审核: 参保地拒绝冲正" },
} as const satisfies Record<string, ReplyOutcome>;

/** The reply items of a response and the adjudication its amounts come from. */
export interface ResultReply {
  readonly items: Readonly<Record<ReplyItem, string>>;
  readonly adjudication: Adjudication;
}

/** The rule ids and "rule: message" texts of the findings that decided a rejection or hold. */
function decidingFindings(verdict: AuditVerdict | undefined, severities: readonly FindingSeverity[], fallback: string): { ids: string; texts: string } {
  const findings = verdict?.findings ?? [];
  const deciding = findings.filter((f) => severities.includes(f.severity));
  const chosen = deciding.length > 0 ? deciding : findings;
  const ids = [...new Set(chosen.map((f) => f.ruleId).filter((id) => id !== ""))];
  if (ids.length === 0) return { ids: fallback, texts: fallback };
  const texts = chosen.filter((f) => f.ruleId !== "").map((f) => (f.message === "" ? f.ruleId : `${f.ruleId}: ${f.message}`));
  return { ids: ids.join(","), texts: [...new Set(texts)].join("; ") };
}

/** The verdict's decision time as a Beijing time; the raw text when malformed (the encoder then flags it). */
function verdictTime(verdict: AuditVerdict | undefined): string {
  const at = verdict?.decidedAt ?? "";
  return at === "" ? "" : (utcToBeijingTime(at) ?? at);
}

function items(result: SettlementResult, claim: Claim, outcome: ReplyOutcome, reason: string, message: string, date: string): Record<ReplyItem, string> {
  return {
    ref_msgid: result.msgid !== "" ? result.msgid : claim.msgid,
    ret_code: outcome.retCode,
    setl_stas: outcome.status,
    reason_code: reason,
    ret_msg: message,
    warn_msg: "",
    resp_date: date,
  };
}

/** The reply of a SETTLED, REJECTED or HELD result; any other status is refused on `status`. */
export function replyForResult(result: SettlementResult, claim: Claim, mapping: JinbaoMapping): ResultReply {
  const { replies, fallbackRuleIds } = mapping;
  const none = create(AdjudicationSchema);
  switch (result.status) {
    case ClaimStatus.SETTLED: {
      const adjudication = result.adjudication;
      if (adjudication === undefined) throw InvalidInputError.of("adjudication", "is required for a SETTLED result");
      return { items: items(result, claim, replies.settled, "", replies.settled.message, adjudication.setlTime), adjudication };
    }
    case ClaimStatus.REJECTED: {
      const refusal = result.refusal;
      if (refusal !== undefined) {
        const text = refusal.message !== "" ? refusal.message : refusal.code;
        return { items: items(result, claim, replies.refused, refusal.code, replies.refused.message + text, verdictTime(result.verdict)), adjudication: none };
      }
      const f = decidingFindings(result.verdict, [FindingSeverity.ERROR], fallbackRuleIds.rejected);
      return { items: items(result, claim, replies.auditRejected, f.ids, replies.auditRejected.message + f.texts, verdictTime(result.verdict)), adjudication: none };
    }
    case ClaimStatus.HELD: {
      const f = decidingFindings(result.verdict, [FindingSeverity.WARNING, FindingSeverity.ERROR], fallbackRuleIds.held);
      return { items: items(result, claim, replies.held, f.ids, replies.held.message + f.texts, verdictTime(result.verdict)), adjudication: none };
    }
    case ClaimStatus.CANCELLED: {
      // A cancel's answer: the settlement's exact negation (spec §9).
      const adjudication = result.adjudication;
      if (adjudication === undefined) throw InvalidInputError.of("adjudication", "is required for a CANCELLED result");
      return { items: items(result, claim, CANCEL_REPLIES.cancelled, "", CANCEL_REPLIES.cancelled.message, adjudication.setlTime), adjudication: negatedAdjudication(adjudication) };
    }
    case ClaimStatus.REVERSAL_HELD:
      return { items: items(result, claim, CANCEL_REPLIES.reversalHeld, "REVERSAL_REFUSED", CANCEL_REPLIES.reversalHeld.message, verdictTime(result.verdict)), adjudication: none };
    default:
      throw InvalidInputError.of("status", `${ClaimStatus[result.status] ?? String(result.status)} is not a final result (SETTLED, REJECTED, HELD, CANCELLED or REVERSAL_HELD)`);
  }
}
