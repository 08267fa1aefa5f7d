import { provinceOf } from "@tongxing/domain";
import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** N1: only institutions on their province's cross-province networked list settle remotely. */
export const networkedInstitution: AuditRule = {
  id: "N1",
  severity: FindingSeverity.ERROR,
  description:
    "Where the treatment province's networked-institution list is complete (enforced), a claim from an institution not on it is rejected: only networked institutions settle cross-province claims directly. In any province, a claim from an institution whose registry status on the day of care is suspended, revoked or not yet networked (InstitutionRegistry) is rejected too (intake refuses it first; this catches a status recorded after the claim was accepted).",
  check({ claim, facts }) {
    if (facts?.institutionNotSettling !== undefined) {
      return [finding(this, `institution ${claim.fixmedinsCode} is ${facts.institutionNotSettling} (the day of care): it may not settle cross-province claims`, "a networked institution", claim.fixmedinsCode)];
    }
    if (facts?.institutionListed !== false) return [];
    return [finding(this, `institution ${claim.fixmedinsCode} is not on the networked list of province ${provinceOf(claim.mdtrtareaAdmvs)}`, "a networked institution", claim.fixmedinsCode)];
  },
};
