import { create } from "@bufbuild/protobuf";
import { FindingSchema, FindingSeverity, type Adjudication, type Claim, type Finding } from "@tongxing/proto";

/** Per-insured-platform conventions a rule needs. */
export interface AuditPolicy {
  /** Whether the platform's fund_pay_sumamt includes acct_pay (identities I2, I4). */
  readonly fundIncludesAcct: boolean;
}

/** What every rule sees: the claim as submitted, the insured side's adjudication, the policy. */
export interface AuditContext {
  readonly claim: Claim;
  readonly adjudication: Adjudication;
  readonly policy: AuditPolicy;
}

/** One independent check. A rule returns its findings (none when the claim passes). */
export interface AuditRule {
  /** Stable id, quoted in verdicts and rejections ("I1"). */
  readonly id: string;
  /** ERROR rejects the claim, WARNING holds it for a regulator, INFO is recorded only. */
  readonly severity: FindingSeverity;
  /** One sentence: what the rule checks. */
  readonly description: string;
  check(ctx: AuditContext): Finding[];
}

/** A finding of `rule`, with expected and actual values (fen amounts as integer text). */
export function finding(rule: Pick<AuditRule, "id" | "severity">, message: string, expected: bigint | string, actual: bigint | string): Finding {
  return create(FindingSchema, { ruleId: rule.id, severity: rule.severity, message, expected: String(expected), actual: String(actual) });
}

/** A finding when `expected !== actual`, else none: the shape of every identity check. */
export function equality(rule: Pick<AuditRule, "id" | "severity">, message: string, expected: bigint, actual: bigint): Finding[] {
  return expected === actual ? [] : [finding(rule, message, expected, actual)];
}

export const Severity = FindingSeverity;
