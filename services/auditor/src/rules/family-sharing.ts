import { bindingInForce } from "@tongxing/filings";
import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/**
 * A2: family sharing (家庭共济) pays only within the family. A relative's personal account may pay
 * for the claim's person (acct_mulaid_pay) only under a family-sharing binding that the insured
 * platform registered with the hub (FilingRegistry.PutFamilyBinding) naming that person as
 * beneficiary and in force on the day of care. Held, not rejected: a missing binding may be a
 * platform that has not registered it yet, and a regulator decides.
 */
export const familySharing: AuditRule = {
  id: "A2",
  severity: FindingSeverity.WARNING,
  description:
    "acct_mulaid_pay (family sharing, 家庭共济) is 0 unless a family-sharing binding registered by the insured platform names the claim's person as beneficiary of a relative's account (spouse, child, parent) and is in force on the day of care; otherwise the claim is held.",
  check({ claim, adjudication: a, facts }) {
    // Not stated, or 0: no relative's account paid.
    if (a.acctMulaidPay === undefined || a.acctMulaidPay === 0n) return [];
    const at = facts?.encounterAtMs ?? Date.now();
    const bindings = facts?.familyBindings ?? [];
    const psnNo = claim.person?.psnNo ?? "";
    if (bindings.some((b) => b.beneficiaryPsnNo === psnNo && b.insuplcAdmdvs.slice(0, 2) === claim.insuplcAdmdvs.slice(0, 2) && bindingInForce(b, at))) return [];
    return [
      finding(
        this,
        `acct_mulaid_pay is not 0 but no family-sharing binding with ${claim.insuplcAdmdvs} names the person as beneficiary on the day of care (${bindings.length} binding(s), none in force)`,
        0n,
        a.acctMulaidPay,
      ),
    ];
  },
};
