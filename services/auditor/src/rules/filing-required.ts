import { isCrossProvince } from "@tongxing/domain";
import { EMERGENCY_MED_TYPES, filingCovers } from "@tongxing/filings";
import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** F1: cross-province direct settlement needs a filing valid at the encounter, where the insured region requires one. */
export const filingRequired: AuditRule = {
  id: "F1",
  severity: FindingSeverity.ERROR,
  description:
    "Cross-province care needs a filing (备案) with the insured region covering the treatment region (or its whole province) on the day of care, where the insured region's policy requires filing; emergencies (med_type 13, 24) are deemed filed.",
  check({ claim, policy, facts }) {
    if (policy.insured?.filingRequired !== true) return [];
    if (!isCrossProvince(claim.mdtrtareaAdmvs, claim.insuplcAdmdvs)) return [];
    if (EMERGENCY_MED_TYPES.has(claim.encounter?.medType ?? "")) return [];
    const at = facts?.encounterAtMs ?? Date.now();
    if ((facts?.filings ?? []).some((f) => filingCovers(f, claim.mdtrtareaAdmvs, at))) return [];
    return [finding(this, `no filing with ${claim.insuplcAdmdvs} covers care in ${claim.mdtrtareaAdmvs} on the day of the encounter`, "a valid filing", `${facts?.filings?.length ?? 0} filing(s), none covering`)];
  },
};
