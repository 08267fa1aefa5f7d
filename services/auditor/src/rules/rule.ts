import { create } from "@bufbuild/protobuf";
import { sumStated } from "@tongxing/domain";
import type { InsuredPolicyVersion } from "@tongxing/policy";
import type { EncounterPart, PersonHistory } from "@tongxing/claim-store";
import { FindingSchema, type Adjudication, type Claim, type FamilyBinding, type Filing, type Finding, type FindingSeverity } from "@tongxing/proto";

/** Per-insured-platform conventions the rules need (from the platform's routing entry). */
export interface AuditPolicy {
  /** The insured region's policy in force at the encounter, when the hub has one on file. */
  readonly insured?: InsuredPolicyVersion;
  /**
   * Whether the platform's fund_pay_sumamt includes acct_pay. Provinces differ; identities I2
   * and I4 read it, I1 and I3 hold either way.
   */
  readonly fundIncludesAcct: boolean;
}

/** What every rule sees: the claim as submitted, the insured side's adjudication, the policy. */
export interface AuditContext {
  readonly claim: Claim;
  readonly adjudication: Adjudication;
  readonly policy: AuditPolicy;
  /** What the hub knows beyond this claim (looked up before the rules run). */
  readonly facts?: AuditFacts;
}

/** Cross-claim facts for rules that compare a claim with others. */
export interface AuditFacts {
  /** Another claim already settled for the same institution, encounter and charge batch. */
  readonly otherSettlementOfEncounter?: string;
  /** Another claim of the same submitting platform that already used this claim's msgid. */
  readonly otherClaimOfMsgid?: string;
  /**
   * The person's filings with the insured region, looked up once (see needsFilings) where the
   * policy requires filing (rule F1) or sets a first self-pay share (rule P1).
   */
  readonly filings?: readonly Filing[];
  /** The family-sharing bindings naming the person as beneficiary (looked up when acct_mulaid_pay ≠ 0; rule A2). */
  readonly familyBindings?: readonly FamilyBinding[];
  /** The institution's level from its `institutions` entry; absent when unknown (rule P1 then uses the base ratio). */
  readonly institutionLevel?: string;
  /** When the care took place (end, else begin), epoch ms. */
  readonly encounterAtMs?: number;
  /** Start and end of care, epoch ms (from begntime / endtime). */
  readonly encounterSpanMs?: readonly [number, number];
  /** The person's earlier settled encounters. */
  readonly history?: PersonHistory;
  /** false when the treatment province enforces its networked list and the institution is not on it. */
  readonly institutionListed?: boolean;
  /** The other settled parts (interims, final) of the claim's inpatient stay (rule S2); absent for other kinds. */
  readonly encounterParts?: readonly EncounterPart[];
  /** The insured platform's pre-settlement of the same encounter (rule S1), when the counter asked for one. */
  readonly preSettlement?: Adjudication;
  /** Why the institution may not settle on the day of care, from its registry status ("SUSPENDED since 2026-06-01 on 2026-07-10"). */
  readonly institutionNotSettling?: string;
}

/**
 * One independent check of an adjudication. `check` is pure, returns its findings (none when
 * the adjudication passes) and may throw; the auditor turns a throw into an ERROR finding.
 */
export interface AuditRule {
  /** Stable id, quoted in verdicts and rejections ("I1"). */
  readonly id: string;
  /** ERROR rejects the claim, WARNING holds it for a regulator, INFO is recorded only. */
  readonly severity: FindingSeverity;
  /** One or two sentences: what the rule checks (rendered into docs/audit-rules.md). */
  readonly description: string;
  check(ctx: AuditContext): Finding[];
}

/** How a finding quotes an amount that was not stated (absent is not zero). */
export const ABSENT = "absent";

/**
 * A finding of `rule` with the value it expected and the one it found. Amounts go in as bigint
 * fen and come out as decimal integer text ("12050"), as the verdict's wire format wants; an
 * amount not stated (undefined) comes out as "absent".
 */
export function finding(rule: Pick<AuditRule, "id" | "severity">, message: string, expected: bigint | string | undefined, actual: bigint | string | undefined): Finding {
  return create(FindingSchema, { ruleId: rule.id, severity: rule.severity, message, expected: String(expected ?? ABSENT), actual: String(actual ?? ABSENT) });
}

/**
 * An identity `total = Σ parts` over amounts with presence. An absent part contributes nothing
 * (the identity's documented reading); a total not stated is not checked here (A1 refuses an
 * absent required total; an optional one, e.g. psn_part_amt, has nothing to check). When no
 * part is stated, the sum is "absent", which agrees only with a total of 0.
 */
export function identityFindings(rule: Pick<AuditRule, "id" | "severity">, message: string, parts: readonly (bigint | undefined)[], total: bigint | undefined): Finding[] {
  if (total === undefined) return [];
  const sum = sumStated(parts);
  if ((sum ?? 0n) === total) return [];
  return [finding(rule, message, sum, total)];
}

/** One finding when `expected !== actual`, none otherwise: the shape of every identity check. */
export function findingUnlessEqual(rule: Pick<AuditRule, "id" | "severity">, message: string, expected: bigint, actual: bigint): Finding[] {
  return expected === actual ? [] : [finding(rule, message, expected, actual)];
}

/** Whether the rules need the person's filings under this policy: F1 (filing required) or P1 (first self-pay). */
export function needsFilings(insured: InsuredPolicyVersion | undefined): boolean {
  return insured?.filingRequired === true || insured?.firstSelfPay !== undefined;
}
