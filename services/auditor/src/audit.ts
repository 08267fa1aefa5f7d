import { create } from "@bufbuild/protobuf";
import { AuditVerdictSchema, FindingSeverity, VerdictOutcome, type Adjudication, type AuditVerdict, type Claim, type Finding } from "@tongxing/proto";
import { DEFAULT_RULES, RULESET_VERSION } from "./rules/catalogue.js";
import { finding, type AuditFacts, type AuditPolicy, type AuditRule } from "./rules/rule.js";

/** Input of one audit. */
export interface AuditInput {
  /** The claim as submitted by the treatment side. */
  readonly claim: Claim;
  /** The insured region's adjudication of it. */
  readonly adjudication: Adjudication;
  /** The insured platform's conventions. */
  readonly policy: AuditPolicy;
  readonly facts?: AuditFacts;
  /** Rules to run; DEFAULT_RULES when absent. */
  readonly rules?: readonly AuditRule[];
  /** When the verdict is reached (the caller's clock, so the audit stays pure). */
  readonly decidedAt: Date;
}

/** "yyyy-MM-dd HH:mm:ss.SSS" in UTC. */
function formatDecidedAt(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 23);
}

/** REJECT on any ERROR finding, else HOLD on any WARNING, else APPROVE (INFO is recorded only). */
function outcomeOf(findings: readonly Finding[]): VerdictOutcome {
  if (findings.some((f) => f.severity === FindingSeverity.ERROR)) return VerdictOutcome.REJECT;
  if (findings.some((f) => f.severity === FindingSeverity.WARNING)) return VerdictOutcome.HOLD;
  return VerdictOutcome.APPROVE;
}

/**
 * The auditor's double-check of an adjudication: runs every rule independently and turns the
 * findings into a verdict — REJECT on any ERROR finding, HOLD on any WARNING, APPROVE otherwise.
 * A rule that throws becomes an ERROR finding of that rule ("rule failed: …") and the other rules
 * still run: the auditor never crashes on a rule and never settles a claim it could not check.
 */
export function auditAdjudication(input: AuditInput): AuditVerdict {
  const ctx = { claim: input.claim, adjudication: input.adjudication, policy: input.policy, ...(input.facts === undefined ? {} : { facts: input.facts }) };
  const findings: Finding[] = [];
  for (const rule of input.rules ?? DEFAULT_RULES) {
    try {
      findings.push(...rule.check(ctx));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      findings.push(finding({ id: rule.id, severity: FindingSeverity.ERROR }, `rule failed: ${why}`, "", ""));
    }
  }
  return create(AuditVerdictSchema, {
    claimId: input.claim.claimId,
    outcome: outcomeOf(findings),
    findings,
    rulesetVersion: RULESET_VERSION,
    decidedAt: formatDecidedAt(input.decidedAt),
  });
}
