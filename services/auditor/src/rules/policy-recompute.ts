import { travellerCategory } from "@tongxing/filings";
import { ClaimKind, FindingSeverity, type Finding } from "@tongxing/proto";
import { firstSelfPayPermille, isRemoteCare, levelFor, poolRatioFor, type PolicyKind, type TravellerCategory } from "@tongxing/policy";
import { finding, type AuditRule } from "./rule.js";

function kindOf(kind: ClaimKind): PolicyKind {
  return kind === ClaimKind.INPATIENT ? "inpatient" : kind === ClaimKind.PHARMACY ? "pharmacy" : "outpatient";
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** What P1 expects of one claim (all fen but the ratios), exported for its tests. */
export interface Recomputation {
  /** undefined for care inside the insured pool (no traveller category applies). */
  readonly category: TravellerCategory | undefined;
  readonly firstSelfPayPermille: number;
  readonly firstSelfPay: bigint;
  readonly ratioPermille: number;
  readonly dedc: bigint;
  readonly hifp: bigint;
  readonly cvlserv: bigint;
}

/**
 * P1: the hub's own recomputation of what the insured region's funds pay, from the submitted
 * claim, the policy in force at the encounter and the person's filings on the day of care. A
 * difference is held for a regulator (the region may have changed its policy without telling
 * the hub).
 */
export const policyRecompute: AuditRule = {
  id: "P1",
  severity: FindingSeverity.WARNING,
  description:
    "Independent recomputation from the claim and the insured region's policy in force at the encounter, all in integer fen, ⌊·⌋ = floor: " +
    "for remote care (treatment admdvs outside the insured pool's first four digits) the traveller category from the person's filings on the day of care (the lookup F1 uses) — long-term resident (none), else referral, else emergency (med_type 13, 24), else other temporary filing, else unfiled — gives the first self-pay share fsp ‰ (0 for long-term residents, unnamed categories and kinds the policy exempts); " +
    "first_self_pay = ⌊inscp_scp_amt × fsp ‰⌋, taken before deductible and ratio; base = inscp_scp_amt − first_self_pay; act_pay_dedc = min(deductible, base); " +
    "ratio ‰ = the med_type's override, else the institution level's for the kind (unfiled care at the policy's unfiled level where set; the level from the institution's entry in the institutions bucket), else the kind's base ratio; " +
    "hifp_pay = min(⌊(base − act_pay_dedc) × ratio ‰⌋, cap); cvlserv_pay (insutype 320) = ⌊(base − act_pay_dedc − hifp_pay) × subsidy ‰⌋. A difference from the adjudication holds the claim; an act_pay_dedc, hifp_pay or cvlserv_pay it does not state agrees only with an expected 0, and inscp_scp_amt stated by neither side holds the claim (nothing to recompute from).",
  check(ctx) {
    const p = ctx.policy.insured;
    if (p === undefined) return [];
    const a = ctx.adjudication;
    if ((ctx.claim.totals?.inscpScpAmt ?? a.inscpScpAmt) === undefined) {
      return [finding(this, "inscp_scp_amt is stated by neither the claim nor the adjudication: there is no in-policy amount to recompute the funds from (absent is not zero)", "stated", undefined)];
    }
    const r = recompute(ctx);
    if (r === undefined) return [];
    const basis = `ratio ${r.ratioPermille} ‰${r.category === undefined ? "" : `, ${r.category} care: first self-pay ${r.firstSelfPayPermille} ‰ = ${r.firstSelfPay} fen`}`;
    const out: Finding[] = [];
    // An amount the adjudication does not state paid nothing: it agrees only with an expected 0.
    const compare = (name: string, expected: bigint, actual: bigint | undefined) => {
      if (expected !== (actual ?? 0n)) out.push(finding(this, `${name} differs from the recomputation under policy ${p.version} of the insured region (${basis})`, expected, actual));
    };
    compare("act_pay_dedc", r.dedc, a.actPayDedc);
    compare("hifp_pay", r.hifp, a.hifpPay);
    compare("cvlserv_pay", r.cvlserv, a.cvlservPay);
    return out;
  },
};

/** P1's expected amounts for a claim (undefined without a policy, or without inscp_scp_amt on either side). */
export function recompute({ claim, adjudication, policy, facts }: Parameters<AuditRule["check"]>[0]): Recomputation | undefined {
  const p = policy.insured;
  if (p === undefined) return undefined;
  const kind = kindOf(claim.kind);
  const medType = claim.encounter?.medType ?? "";
  // The claim's in-policy amount when it sent its split, else the insured side's (absent is not zero).
  const inscp = claim.totals?.inscpScpAmt ?? adjudication.inscpScpAmt;
  if (inscp === undefined) return undefined;
  const at = facts?.encounterAtMs ?? Date.now();
  const category = isRemoteCare(claim.mdtrtareaAdmvs, claim.insuplcAdmdvs) ? travellerCategory(facts?.filings ?? [], claim.mdtrtareaAdmvs, medType, at) : undefined;
  const fspPermille = category === undefined ? 0 : firstSelfPayPermille(p, kind, category);
  const firstSelfPay = (max(0n, inscp) * BigInt(fspPermille)) / 1000n;
  const base = inscp - firstSelfPay;
  const dedc = min(max(0n, p.deductibleFen[kind]), base);
  const eligible = base - dedc;
  const level = category === undefined ? facts?.institutionLevel : levelFor(p, category, facts?.institutionLevel);
  const ratio = poolRatioFor(p, kind, medType, level);
  const hifp = min((eligible * BigInt(ratio)) / 1000n, p.hifpCapFen[kind]);
  const cvlserv = claim.person?.insutype === "320" && p.cvlservPermille !== undefined ? ((eligible - hifp) * BigInt(p.cvlservPermille)) / 1000n : 0n;
  return { category, firstSelfPayPermille: fspPermille, firstSelfPay, ratioPermille: ratio, dedc, hifp, cvlserv };
}
