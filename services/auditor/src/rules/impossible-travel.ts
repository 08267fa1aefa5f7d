import { provinceOf } from "@tongxing/domain";
import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** Less time than this between care in two provinces is not a journey one can make. */
export const MIN_TRAVEL_MS = 2 * 60 * 60_000;

/** T1: the same person treated in two provinces closer in time than travel allows (card misuse). */
export const impossibleTravel: AuditRule = {
  id: "T1",
  severity: FindingSeverity.WARNING,
  description: "Care of the same person in two provinces less than 2 hours apart (or at once) is held for review: the card or e-voucher may be used by someone else.",
  check({ claim, facts }) {
    const span = facts?.encounterSpanMs;
    if (span === undefined) return [];
    const here = provinceOf(claim.mdtrtareaAdmvs);
    const other = facts?.history?.encounters.find((e) => {
      if (e.claimId === claim.claimId || provinceOf(e.mdtrtareaAdmvs) === here) return false;
      const gap = Math.max(span[0], e.beginMs) - Math.min(span[1], e.endMs);
      return gap < MIN_TRAVEL_MS;
    });
    return other === undefined ? [] : [finding(this, `treated in ${claim.mdtrtareaAdmvs} within 2 h of care in ${other.mdtrtareaAdmvs} (claim ${other.claimId})`, "≥ 2 h between provinces", other.claimId)];
  },
};
