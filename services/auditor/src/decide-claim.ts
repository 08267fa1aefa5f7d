import type { TransitionStep } from "@tongxing/claim-store";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { ClaimStatus, VerdictOutcome, type ClaimEnvelope } from "@tongxing/proto";
import { auditAdjudication } from "./audit.js";
import type { AuditFacts, AuditPolicy } from "./rules/rule.js";

/**
 * Decides a claim from its envelope, as the claim store's step from the record as it stands: a
 * refusal (by the insured platform or the hub) rejects it; otherwise the adjudication is
 * re-checked and the verdict settles, rejects or holds it. The events are the hops' events the
 * envelope carries (all but intake's RECEIVED, which the record has) and the decision's. Pure
 * apart from the clock; the store writes the record, the caller publishes the result.
 */
export function decideClaim(envelope: ClaimEnvelope, policy: AuditPolicy, now: Date, facts: AuditFacts = {}): TransitionStep {
  const claim = envelope.claim;
  if (claim === undefined) throw new Error("envelope without claim");
  const claimId = claim.claimId;
  const events = envelope.events.filter((e) => e.status !== ClaimStatus.RECEIVED);
  const event = (status: ClaimStatus, detail = "") => claimEvent(claimId, status, envelope.traceId, Actor.AUDITOR, detail);

  let status: ClaimStatus;
  let verdict;
  if (envelope.refusal !== undefined) {
    status = ClaimStatus.REJECTED;
    if (events.at(-1)?.status !== ClaimStatus.REJECTED) {
      events.push(event(status, `${envelope.refusal.code}: ${envelope.refusal.message}`));
    }
  } else if (envelope.adjudication !== undefined) {
    verdict = auditAdjudication({ claim, adjudication: envelope.adjudication, policy, decidedAt: now, facts });
    const rules = verdict.findings.map((f) => f.ruleId).join(",");
    switch (verdict.outcome) {
      case VerdictOutcome.APPROVE:
        events.push(event(ClaimStatus.APPROVED), event(ClaimStatus.SETTLED, envelope.adjudication.setlId));
        status = ClaimStatus.SETTLED;
        break;
      case VerdictOutcome.REJECT:
        events.push(event(ClaimStatus.REJECTED, rules));
        status = ClaimStatus.REJECTED;
        break;
      case VerdictOutcome.HOLD:
        events.push(event(ClaimStatus.HELD, rules));
        status = ClaimStatus.HELD;
        break;
      case VerdictOutcome.UNSPECIFIED:
        throw new Error("audit produced no outcome");
      default: {
        const unknown: never = verdict.outcome;
        throw new Error(`unknown verdict outcome ${String(unknown)}`);
      }
    }
  } else {
    throw new Error("envelope has neither adjudication nor refusal");
  }

  return {
    to: status,
    events,
    set: {
      claim,
      ...(envelope.adjudication === undefined ? {} : { adjudication: envelope.adjudication }),
      ...(verdict === undefined ? {} : { verdict }),
      ...(envelope.refusal === undefined ? {} : { refusal: envelope.refusal }),
    },
  };
}
