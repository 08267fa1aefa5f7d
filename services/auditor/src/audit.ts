import { create } from "@bufbuild/protobuf";
import { AuditVerdictSchema, FindingSeverity, VerdictOutcome, type Adjudication, type AuditVerdict, type Claim, type Finding } from "@tongxing/proto";
import { DEFAULT_RULES, RULESET_VERSION } from "./rules/catalogue.js";
import { finding, type AuditPolicy, type AuditRule } from "./rules/rule.js";

/** Input of one audit. */
export interface AuditInput {
  readonly claim: Claim;
  readonly adjudication: Adjudication;
  readonly policy: AuditPolicy;
  readonly rules?: readonly AuditRule[];
  readonly decidedAt: Date;
}

/** "yyyy-MM-dd HH:mm:ss.SSS" UTC. */
function formatDecidedAt(d: Date): string {
  return d.toISOString().replace("T", " ").slice(0, 23);
}

/**
 * The double-check: runs every rule independently and turns the findings into a verdict —
 * REJECT on any ERROR finding, HOLD on any WARNING, APPROVE otherwise. A rule that throws is
 * itself an ERROR finding: the auditor never settles a claim it could not fully check.
 */
export function auditAdjudication(input: AuditInput): AuditVerdict {
  const ctx = { claim: input.claim, adjudication: input.adjudication, policy: input.policy };
  const findings: Finding[] = [];
  for (const rule of input.rules ?? DEFAULT_RULES) {
    try {
      findings.push(...rule.check(ctx));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      findings.push(finding({ id: rule.id, severity: FindingSeverity.ERROR }, `rule failed: ${why}`, "", ""));
    }
  }
  const outcome = findings.some((f) => f.severity === FindingSeverity.ERROR)
    ? VerdictOutcome.REJECT
    : findings.some((f) => f.severity === FindingSeverity.WARNING)
      ? VerdictOutcome.HOLD
      : VerdictOutcome.APPROVE;
  return create(AuditVerdictSchema, {
    claimId: input.claim.claimId,
    outcome,
    findings,
    rulesetVersion: RULESET_VERSION,
    decidedAt: formatDecidedAt(input.decidedAt),
  });
}
