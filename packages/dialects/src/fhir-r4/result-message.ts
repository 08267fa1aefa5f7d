/**
 * The ClaimResponse answering a treatment platform (spec §4): a SETTLED, CANCELLED, REJECTED or
 * HELD SettlementResult. Every time comes from the result; nothing reads the clock, so the same
 * result always renders to the same bytes.
 */
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimStatus, FindingSeverity, type AuditVerdict, type Claim, type Finding, type SettlementResult } from "@tongxing/proto";
import { encodeRules } from "./document-encoder.js";
import type { FhirR4Codec } from "./fhir-r4-codec.js";
import { utcToNationalTime } from "./fhir-time.js";
import { toJsonBytes } from "./json-text.js";
import type { FhirR4Mapping } from "./mapping-types.js";
import { responseHead, type ResponseView } from "./response-view.js";

const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
/** Longest text of one error or note, in characters. */
const MAX_NOTE_LENGTH = 1_000;

/** Renders a final result for the claim it answers. Values the resource cannot hold are left out. */
export function encodeResultResource(result: SettlementResult, claim: Claim, codec: FhirR4Codec): Uint8Array {
  const view = resultView(result, claim, codec.mapping);
  return toJsonBytes(encodeRules(codec.claimResponse.rules, view as unknown as Record<string, unknown>, codec.mapping.currency).json);
}

/** What the ClaimResponse says for `result`; InvalidInputError on `status` for a status that is not final. */
export function resultView(result: SettlementResult, claim: Claim, mapping: FhirR4Mapping): ResponseView {
  const texts = mapping.texts;
  const decided = utcToNationalTime(result.verdict?.decidedAt ?? "");
  const view: ResponseView = {
    ...responseHead(claim),
    claimId: result.claimId,
    msgid: result.msgid === "" ? claim.msgid : result.msgid,
    status: "active",
    created: decided,
    outcome: "",
    disposition: "",
    notes: [],
    errors: [],
  };
  const disposition = (label: string, detail: string) => fit(detail === "" ? label : `${label}: ${detail}`, texts.maxDispositionLength);
  switch (result.status) {
    case ClaimStatus.SETTLED:
    case ClaimStatus.CANCELLED: {
      const adjudication = result.adjudication ?? create(AdjudicationSchema);
      const cancelled = result.status === ClaimStatus.CANCELLED;
      return {
        ...view,
        adjudication,
        // The insured side's per-line results, as it answered them (not negated on a reversal: they are the lines' judgement).
        lineResults: adjudication.feeLines,
        ...(cancelled ? {} : lateSettlementOf(result, claim)),
        status: cancelled ? "cancelled" : "active",
        created: adjudication.setlTime === "" ? decided : adjudication.setlTime,
        outcome: "complete",
        disposition: disposition(cancelled ? texts.cancelled : texts.settled, ""),
      };
    }
    case ClaimStatus.REJECTED: {
      const refusal = result.refusal;
      if (refusal !== undefined) {
        const code = asCode(refusal.code, texts.noRuleRejected);
        return {
          ...view,
          outcome: "error",
          disposition: disposition(texts.refused, refusal.message === "" ? code : `${code}: ${fit(refusal.message, MAX_NOTE_LENGTH)}`),
          errors: [{ system: mapping.errorSystems.refusal, code, text: fit(refusal.message, MAX_NOTE_LENGTH) }],
        };
      }
      const findings = deciding(result.verdict, FindingSeverity.ERROR);
      const errors = findings.map((f) => ({ system: mapping.errorSystems.auditRule, code: asCode(f.ruleId, texts.noRuleRejected), text: fit(f.message, MAX_NOTE_LENGTH) }));
      return {
        ...view,
        outcome: "error",
        disposition: disposition(texts.auditRejected, ruleIds(findings, texts.noRuleRejected)),
        errors: errors.length > 0 ? errors : [{ system: mapping.errorSystems.auditRule, code: texts.noRuleRejected, text: "" }],
      };
    }
    case ClaimStatus.HELD: {
      const findings = deciding(result.verdict, FindingSeverity.WARNING);
      const notes = findings.map((f) => ({ text: fit(f.ruleId === "" ? f.message : `${f.ruleId}: ${f.message}`, MAX_NOTE_LENGTH) })).filter((n) => n.text !== "");
      return { ...view, outcome: "queued", disposition: disposition(texts.held, ruleIds(findings, texts.noRuleHeld)), notes };
    }
    case ClaimStatus.REVERSAL_HELD:
      // The insured region refused the reversal: the settlement stands until a regulator decides.
      return { ...view, outcome: "queued", disposition: disposition("reversal refused by the insured region; held for regulator review", result.claimId), notes: [] };
    default:
      throw InvalidInputError.of("status", `cannot render status ${ClaimStatus[result.status] ?? String(result.status)}; only SETTLED, CANCELLED, REVERSAL_HELD, REJECTED and HELD are final`);
  }
}

/** A settled late claim's block and the refund owed (absent for every other claim, and without the cash paid). */
function lateSettlementOf(result: SettlementResult, claim: Claim): Pick<ResponseView, "lateSettlement" | "lateSettlementRefundFen"> {
  const late = claim.lateSettlement;
  const refund = result.lateSettlementRefundFen;
  if (late === undefined || refund === undefined || late.cashPaidAmt === undefined) return {};
  return { lateSettlement: late, lateSettlementRefundFen: refund };
}

/** The findings of at least `severity`, or all of them when none is that severe. */
function deciding(verdict: AuditVerdict | undefined, severity: FindingSeverity): Finding[] {
  const findings = verdict?.findings ?? [];
  const severe = findings.filter((f) => f.severity >= severity);
  return severe.length > 0 ? severe : findings;
}

/** Rule ids in order without repeats, joined by ","; `fallback` when there are none. */
function ruleIds(findings: readonly Finding[], fallback: string): string {
  const ids = [...new Set(findings.map((f) => asCode(f.ruleId, "")).filter((id) => id !== ""))];
  return ids.length === 0 ? fallback : ids.join(",");
}

/** `text` as a FHIR code: white space runs made single spaces, ends trimmed; `fallback` when empty. */
function asCode(text: string, fallback: string): string {
  const code = fit(text, 64).trim().replace(/\s+/g, " ");
  return code === "" ? fallback : code;
}

/** `text` with unpaired surrogates replaced by U+FFFD, cut to `max` characters (code points). */
function fit(text: string, max: number): string {
  const safe = text.replace(LONE_SURROGATE, "\uFFFD");
  return safe.length <= max ? safe : Array.from(safe).slice(0, max).join("");
}
