import { ClaimKind, FindingSeverity, type Finding } from "@tongxing/proto";
import type { PolicyKind } from "@tongxing/policy";
import { finding, type AuditRule } from "./rule.js";

function kindOf(kind: ClaimKind): PolicyKind {
  return kind === ClaimKind.INPATIENT ? "inpatient" : kind === ClaimKind.PHARMACY ? "pharmacy" : "outpatient";
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * P1: the hub's own recomputation of what the insured region's funds pay, from the submitted
 * claim and the policy in force at the encounter: deductible applied, pooled fund (ratio of what
 * is eligible above the deductible, capped) and the civil-servant subsidy. A difference is held
 * for a regulator (the region may have changed its policy without telling the hub).
 */
export const policyRecompute: AuditRule = {
  id: "P1",
  severity: FindingSeverity.WARNING,
  description:
    "Independent recomputation from the claim and the insured region's policy in force at the encounter: act_pay_dedc = min(deductible, inscp_scp_amt); hifp_pay = min(⌊(inscp_scp_amt − act_pay_dedc) × ratio ‰⌋, cap); cvlserv_pay (insutype 320) = ⌊(eligible − hifp_pay) × subsidy ‰⌋. A difference from the adjudication holds the claim.",
  check({ claim, adjudication: a, policy }) {
    const p = policy.insured;
    if (p === undefined) return [];
    const kind = kindOf(claim.kind);
    const inscp = claim.totals?.inscpScpAmt ?? 0n;
    const dedc = min(max(0n, p.deductibleFen[kind]), inscp);
    const eligible = inscp - dedc;
    const hifp = min((eligible * BigInt(p.poolRatioPermille[kind])) / 1000n, p.hifpCapFen[kind]);
    const cvlserv = claim.person?.insutype === "320" && p.cvlservPermille !== undefined ? ((eligible - hifp) * BigInt(p.cvlservPermille)) / 1000n : 0n;
    const out: Finding[] = [];
    const compare = (name: string, expected: bigint, actual: bigint) => {
      if (expected !== actual) out.push(finding(this, `${name} differs from the recomputation under policy ${p.version} of the insured region`, expected, actual));
    };
    compare("act_pay_dedc", dedc, a.actPayDedc);
    compare("hifp_pay", hifp, a.hifpPay);
    compare("cvlserv_pay", cvlserv, a.cvlservPay);
    return out;
  },
};
